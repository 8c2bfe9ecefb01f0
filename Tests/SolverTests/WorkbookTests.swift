import AssignModel
import Foundation
import Solver
import Testing
import ZIPFoundation

/// Writes minimal .xlsx workbooks for tests: shared strings for text, numbers as numbers.
enum XLSXFixture {
    enum Cell { case text(String), number(String) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Writes `sheets` (name, rows of cells; nil cells are left empty) to `url`.
    static func write(_ sheets: [(name: String, rows: [[Cell?]])], to url: URL) throws {
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        var shared: [String] = [], index: [String: Int] = [:]
        func sharedIndex(_ s: String) -> Int {
            if let i = index[s] { return i }
            index[s] = shared.count
            shared.append(s)
            return shared.count - 1
        }
        var sheetXML: [String] = []
        for sheet in sheets {
            var rows = ""
            for (r, row) in sheet.rows.enumerated() {
                rows += "<row r=\"\(r + 1)\">"
                for (c, cell) in row.enumerated() {
                    guard let cell else { continue }
                    let ref = InputIssue.columnLetters(c + 1) + String(r + 1)
                    switch cell {
                    case .text(let s): rows += "<c r=\"\(ref)\" t=\"s\"><v>\(sharedIndex(s))</v></c>"
                    case .number(let n): rows += "<c r=\"\(ref)\"><v>\(n)</v></c>"
                    }
                }
                rows += "</row>"
            }
            sheetXML.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>\(rows)</sheetData></worksheet>")
        }
        // Content types and the package relationship: what Excel and LibreOffice need to take the file as a workbook.
        let main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        try add("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(main).sheet.main+xml\"/>"
            + sheets.indices.map { "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"\(main).worksheet+xml\"/>" }.joined()
            + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(main).sharedStrings+xml\"/></Types>")
        try add("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")
        try add("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
            + sheets.enumerated().map { "<sheet name=\"\(escape($0.element.name))\" sheetId=\"\($0.offset + 1)\" r:id=\"rId\($0.offset + 1)\"/>" }.joined()
            + "</sheets></workbook>")
        try add("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined()
            + "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>")
        for (i, xml) in sheetXML.enumerated() { try add("xl/worksheets/sheet\(i + 1).xml", xml) }
        try add("xl/sharedStrings.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + shared.map { "<si><t xml:space=\"preserve\">\(escape($0))</t></si>" }.joined() + "</sst>")
    }

    /// RFC 4180 fields of one CSV line (no newline inside a field).
    static func fields(_ line: String) -> [String] {
        var out: [String] = [], current = "", quoted = false
        var chars = Array(line)[...]
        while let ch = chars.popFirst() {
            if quoted {
                if ch == "\"" { if chars.first == "\"" { current.append("\""); chars.removeFirst() } else { quoted = false } }
                else { current.append(ch) }
            } else if ch == "\"" { quoted = true }
            else if ch == "," { out.append(current); current = "" }
            else { current.append(ch) }
        }
        out.append(current)
        return out
    }

    /// A CSV file as sheet rows: whole numbers as number cells, the rest as text.
    static func rows(csv text: String) -> [[Cell?]] {
        text.split(whereSeparator: \.isNewline).map { line in
            fields(String(line).trimmingCharacters(in: .init(charactersIn: "\r\u{FEFF}"))).map { f in
                f.isEmpty ? nil : (Int(f) != nil ? .number(f) : .text(f))
            }
        }
    }

    /// An example's CSV files as a workbook `name.xlsx` in `dir`, with its policy.yaml beside it.
    static func workbook(of example: URL, in dir: URL) throws -> URL {
        var sheets: [(name: String, rows: [[Cell?]])] = []
        for file in ["units", "posts", "cadres", "pins", "scores", "relations"] {
            let url = example.appendingPathComponent(file + ".csv")
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            sheets.append((file, rows(csv: try String(contentsOf: url, encoding: .utf8))))
        }
        let book = dir.appendingPathComponent(example.lastPathComponent + ".xlsx")
        try write(sheets, to: book)
        try FileManager.default.copyItem(at: example.appendingPathComponent("policy.yaml"), to: dir.appendingPathComponent("policy.yaml"))
        return book
    }

    /// The tiny example as a workbook at `url` with three problems planted — C02's rating 185 (cadres!K3),
    /// C03's gender 'x' (cadres!C4), max_moves 'many' (policy!B3) — and `edit` applied to the cadres sheet.
    static func brokenTiny(at url: URL, edit: (inout [[Cell?]]) -> Void = { _ in }) throws {
        let folder = Examples.root.appendingPathComponent("tiny")
        func csv(_ name: String) throws -> [[Cell?]] {
            rows(csv: try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        }
        var cadres = try csv("cadres.csv")
        cadres[2][10] = .number("185")          // C02's rating, column K, row 3
        cadres[3][2] = .text("x")              // C03's gender, column C, row 4
        edit(&cadres)
        let policy: [[Cell?]] = [[.text("key"), .text("value")], [.text("year"), .number("2025")], [.text("max_moves"), .text("many")]]
        try write([("units", try csv("units.csv")), ("posts", try csv("posts.csv")), ("cadres", cadres), ("policy", policy)], to: url)
    }
}

@Suite("Excel workbooks in")
struct WorkbookTests {
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("every bundled example read from a workbook (numbers as number cells, policy.yaml beside it) reaches the optimum of its CSV folder",
          arguments: ["tiny", "tiny-v2", "district-20", "district-20-2025", "commune-2025"])
    func examplesFromWorkbooks(example: String) throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = Examples.root.appendingPathComponent(example)
        let fromCSV = try InstanceReader.read(directory: folder)
        let fromBook = try WorkbookReader.read(try XLSXFixture.workbook(of: folder, in: dir))
        #expect(fromBook.cadres.map(\.id) == fromCSV.cadres.map(\.id) && fromBook.posts.map(\.id) == fromCSV.posts.map(\.id))
        #expect(fromBook.cadres.map(\.birthYear) == fromCSV.cadres.map(\.birthYear))
        let a = PlanSolver.solve(fromCSV), b = PlanSolver.solve(fromBook)
        #expect(a.status == .optimal && b.status == .optimal)
        #expect(abs((a.plan?.objective ?? .nan) - (b.plan?.objective ?? .nan)) <= 1e-6 * max(1, abs(a.plan?.objective ?? 1)))
    }

    @Test("Vietnamese sheet names, the policy in a sheet `key | value`, and a date cell in since read as its year")
    func policySheetAndDates() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = Examples.root.appendingPathComponent("tiny")
        func csv(_ name: String) throws -> [[XLSXFixture.Cell?]] {
            XLSXFixture.rows(csv: try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        }
        var cadres = try csv("cadres.csv")
        // C01 took the post in 2016: as a date cell, 1 May 2016 is day 42491.
        cadres[1][7] = .number("42491")
        let policy: [[XLSXFixture.Cell?]] = [
            [.text("key"), .text("value")], [.text("year"), .number("2025")], [.text("max_years"), .text("{head: 8, deputy: 5}")],
            [.text("min_years_left"), .number("10")], [.text("weak_min_rating"), .number("60")],
            [.text("non_local_share"), .text("[{level: commune, key: true, min: 0.5}]")], [.text("max_arrivals_per_unit"), .number("1")],
        ]
        let book = dir.appendingPathComponent("to-chuc.xlsx")
        try XLSXFixture.write([("Đơn vị", try csv("units.csv")), ("Chức danh", try csv("posts.csv")), ("Cán bộ", cadres),
                               ("Chính sách", policy)], to: book)
        let instance = try WorkbookReader.read(book)
        #expect(instance.cadres[instance.cadreIndex["C01"]!].since == 2016)
        #expect(instance.policy.maxArrivalsPerUnit == 1 && instance.policy.maxYears[.head] == 8 && instance.policy.shareTargets.count == 1)
        #expect(PlanSolver.solve(instance).plan?.objective == 896)
    }

    @Test("problems are located by sheet and cell, every one in one pass; a file that is not a workbook is refused")
    func locatedErrors() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("bad.xlsx")
        try XLSXFixture.brokenTiny(at: book)
        let errors = #expect(throws: InputErrors.self) { _ = try WorkbookReader.read(book) }
        let text = errors?.issues.map(\.description) ?? []
        #expect(text.contains { $0.hasPrefix("bad.xlsx: cadres!K3: rating:") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("bad.xlsx: cadres!C4: gender:") }, "\(text)")
        #expect(text.contains { $0.hasPrefix("bad.xlsx: policy!B3: max_moves:") }, "\(text)")
        let notBook = dir.appendingPathComponent("plain.xlsx")
        try Data("id,name\n".utf8).write(to: notBook)
        #expect(throws: InputErrors.self) { _ = try WorkbookReader.read(notBook) }
        let noSheets = dir.appendingPathComponent("empty.xlsx")
        try XLSXFixture.write([("Sheet1", [[.text("x")]])], to: noSheets)
        let missing = #expect(throws: InputErrors.self) { _ = try WorkbookReader.read(noSheets) }
        #expect((missing?.issues.count ?? 0) >= 4, "units, posts, cadres and the policy are missing")
    }
}

/// LibreOffice's own format (.ods): the same sheets read through `OpenDocumentSheets`.
@Suite("OpenDocument spreadsheets in")
struct OpenDocumentTests {
    /// `book` (.xlsx) saved by LibreOffice headless as .ods in `dir`; nil (and a recorded issue) without LibreOffice.
    static func ods(of book: URL, in dir: URL) throws -> URL? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice") else {
            Issue.record("LibreOffice (soffice) is needed: .ci/run installs the Debian package libreoffice-calc-nogui")
            return nil
        }
        let out = dir.appendingPathComponent("ods")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/soffice")
        // A profile of its own, so that parallel runs do not meet.
        process.arguments = ["-env:UserInstallation=file://\(dir.appendingPathComponent("lo-profile").path)", "--headless",
                             "--convert-to", "ods", book.path, "--outdir", out.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let ods = out.appendingPathComponent(book.deletingPathExtension().lastPathComponent + ".ods")
        #expect(FileManager.default.fileExists(atPath: ods.path), "LibreOffice wrote no .ods")
        // The policy.yaml beside the workbook goes along.
        let policy = book.deletingLastPathComponent().appendingPathComponent("policy.yaml")
        if FileManager.default.fileExists(atPath: policy.path) {
            try? FileManager.default.copyItem(at: policy, to: out.appendingPathComponent("policy.yaml"))
        }
        return ods
    }

    @Test("an example saved by LibreOffice as .ods reads as its CSV folder and reaches the same optimum",
          arguments: ["tiny", "district-20-2025"])
    func examplesFromODS(example: String) throws {
        let dir = try WorkbookTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = Examples.root.appendingPathComponent(example)
        guard let ods = try Self.ods(of: try XLSXFixture.workbook(of: folder, in: dir), in: dir) else { return }
        let fromCSV = try InstanceReader.read(directory: folder)
        let fromODS = try WorkbookReader.read(ods)
        #expect(fromODS.cadres.map(\.id) == fromCSV.cadres.map(\.id) && fromODS.posts.map(\.id) == fromCSV.posts.map(\.id))
        #expect(fromODS.cadres.map(\.birthYear) == fromCSV.cadres.map(\.birthYear) && fromODS.cadres.map(\.name) == fromCSV.cadres.map(\.name))
        #expect(fromODS.cadres.map(\.rating) == fromCSV.cadres.map(\.rating))
        let a = PlanSolver.solve(fromCSV), b = PlanSolver.solve(fromODS)
        #expect(a.status == .optimal && b.status == .optimal)
        #expect(abs((a.plan?.objective ?? .nan) - (b.plan?.objective ?? .nan)) <= 1e-6 * max(1, abs(a.plan?.objective ?? 1)))
    }

    @Test("problems in an .ods file are located by sheet and cell as in the .xlsx it was saved from; a file that is not one is refused")
    func locatedErrors() throws {
        let dir = try WorkbookTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = dir.appendingPathComponent("bad.xlsx")
        // C05's unit left empty as well: a repeated empty cell in the .ods.
        try XLSXFixture.brokenTiny(at: book) { $0[5][4] = nil }
        guard let ods = try Self.ods(of: book, in: dir) else { return }
        let fromXLSX = (#expect(throws: InputErrors.self) { _ = try WorkbookReader.read(book) })?.issues.map(\.description) ?? []
        let fromODS = (#expect(throws: InputErrors.self) { _ = try WorkbookReader.read(ods) })?.issues.map(\.description) ?? []
        #expect(fromODS.contains { $0.hasPrefix("bad.ods: cadres!K3: rating:") }, "\(fromODS)")
        #expect(fromODS.contains { $0.hasPrefix("bad.ods: cadres!C4: gender:") }, "\(fromODS)")
        #expect(fromODS.contains { $0.hasPrefix("bad.ods: policy!B3: max_moves:") }, "\(fromODS)")
        #expect(fromODS == fromXLSX.map { $0.replacingOccurrences(of: "bad.xlsx", with: "bad.ods") })
        let notODS = dir.appendingPathComponent("plain.ods")
        try Data("id,name\n".utf8).write(to: notODS)
        let refused = #expect(throws: InputErrors.self) { _ = try WorkbookReader.read(notODS) }
        #expect(refused?.issues.first?.description.contains(".ods") == true, "\(String(describing: refused))")
    }
}
