import CSV
import Foundation

/// A CSV file read whole: a header and rows, each row with the line it starts on.
///
/// Parsing is delegated to CSV.swift (RFC 4180 quoting); this type adds what the library does not
/// give: UTF-8 validation with a located error, the byte-order mark spreadsheet programs write,
/// line numbers of records (quoted fields may span lines), duplicate and missing header checks.
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
            issues.append(InputIssue(file: file, message: exists ? "cannot be read" : "file not found"))
            return nil
        }
        return parse(data, file: file, issues: &issues)
    }

    /// Parses CSV bytes; see `read`.
    static func parse(_ data: Data, file: String, issues: inout [InputIssue]) -> CSVTable? {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            issues.append(InputIssue(file: file, message: "file is empty: a header row is needed"))
            return nil
        }
        if let bad = firstInvalidUTF8(bytes) {
            let (line, column) = lineAndColumn(of: bad, in: bytes)
            issues.append(InputIssue(file: file, line: line, column: column,
                                     message: "bytes that are not UTF-8 text (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at offset \(bad)); save the file as UTF-8 CSV"))
            return nil
        }
        if bytes.contains(0) {
            let at = bytes.firstIndex(of: 0)!
            let (line, column) = lineAndColumn(of: at, in: bytes)
            issues.append(InputIssue(file: file, line: line, column: column,
                                     message: "NUL byte: this is not a CSV text file"))
            return nil
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false)
        } catch {
            issues.append(InputIssue(file: file, message: "cannot be parsed as CSV"))
            return nil
        }
        var line = 1
        var header: [String]?
        var rows: [Row] = []
        while let fields = reader.next() {
            let start = line
            line += 1 + fields.reduce(0) { $0 + newlineCount($1) }
            if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if header == nil {
                header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
            } else {
                rows.append(Row(line: start, fields: fields))
            }
        }
        guard let header else {
            issues.append(InputIssue(file: file, message: "file is empty: a header row is needed"))
            return nil
        }
        var columns: [String: Int] = [:]
        var ok = true
        for (i, name) in header.enumerated() {
            if name.isEmpty { continue }
            if let first = columns[name] {
                issues.append(InputIssue(file: file, line: 1, column: i + 1, field: name,
                                         message: "duplicate column header (first at column \(first + 1))"))
                ok = false
            } else {
                columns[name] = i
            }
        }
        if !ok { return nil }
        // A final record that swallowed the rest of the file is the mark of an unclosed quote.
        if let last = rows.last, last.fields.count < header.count,
           last.fields.contains(where: { newlineCount($0) > 0 }) {
            issues.append(InputIssue(file: file, line: last.line,
                                     message: "a quoted field starting on this line is never closed"))
            return nil
        }
        return CSVTable(file: file, header: header, columns: columns, rows: rows)
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
                                     message: "missing column '\(name)' (header has: \(header.filter { !$0.isEmpty }.joined(separator: ", ")))"))
        }
        return missing.isEmpty
    }

    private static func newlineCount(_ s: String) -> Int {
        var n = 0
        var previousCR = false
        for u in s.utf8 {
            if u == 0x0A { if !previousCR { n += 1 } ; previousCR = false }
            else if u == 0x0D { n += 1; previousCR = true }
            else { previousCR = false }
        }
        return n
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
