/// One problem found in an input file, located by file, line and column (or key).
public struct InputIssue: Sendable, Equatable, CustomStringConvertible {
    /// File name as the user knows it, e.g. `cadres.csv`.
    public var file: String
    /// 1-based line; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column (field number in CSV, character in YAML); 0 when unknown.
    public var column: Int
    /// Column name or policy key concerned, if any.
    public var field: String?
    public var message: String
    /// In a workbook: the sheet, so the location reads `cadres!F12` (then `line` is the row and
    /// `column` the column number, and `file` the workbook).
    public var sheet: String?

    public init(file: String, line: Int = 0, column: Int = 0, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    /// `file:line:column: field: message`, like a compiler diagnostic.
    public var description: String {
        if let sheet {
            let cell = line > 0 ? "!" + (column > 0 ? Self.columnLetters(column) : "") + String(line) : ""
            return "\(file): \(sheet)\(cell): " + (field.map { "\($0): " } ?? "") + message
        }
        var location = file
        if line > 0 {
            location += ":\(line)"
            if column > 0 { location += ":\(column)" }
        }
        if let field { return "\(location): \(field): \(message)" }
        return "\(location): \(message)"
    }

    /// A spreadsheet column's letters: 1 → A, 26 → Z, 27 → AA.
    public static func columnLetters(_ n: Int) -> String {
        var n = n, out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }
}

/// Every problem found while reading an instance; thrown when there is at least one.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var issues: [InputIssue]

    public init(_ issues: [InputIssue]) { self.issues = issues }

    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
