import AssignModel
import Foundation

/// An empty instance workbook for a planner to fill in (`plan template`, issue 13): one sheet per
/// instance file with its header (in the chosen language, the other language's name as a comment),
/// drop-down lists for the values of the SPEC's enumerations, a policy sheet with the usual keys,
/// and a sheet of instructions naming every column in both languages. It reads back with
/// `WorkbookReader` once filled in.
public enum TemplateXLSX {
    /// Columns of each file, in SPEC order, and whether each is required.
    static let files: [(file: String, sheet: String, columns: [(name: String, required: Bool)])] = [
        ("units.csv", "units", [("id", true), ("name", true), ("level", true), ("weak", false)]),
        ("posts.csv", "posts", [("id", true), ("unit", true), ("title", true), ("rank", true), ("block", true), ("key", false),
                                ("restricted", false), ("skills", false), ("max_years", false), ("joint", false)]),
        ("cadres.csv", "cadres", [("id", true), ("name", true), ("gender", true), ("birth_year", true), ("home", false), ("unit", true),
                                  ("post", false), ("since", false), ("grade", true), ("skills", false), ("rating", false),
                                  ("wants", false), ("minority", false)]),
        ("pins.csv", "pins", [("cadre", true), ("post", true), ("action", true)]),
        ("scores.csv", "scores", [("cadre", true), ("post", true), ("score", true)]),
        ("relations.csv", "relations", [("cadre", true), ("other", true), ("kind", false)]),
    ]

    /// Vietnamese sheet names (as `WorkbookReader` reads them).
    static let vietnameseSheets = ["units": "Đơn vị", "posts": "Chức danh", "cadres": "Cán bộ", "pins": "Chốt", "scores": "Điểm",
                                   "relations": "Quan hệ", "policy": "Chính sách"]

    /// The enumerations' values by column, in the SPEC's spelling.
    static let lists: [String: (kind: String, values: [String])] = [
        "level": ("level", ["province", "district", "commune"]), "rank": ("rank", ["head", "deputy", "member"]),
        "grade": ("rank", ["head", "deputy", "member"]), "block": ("block", ["party", "state", "front"]),
        "gender": ("gender", ["m", "f"]), "weak": ("boolean", ["1", "0"]), "key": ("boolean", ["1", "0"]),
        "restricted": ("boolean", ["1", "0"]), "minority": ("boolean", ["1", "0"]), "action": ("action", ["fix", "forbid"]),
    ]

    /// The Vietnamese name of a column of `file` (the first one `VietnameseInput` lists), capitalised.
    static func vietnamese(_ column: String, file: String) -> String {
        guard let vi = VietnameseInput.columns[file]?.first(where: { $0.column == column })?.vi else { return column }
        return vi.prefix(1).uppercased() + vi.dropFirst()
    }

    /// The Vietnamese word for a value of `kind` (the first listed), else the value itself.
    static func vietnamese(value: String, kind: String) -> String {
        VietnameseInput.values[kind]?.first { $0.value == value }?.vi ?? value
    }

    public static func data(language: Language = .current) throws -> Data {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plan-template-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("template.xlsx").path
        let book = try XLSXBook(path: path)
        let vi = language == .vi
        for (file, sheet, columns) in files {
            let header = columns.map { vi ? vietnamese($0.name, file: file) : $0.name }
            let comments = columns.map { vi ? $0.name : vietnamese($0.name, file: file) }
            var dropDowns: [Int: [String]] = [:]
            for (c, column) in columns.enumerated() {
                if let list = lists[column.name] {
                    dropDowns[c] = vi ? list.values.map { vietnamese(value: $0, kind: list.kind) } : list.values
                }
            }
            try book.entrySheet(vi ? vietnameseSheets[sheet]! : sheet, header: header, comments: comments, lists: dropDowns)
        }
        let policy: [(String, String)] = [
            ("year", "2025"), ("retirement_age", "{m: 62, f: 60}"), ("max_years", "{head: 8, deputy: 5}"), ("min_years_left", "10"),
            ("min_years_left_exempt", "5"), ("weak_min_rating", "60"), ("non_local_share", "[{level: commune, key: true, min: 0.5}]"),
            ("max_arrivals_per_unit", "3"), ("min_years_in_post", "3"),
        ]
        try book.sheet(vi ? vietnameseSheets["policy"]! : "policy", header: [tr("template.key", language: language), tr("template.value", language: language)],
                       rows: policy.map { [.text($0.0), .text($0.1)] }, maxWidth: 50)
        var help: [[CellValue]] = []
        for (file, sheet, columns) in files {
            for column in columns {
                help.append([.text(vi ? vietnameseSheets[sheet]! : sheet), .text(vietnamese(column.name, file: file)), .text(column.name),
                             .text(tr(column.required ? "template.required" : "template.optional", language: language))])
            }
        }
        try book.sheet(tr("template.sheet.help", language: language),
                       header: [tr("template.sheetColumn", language: language), tr("template.vietnamese", language: language),
                                tr("template.english", language: language), tr("template.requiredColumn", language: language)],
                       rows: help)
        try book.close()
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }
}
