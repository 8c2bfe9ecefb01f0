import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads an instance from one Excel workbook (.xlsx, issue 13) or OpenDocument spreadsheet (.ods): sheets `units`, `posts`, `cadres`
/// and the optional `pins`, `scores`, `relations` (or their Vietnamese names), each with its header
/// in the first row, as the CSV files of SPEC §3; the policy in a sheet `policy` (a header row
/// `key | value`, then one row per top-level policy key, its value a number or YAML flow syntax such
/// as `{head: 8, deputy: 5}`) or in a policy.yaml beside the workbook. Every problem is located by
/// sheet and cell (`cadres!F12`), as `InstanceReader` locates them in files.
///
/// The workbook is a zip of XML parts (ZIPFoundation, Foundation's XMLParser): the sheet list
/// (`xl/workbook.xml` and its relationships), the shared strings and each worksheet's cells. A
/// number cell is read as Excel stores it (`85`, not a display format); in a year column
/// (`birth_year`, `since`) a date cell — a day number above 3000 — is read as its year.
public enum WorkbookReader {
    /// What each sheet stands for, by its name folded (`VietnameseInput.fold`).
    static let sheetFiles: [String: String] = [
        "units": "units.csv", "don vi": "units.csv",
        "posts": "posts.csv", "chuc danh": "posts.csv",
        "cadres": "cadres.csv", "can bo": "cadres.csv",
        "pins": "pins.csv", "chot": "pins.csv",
        "scores": "scores.csv", "diem": "scores.csv", "diem phu hop": "scores.csv",
        "relations": "relations.csv", "quan he": "relations.csv", "quan he gia dinh": "relations.csv",
        "policy": "policy.yaml", "chinh sach": "policy.yaml",
    ]

    /// Largest uncompressed part read, in bytes (a zip bomb is refused, not expanded).
    static let maxPartBytes = 256 << 20

    /// One worksheet: its name and its non-empty cells by row, each `(column, text, isNumber)`.
    struct Sheet {
        var name: String
        var rows: [(row: Int, cells: [(column: Int, text: String, number: Bool)])]
    }

    /// Reads and validates the instance in the workbook `url`; throws `InputErrors` listing every problem.
    public static func read(_ url: URL) throws -> Instance {
        let book = url.lastPathComponent
        var issues: [InputIssue] = []
        let sheets: [Sheet]
        do {
            sheets = try Self.sheets(url)
        } catch {
            let key = url.pathExtension.lowercased() == "ods" ? "ods.unreadable" : "xlsx.unreadable"
            throw InputErrors([InputIssue(file: book, message: tr(key, ["why": "\(error)"]))])
        }
        var bySheet: [String: Sheet] = [:]
        for sheet in sheets {
            if let file = sheetFiles[VietnameseInput.fold(sheet.name)], bySheet[file] == nil { bySheet[file] = sheet }
        }
        func locate(_ issue: InputIssue) -> InputIssue {
            guard let sheet = bySheet[issue.file] else { return issue }
            var located = issue
            located.file = book
            located.sheet = sheet.name
            return located
        }
        func table(_ file: String, optional: Bool = false) -> CSVTable? {
            guard let sheet = bySheet[file] else {
                if !optional { issues.append(InputIssue(file: book, message: tr("xlsx.missingSheet", ["sheet": String(file.dropLast(4))]))) }
                return nil
            }
            var local: [InputIssue] = []
            let t = CSVTable.table(records(sheet, file: file), file: file, issues: &local)
            issues += local.map(locate)
            return t
        }
        let tables = InstanceReader.Tables(units: table("units.csv"), posts: table("posts.csv"), cadres: table("cadres.csv"),
                                           pins: table("pins.csv", optional: true), scores: table("scores.csv", optional: true),
                                           relations: table("relations.csv", optional: true))
        var policy: Policy?
        if let sheet = bySheet["policy.yaml"] {
            var local: [InputIssue] = []
            let (yaml, keyWidth) = policyYAML(sheet)
            policy = PolicyReader.parse(Data(yaml.utf8), file: "policy.yaml", issues: &local)
            issues += local.map { issue in
                var located = issue
                located.file = book
                located.sheet = sheet.name
                if issue.line > 0 { located.column = issue.column > (keyWidth[issue.line] ?? 0) + 1 ? 2 : 1 }
                return located
            }
        } else {
            let beside = url.deletingLastPathComponent().appendingPathComponent("policy.yaml")
            if FileManager.default.fileExists(atPath: beside.path) {
                policy = PolicyReader.read(beside, issues: &issues)
            } else {
                issues.append(InputIssue(file: book, message: tr("xlsx.noPolicy")))
            }
        }
        var built: [InputIssue] = []
        let instance = InstanceReader.build(tables, policy: policy, issues: &built)
        issues += built.map(locate)
        if !issues.isEmpty { throw InputErrors(issues) }
        return instance!
    }

    /// The sheet's rows as table records: the first non-empty row is the header; every row as wide
    /// as its last cell; a date in a year column as `yyyy-mm-dd`.
    static func records(_ sheet: Sheet, file: String) -> [CSVTable.Row] {
        guard let header = sheet.rows.first else { return [] }
        let names = Dictionary(header.cells.map { ($0.column, VietnameseInput.column($0.text, file: file) ?? $0.text) },
                               uniquingKeysWith: { a, _ in a })
        let yearColumns = Set(names.filter { $0.value == "birth_year" || $0.value == "since" }.map(\.key))
        let width = header.cells.map(\.column).max() ?? 0
        return sheet.rows.map { row in
            var fields = [String](repeating: "", count: max(width, row.cells.map(\.column).max() ?? 0))
            for cell in row.cells {
                var text = cell.text
                if cell.number, yearColumns.contains(cell.column), let serial = Double(text), serial > 3000, serial < 2_958_466 {
                    text = excelDate(serial)
                }
                fields[cell.column - 1] = text
            }
            return CSVTable.Row(line: row.row, fields: fields)
        }
    }

    /// An Excel day number (1900 date system) as `yyyy-mm-dd`.
    static func excelDate(_ serial: Double) -> String {
        let date = Date(timeIntervalSince1970: (serial.rounded(.down) - 25569) * 86400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// The policy sheet as policy.yaml text whose line N is the sheet's row N (`key: value`), and the
    /// width of each line's key (to tell a problem in the key from one in the value).
    static func policyYAML(_ sheet: Sheet) -> (String, [Int: Int]) {
        var lines: [Int: String] = [:]
        var widths: [Int: Int] = [:]
        for (i, row) in sheet.rows.enumerated() {
            let key = row.cells.first { $0.column == 1 }?.text.trimmingCharacters(in: .whitespaces) ?? ""
            let value = row.cells.first { $0.column == 2 }?.text ?? ""
            // The header row `key | value` (or `khóa | giá trị`).
            if i == 0 && ["key", "khoa"].contains(VietnameseInput.fold(key)) { continue }
            if key.isEmpty { continue }
            lines[row.row] = "\(key): \(value.contains(where: \.isNewline) ? "\"\(value)\"" : value)"
            widths[row.row] = key.count
        }
        let last = lines.keys.max() ?? 0
        return ((1...max(1, last)).map { lines[$0] ?? "" }.joined(separator: "\n") + "\n", widths)
    }

    /// Every sheet of a workbook as text rows (row 1 first; a missing row or cell is empty): for
    /// reading back what a command wrote, and for tools.
    public static func sheetTexts(_ url: URL) throws -> [(name: String, rows: [[String]])] {
        try sheets(url).map { sheet in
            let last = sheet.rows.map(\.row).max() ?? 0
            var rows = [[String]](repeating: [], count: last)
            for row in sheet.rows {
                var fields = [String](repeating: "", count: row.cells.map(\.column).max() ?? 0)
                for cell in row.cells { fields[cell.column - 1] = cell.text }
                rows[row.row - 1] = fields
            }
            return (sheet.name, rows)
        }
    }

    // MARK: the workbook's parts

    /// True when `url` names a workbook this reader takes (.xlsx, or LibreOffice's .ods) rather than a folder.
    public static func isWorkbook(_ url: URL) -> Bool { ["xlsx", "ods"].contains(url.pathExtension.lowercased()) }

    /// Every worksheet of the workbook, in workbook order (an .ods file: `OpenDocumentSheets`).
    static func sheets(_ url: URL) throws -> [Sheet] {
        if url.pathExtension.lowercased() == "ods" { return try OpenDocumentSheets.sheets(url) }
        let archive = try Archive(url: url, accessMode: .read)
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize <= UInt64(maxPartBytes) else { throw WorkbookError(tr("xlsx.tooLarge", ["part": path])) }
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            return data
        }
        guard let workbook = try part("xl/workbook.xml") else { throw WorkbookError(tr("xlsx.notWorkbook")) }
        let listed = XMLCollector(workbook).elements("sheet").map { ($0["name"] ?? "", $0["r:id"] ?? "") }
        var targets: [String: String] = [:]
        if let rels = try part("xl/_rels/workbook.xml.rels") {
            for r in XMLCollector(rels).elements("Relationship") { targets[r["Id"] ?? ""] = r["Target"] ?? "" }
        }
        let shared = try part("xl/sharedStrings.xml").map { SharedStrings($0).strings } ?? []
        return try listed.compactMap { name, id in
            guard var target = targets[id] else { return nil }
            if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
            guard let data = try part(target) else { return nil }
            return Sheet(name: name, rows: SheetCells(data, shared: shared).rows)
        }
    }
}

/// A workbook that cannot be read as one.
struct WorkbookError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The attributes of every element of one name in an XML part (the sheet list, relationships).
final class XMLCollector: NSObject, XMLParserDelegate {
    private var found: [(name: String, attributes: [String: String])] = []

    init(_ data: Data) {
        super.init()
        let parser = XMLParser(data: data)
        parser.delegate = self
        parser.parse()
    }

    func elements(_ name: String) -> [[String: String]] { found.filter { $0.name == name }.map(\.attributes) }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        found.append((elementName, attributes))
    }
}

/// The shared strings part: each `<si>` the text of all its `<t>` (rich text runs joined).
final class SharedStrings: NSObject, XMLParserDelegate {
    private(set) var strings: [String] = []
    private var current = "", inText = false, inPhonetic = false

    init(_ data: Data) {
        super.init()
        let parser = XMLParser(data: data)
        parser.delegate = self
        parser.parse()
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        switch elementName {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

/// A worksheet's non-empty cells by row: shared strings, inline strings, numbers, booleans and
/// formula results as text.
final class SheetCells: NSObject, XMLParserDelegate {
    private(set) var rows: [(row: Int, cells: [(column: Int, text: String, number: Bool)])] = []
    private let shared: [String]
    private var rowNumber = 0, column = 0, type = "", value = "", inValue = false
    private var cells: [(column: Int, text: String, number: Bool)] = []

    init(_ data: Data, shared: [String]) {
        self.shared = shared
        super.init()
        let parser = XMLParser(data: data)
        parser.delegate = self
        parser.parse()
    }

    /// The column number of a cell reference such as `F12`.
    static func column(of reference: String) -> Int {
        var n = 0
        for ch in reference.unicodeScalars {
            guard ch.value >= 65 && ch.value <= 90 else { break }
            n = n * 26 + Int(ch.value - 64)
        }
        return n
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        switch elementName {
        case "row":
            rowNumber = Int(attributes["r"] ?? "") ?? rowNumber + 1
            cells = []
            column = 0
        case "c":
            column = attributes["r"].map(Self.column(of:)) ?? column + 1
            type = attributes["t"] ?? "n"
            value = ""
        case "v", "t":
            inValue = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { value += string } }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName {
        case "v", "t": inValue = false
        case "c":
            var text = value
            if type == "s" { text = Int(value).flatMap { $0 >= 0 && $0 < shared.count ? shared[$0] : nil } ?? "" }
            if !text.trimmingCharacters(in: .whitespaces).isEmpty && column > 0 {
                cells.append((column, text, type == "n"))
            }
        case "row":
            if !cells.isEmpty { rows.append((rowNumber, cells)) }
        default: break
        }
    }
}
