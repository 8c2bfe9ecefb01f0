import Foundation

/// A CSV file read whole: a header and rows, each row with the line it starts on.
///
/// A strict RFC 4180 reader over the file's bytes. It is written here rather than taken from a
/// library because the libraries at hand accept malformed quoting silently: CSV.swift 2.5.2 reads
/// an unclosed quote by swallowing the following rows into one field (rows disappear without a
/// word; see `InputValidationTests.unclosedQuoteIsReported`) and drops the character after a lone
/// quote inside a quoted field, and neither it nor SwiftCSV reports where a record starts. Here
/// every problem is located by line and field: bytes that are not UTF-8, an unclosed quote, text
/// after a closing quote. A UTF-8 byte-order mark, CRLF or CR line ends and blank lines are accepted;
/// a quote inside an unquoted field is kept as written (as spreadsheet programs and Python do).
struct CSVTable {
    struct Row {
        var line: Int
        var fields: [String]
    }

    let file: String
    let header: [String]
    private let columns: [String: Int]
    let rows: [Row]

    /// Reads `url`, reporting problems to `issues` under the name `file`; nil if nothing usable was read.
    static func read(_ url: URL, file: String, issues: inout [InputIssue]) -> CSVTable? {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let exists = FileManager.default.fileExists(atPath: url.path)
            issues.append(InputIssue(file: file, message: exists ? tr("pol.cannotRead") : tr("pol.notFound")))
            return nil
        }
        return parse(data, file: file, issues: &issues)
    }

    /// A problem that stops reading a file, located by line and field.
    private struct SyntaxError: Error {
        var line: Int
        var field: Int
        var message: String
    }

    /// Parses CSV bytes; see `read`.
    static func parse(_ data: Data, file: String, issues: inout [InputIssue]) -> CSVTable? {
        var data = data
        // A spreadsheet's "Unicode text" export: UTF-16 with a byte-order mark, read as such.
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            let little = data.starts(with: [0xFF, 0xFE])
            guard let text = String(data: data.dropFirst(2), encoding: little ? .utf16LittleEndian : .utf16BigEndian) else {
                issues.append(InputIssue(file: file, message: tr("csv.badUTF16")))
                return nil
            }
            data = Data(text.utf8)
        }
        let separator = Self.separator(of: data)
        var records: [Row] = []
        do {
            records = try data.withUnsafeBytes { raw in
                try splitRecords(raw.bindMemory(to: UInt8.self), separator: separator)
            }
        } catch let e as SyntaxError {
            issues.append(InputIssue(file: file, line: e.line, column: e.field, message: e.message))
            return nil
        } catch {
            issues.append(InputIssue(file: file, message: tr("csv.unparsable")))
            return nil
        }
        return table(records, file: file, issues: &issues)
    }

    /// A table from records already split into fields (a CSV file's, or a workbook sheet's rows):
    /// the first is the header; Vietnamese column names read as the SPEC's.
    static func table(_ records: [Row], file: String, issues: inout [InputIssue]) -> CSVTable? {
        guard let first = records.first else {
            issues.append(InputIssue(file: file, message: tr("csv.empty")))
            return nil
        }
        // A Vietnamese column name (VietnameseInput) reads as the SPEC's column.
        let header = first.fields.map { field -> String in
            let name = field.trimmed
            return VietnameseInput.column(name, file: file) ?? name
        }
        var columns: [String: Int] = [:]
        var ok = true
        for (i, name) in header.enumerated() {
            if name.isEmpty { continue }
            if let firstIndex = columns[name] {
                issues.append(InputIssue(file: file, line: first.line, column: i + 1, field: name,
                                         message: tr("csv.duplicateColumn", ["first": String(firstIndex + 1)])))
                ok = false
            } else {
                columns[name] = i
            }
        }
        if !ok { return nil }
        return CSVTable(file: file, header: header, columns: columns, rows: Array(records.dropFirst()))
    }

    /// The field separator: `;` when the header line (outside quotes) has semicolons and no comma
    /// (a spreadsheet saved with a Vietnamese or European list separator), else `,`.
    static func separator(of data: Data) -> UInt8 {
        var commas = 0, semicolons = 0, quoted = false
        for b in data.prefix(64 * 1024) {
            if b == 0x22 { quoted.toggle() }
            if quoted { continue }
            if b == 0x0A || b == 0x0D { break }
            if b == 0x2C { commas += 1 } else if b == 0x3B { semicolons += 1 }
        }
        return commas == 0 && semicolons > 0 ? 0x3B : 0x2C
    }

    /// Splits the bytes into records at `separator`; blank lines and rows whose fields are all
    /// empty (a spreadsheet's formatted but empty rows) are skipped.
    private static func splitRecords(_ bytes: UnsafeBufferPointer<UInt8>, separator comma: UInt8) throws -> [Row] {
        let quote: UInt8 = 0x22, lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        let n = bytes.count
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var rows: [Row] = []
        var fields: [String] = []
        var recordLine = 1
        var buffer: [UInt8] = []

        func text(_ slice: UnsafeBufferPointer<UInt8>.SubSequence, field: Int, startLine: Int) throws -> String {
            let buffer = UnsafeBufferPointer(rebasing: slice)
            var ascii = true
            for b in buffer where b >= 0x80 || b == 0 {
                if b == 0 { throw SyntaxError(line: startLine, field: field, message: tr("csv.nul")) }
                ascii = false
            }
            if ascii { return String(decoding: buffer, as: UTF8.self) }
            if let s = String(validating: buffer, as: UTF8.self) { return s }
            let bytes = Array(slice)
            let bad = firstInvalidUTF8(bytes).map { " (byte 0x\(String(bytes[$0], radix: 16, uppercase: true)))" } ?? ""
            throw SyntaxError(line: startLine, field: field,
                              message: tr("csv.notUTF8", ["field": String(field), "bad": bad]))
        }

        while i < n {
            // One field starts at i.
            let field = fields.count + 1
            if fields.isEmpty { recordLine = line }
            if bytes[i] == quote {
                let openLine = line
                buffer.removeAll(keepingCapacity: true)
                i += 1
                var closed = false
                while i < n {
                    let b = bytes[i]
                    if b == quote {
                        if i + 1 < n && bytes[i + 1] == quote { buffer.append(quote); i += 2; continue }
                        i += 1
                        closed = true
                        break
                    }
                    if b == lf || (b == cr && !(i + 1 < n && bytes[i + 1] == lf)) { line += 1 }
                    buffer.append(b)
                    i += 1
                }
                guard closed else {
                    throw SyntaxError(line: openLine, field: field,
                                      message: tr("csv.unclosed", ["line": String(openLine), "field": String(field)]))
                }
                if i < n && bytes[i] != comma && bytes[i] != lf && bytes[i] != cr {
                    throw SyntaxError(line: openLine, field: field,
                                      message: tr("csv.afterQuote", ["line": String(openLine), "field": String(field), "closed": String(line)]))
                }
                fields.append(try buffer.withUnsafeBufferPointer { try text($0[...], field: field, startLine: openLine) })
            } else {
                let start = i
                while i < n && bytes[i] != comma && bytes[i] != lf && bytes[i] != cr { i += 1 }
                fields.append(try text(bytes[start..<i], field: field, startLine: line))
            }
            // After a field: a comma, a line end, or the end of the file.
            if i < n && bytes[i] == comma {
                i += 1
                if i == n { fields.append("") }
                continue
            }
            if i < n && bytes[i] == cr { i += 1 }
            if i < n && bytes[i] == lf { i += 1 }
            if !fields.allSatisfy({ $0.allSatisfy { $0 == " " || $0 == "\t" } }) {
                rows.append(Row(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
            line += 1
        }
        if !fields.isEmpty && !fields.allSatisfy({ $0.allSatisfy { $0 == " " || $0 == "\t" } }) {
            rows.append(Row(line: recordLine, fields: fields))
        }
        return rows
    }

    private init(file: String, header: [String], columns: [String: Int], rows: [Row]) {
        self.file = file
        self.header = header
        self.columns = columns
        self.rows = rows
    }

    /// 0-based index of a column, if present.
    func column(_ name: String) -> Int? { columns[name] }

    /// Reports every name of `required` that the header lacks; true if none is missing.
    func requireColumns(_ required: [String], issues: inout [InputIssue]) -> Bool {
        let missing = required.filter { columns[$0] == nil }
        for name in missing {
            issues.append(InputIssue(file: file, line: 1, field: name,
                                     message: tr("csv.missingColumn", ["name": name, "header": header.filter { !$0.isEmpty }.joined(separator: ", ")])))
        }
        return missing.isEmpty
    }

    /// Offset of the first byte that breaks UTF-8, or nil if the bytes are valid.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let len: Int
            let minScalar: UInt32
            var scalar: UInt32
            if b & 0xE0 == 0xC0 { len = 2; scalar = UInt32(b & 0x1F); minScalar = 0x80 }
            else if b & 0xF0 == 0xE0 { len = 3; scalar = UInt32(b & 0x0F); minScalar = 0x800 }
            else if b & 0xF8 == 0xF0 { len = 4; scalar = UInt32(b & 0x07); minScalar = 0x10000 }
            else { return i }
            guard i + len <= n else { return i }
            for k in 1..<len {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minScalar || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += len
        }
        return nil
    }

    /// 1-based line and character column of byte `offset`.
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        for i in 0..<offset where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        let column = bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count + 1
        return (line, column)
    }
}

extension StringProtocol {
    /// The text without leading and trailing blanks (space, tab, CR, LF, no-break space); a fast
    /// path for the common case of nothing to trim, used on every CSV value.
    var trimmed: String {
        func blank(_ u: Unicode.Scalar) -> Bool {
            u == " " || u == "\t" || u == "\r" || u == "\n" || u == "\u{00A0}"
        }
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return "" }
        if !blank(first) && !blank(last) { return String(self) }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end && blank(scalars[start]) { start = scalars.index(after: start) }
        while end > start && blank(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[start..<end])
        return String(out)
    }
}
