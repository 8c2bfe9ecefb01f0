import AssignModel
import Foundation
import Testing

/// `solve --fix`, `--forbid` and `--set` (issue 13): a change without editing the files, validated
/// like the files.
@Suite("Changing a plan without editing files")
struct ChangeOptionsCLITests {
    static let tiny = Tool.examples.appendingPathComponent("tiny").path

    static func plan(_ path: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
    }

    static func holder(of post: String, in plan: [String: Any]) -> String? {
        (plan["assignments"] as? [[String: Any]])?.first { $0["post"] as? String == post }?["cadre"] as? String
    }

    @Test("--fix gives the post to the cadre, as the same pin in pins.csv does, and the reason names the command line")
    func fixLikeAPin() throws {
        let dir = try Tool.tempDir()
        let byOption = dir.appendingPathComponent("a.json"), byFile = dir.appendingPathComponent("b.json")
        let r = try Tool.run(["solve", Self.tiny, "--out", byOption.path, "--fix", "C01=AP-BT"])
        #expect(r.status == 0, "\(r.stderr)")
        let inst = try Tool.copyExample("tiny")
        try Data("cadre,post,action\nC01,AP-BT,fix\n".utf8).write(to: inst.appendingPathComponent("pins.csv"))
        #expect(try Tool.run(["solve", inst.path, "--out", byFile.path]).status == 0)
        let a = try Self.plan(byOption), b = try Self.plan(byFile)
        #expect(Self.holder(of: "AP-BT", in: a) == "C01")
        #expect((a["objective"] as? Double) == (b["objective"] as? Double))
        let reasons = ((a["assignments"] as? [[String: Any]])?.first { $0["post"] as? String == "AP-BT" }?["reasons"] as? [String]) ?? []
        #expect(reasons.contains { $0.contains("fix pin on the command line, --fix (C3)") }, "\(reasons)")
        // The published plan gives AP-BT to someone else: the fix changed it.
        let free = dir.appendingPathComponent("free.json")
        #expect(try Tool.run(["solve", Self.tiny, "--out", free.path]).status == 0)
        #expect(Self.holder(of: "AP-BT", in: try Self.plan(free)) != "C01")
    }

    @Test("--forbid keeps a cadre out of the post the optimal plan gave them; the plan is still checked")
    func forbid() throws {
        let dir = try Tool.tempDir()
        let free = dir.appendingPathComponent("free.json"), forbidden = dir.appendingPathComponent("f.json")
        #expect(try Tool.run(["solve", Self.tiny, "--out", free.path]).status == 0)
        let cadre = try #require(Self.holder(of: "AP-BT", in: try Self.plan(free)))
        let r = try Tool.run(["solve", Self.tiny, "--out", forbidden.path, "--forbid", "\(cadre)=AP-BT"])
        #expect(r.status == 0, "\(r.stderr)")
        let plan = try Self.plan(forbidden)
        #expect(Self.holder(of: "AP-BT", in: plan) != cadre)
        #expect((plan["objective"] as? Double ?? 0) >= (try Self.plan(free)["objective"] as? Double ?? 0))
    }

    @Test("--set overrides a policy key for one solve: no arrivals allowed makes tiny infeasible, as in policy.yaml")
    func setPolicy() throws {
        let dir = try Tool.tempDir()
        let r = try Tool.run(["solve", Self.tiny, "--out", dir.appendingPathComponent("p.json").path, "--set", "max_arrivals_per_unit=0"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("max_arrivals_per_unit: 0 → 1"), "\(r.stderr)")
        let ok = try Tool.run(["solve", Self.tiny, "--out", dir.appendingPathComponent("q.json").path,
                               "--set", "max_arrivals_per_unit=0", "--set", "max_arrivals_per_unit=1"])
        #expect(ok.status == 0, "a later --set wins: \(ok.stderr)")
    }

    @Test("unknown ids and bad values are located input errors naming the option; nothing is written")
    func badChanges() throws {
        let dir = try Tool.tempDir()
        let out = dir.appendingPathComponent("p.json")
        let r = try Tool.run(["solve", Self.tiny, "--out", out.path, "--fix", "C99=AP-BT", "--forbid", "C01=NOPE",
                              "--set", "max_moves=many", "--set", "no_such_key=3"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("the input has 4 problems; nothing was written"), "\(r.stderr)")
        #expect(r.stderr.contains("--fix C99=AP-BT: cadre: unknown cadre 'C99' (not in cadres.csv)"))
        #expect(r.stderr.contains("--forbid C01=NOPE: post: unknown post 'NOPE' (not in posts.csv)"))
        #expect(r.stderr.contains("--set max_moves=many:1:12: max_moves: expected a whole number, found 'many'"))
        #expect(r.stderr.contains("unknown policy key 'no_such_key'"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        for bad in [["--fix", "C01"], ["--set", "year=2020"], ["--set", "max_moves"]] {
            let u = try Tool.run(["solve", Self.tiny, "--out", out.path] + bad)
            #expect(u.status == 1, "\(bad)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }
}

/// `plan report --decision` (issue 13): the list a standing committee decides on.
@Suite("Decision list")
struct DecisionListCLITests {
    @Test("--decision writes an A4 landscape page: one numbered row per cadre who changes post, with birth year, current and proposed posts, form and reasons; releases; the committee and date as given, escaped")
    func decisionList() throws {
        let inst = Tool.examples.appendingPathComponent("tiny-v2").path
        let dir = try Tool.tempDir()
        let plan = dir.appendingPathComponent("p.json"), page = dir.appendingPathComponent("d.html")
        #expect(try Tool.run(["solve", inst, "--out", plan.path]).status == 0)
        let r = try Tool.run(["report", plan.path, "--instance", inst, "--decision", page.path, "--lang", "vi",
                              "--committee", "Ban Thường vụ <Tỉnh ủy>", "--date", "Lạng Sơn, ngày 3 tháng 12 năm 2026"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = String(decoding: try Data(contentsOf: page), as: UTF8.self)
        #expect(html.contains("<html lang=\"vi\">") && html.contains("size: A4 landscape"))
        #expect(html.contains("Danh sách dự kiến điều động, luân chuyển cán bộ") && html.contains("Lạng Sơn, ngày 3 tháng 12 năm 2026"))
        #expect(html.contains("Ban Thường vụ &lt;Tỉnh ủy&gt;") && !html.contains("<Tỉnh ủy>"))
        #expect(html.contains("<th class=\"n\">STT</th><th>Họ và tên</th><th class=\"n\">Năm sinh</th><th>Chức vụ hiện tại</th><th>Chức vụ dự kiến</th>"))
        // One row per cadre whose assignment is not a stay (a joint group's posts are one row).
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: plan)) as? [String: Any])
        let assignments = try #require(json["assignments"] as? [[String: Any]])
        let moved = Set(assignments.filter { $0["type"] as? String != "stay" }.compactMap { $0["cadre"] as? String })
        let instance = try InstanceReader.read(directory: URL(fileURLWithPath: inst))
        let section = try #require(html.components(separatedBy: "<h2>II.").first)
        let rows = section.components(separatedBy: "<tr><td class=\"n\">").count - 1
        #expect(rows == moved.count && rows > 0, "\(rows) rows for \(moved.count) moved cadres")
        for id in moved {
            let cadre = instance.cadres[instance.cadreIndex[id]!]
            #expect(section.contains("<td>\(cadre.name)</td><td class=\"n\">\(cadre.birthYear)</td>"), "\(id)")
        }
        let released = try #require(json["released"] as? [String])
        #expect(released.isEmpty || html.contains("<h2>II. Thôi giữ chức vụ</h2>"))
        #expect(html.contains(" kiêm "), "a joint group's posts are named together")
    }

    @Test("--title, --committee and --date without --decision are a usage error; English with --lang en")
    func options() throws {
        let inst = Tool.examples.appendingPathComponent("tiny").path
        let dir = try Tool.tempDir()
        let plan = dir.appendingPathComponent("p.json"), page = dir.appendingPathComponent("d.html")
        #expect(try Tool.run(["solve", inst, "--out", plan.path]).status == 0)
        let bad = try Tool.run(["report", plan.path, "--instance", inst, "--html", page.path, "--committee", "X"])
        #expect(bad.status == 1 && !FileManager.default.fileExists(atPath: page.path))
        let en = try Tool.run(["report", plan.path, "--instance", inst, "--decision", page.path, "--title", "Rotation list 2026"])
        #expect(en.status == 0, "\(en.stderr)")
        let html = String(decoding: try Data(contentsOf: page), as: UTF8.self)
        #expect(html.contains("<html lang=\"en\">") && html.contains("<h1>Rotation list 2026</h1>") && html.contains("Proposed post"))
        #expect(html.contains("…, date … month … year …"))
    }
}

/// `solve --xlsx` (issue 13): the plan as an Excel workbook.
@Suite("Plans as workbooks")
struct PlanWorkbookCLITests {
    @Test("--xlsx writes the summary, the moves (one row per cadre who changes post), releases, share targets and every post, headers in the chosen language; text that looks like a formula stays text")
    func planWorkbook() throws {
        let inst = try Tool.copyExample("tiny")
        let dir = inst.deletingLastPathComponent()
        let cadres = inst.appendingPathComponent("cadres.csv")
        let text = try String(contentsOf: cadres, encoding: .utf8)
            .replacingOccurrences(of: "C03,Lê Quốc Cường,", with: "C03,\"=HYPERLINK(\"\"http://x\"\",\"\"x\"\")\",")
        try Data(text.utf8).write(to: cadres)
        let plan = dir.appendingPathComponent("p.json"), book = dir.appendingPathComponent("p.xlsx")
        let r = try Tool.run(["solve", inst.path, "--out", plan.path, "--xlsx", book.path, "--lang", "vi"])
        #expect(r.status == 0, "\(r.stderr)")
        let sheets = try WorkbookReader.sheetTexts(book)
        #expect(sheets.map(\.name) == ["Tóm tắt", "Điều động", "Thôi giữ chức vụ", "Tỷ lệ, cơ cấu", "Chức danh theo đơn vị"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: plan)) as? [String: Any])
        let assignments = try #require(json["assignments"] as? [[String: Any]])
        let moved = Set(assignments.filter { $0["type"] as? String != "stay" }.compactMap { $0["cadre"] as? String })
        let moves = sheets[1].rows
        #expect(moves[0] == ["STT", "Họ và tên", "Năm sinh", "Mã cán bộ", "Chức vụ hiện tại", "Chức vụ dự kiến", "Hình thức", "Lý do"])
        #expect(Set(moves.dropFirst().map { $0[3] }) == moved)
        #expect(moves.contains { $0[1] == "=HYPERLINK(\"http://x\",\"x\")" }, "the name is written as text, not a formula")
        let posts = sheets[4].rows
        #expect(posts.count - 1 == assignments.count + ((json["released"] as? [String])?.count ?? 0))
        #expect(sheets[2].rows.count - 1 == (json["released"] as? [String])?.count)
        // English on request.
        let en = try Tool.run(["solve", inst.path, "--out", plan.path, "--xlsx", book.path])
        #expect(en.status == 0)
        #expect(try WorkbookReader.sheetTexts(book).map(\.name) == ["Summary", "Moves", "Releases", "Share targets", "Posts by unit"])
    }
}

/// `solve --xlsx` of a phased plan (issue 14): the moves with their year, the releases, every post at every phase.
@Suite("Phased plans as workbooks")
struct PhasedWorkbookCLITests {
    @Test("--xlsx of a phased plan: a summary per phase, one move row per cadre and phase with its year and the posts before and after, the releases with their year, and the table of every post at every phase")
    func phasedWorkbook() throws {
        let inst = try Tool.copyExample("phased-tiny")
        let dir = inst.deletingLastPathComponent()
        let plan = dir.appendingPathComponent("p.json"), book = dir.appendingPathComponent("p.xlsx"), csv = dir.appendingPathComponent("p.csv")
        let r = try Tool.run(["solve", inst.path, "--out", plan.path, "--csv", csv.path, "--xlsx", book.path])
        #expect(r.status == 0, "\(r.stderr)")
        let sheets = try WorkbookReader.sheetTexts(book)
        #expect(sheets.map(\.name) == ["Summary", "Moves", "Releases", "Posts by unit"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: plan)) as? [String: Any])
        let phases = try #require(json["phases"] as? [[String: Any]])
        // Every (year, cadre) that moves in the plan file is one row of the moves sheet, with that year.
        var expected = Set<String>()
        for phase in phases {
            let year = try #require(phase["year"] as? Int)
            for a in phase["assignments"] as? [[String: Any]] ?? [] where a["type"] as? String != "stay" {
                expected.insert("\(year) \(a["cadre"] as? String ?? "")")
            }
        }
        let moves = sheets[1].rows
        #expect(moves.first == ["No.", "phase", "Full name", "Born", "cadre", "Current post", "Proposed post", "Form", "Reasons"])
        #expect(!expected.isEmpty && Set(moves.dropFirst().map { "\($0[1]) \($0[4])" }) == expected)
        #expect(moves.count - 1 == expected.count)
        let released = phases.reduce(0) { $0 + ((($1["released"] as? [String]) ?? []).count) }
        #expect(sheets[2].rows.count - 1 == released)
        // The posts sheet is the CSV table: a phase column, every post at every phase.
        let table = try String(contentsOf: csv, encoding: .utf8).split(whereSeparator: \.isNewline)
        #expect(sheets[3].rows.count == table.count && sheets[3].rows.first?.first == "phase")
        let summary = sheets[0].rows.map { $0.first ?? "" }
        for phase in phases { #expect(summary.contains("Moves \(phase["year"] as? Int ?? 0)")) }
    }
}

/// `plan template` (issue 13): an empty workbook a planner fills in.
@Suite("Instance workbook template")
struct TemplateCLITests {
    @Test("the template's sheets, headers and policy read back: an empty template is only missing its rows (Vietnamese and English)",
          arguments: ["vi", "en"])
    func templateReadsBack(lang: String) throws {
        let dir = try Tool.tempDir()
        let book = dir.appendingPathComponent("mau.xlsx")
        let r = try Tool.run(["template", "--out", book.path, "--lang", lang])
        #expect(r.status == 0, "\(r.stderr)")
        let sheets = try WorkbookReader.sheetTexts(book).map(\.name)
        #expect(sheets.count == 8)
        // Every header is recognised and the policy sheet is valid: the only problems are the empty sheets.
        let inspect = try Tool.run(["inspect", book.path, "--lang", "en"])
        #expect(inspect.status == 1)
        let problems = inspect.stderr.split(separator: "\n").filter { $0.hasPrefix("  ") }
        #expect(problems.count == 3, "\(inspect.stderr)")
        #expect(problems.allSatisfy { $0.contains("has a header but no") }, "\(inspect.stderr)")
        let again = try Tool.run(["template", "--out", book.path])
        #expect(again.status == 1 && again.stderr.contains("--force"), "an existing workbook is not replaced: \(again.stderr)")
    }
}

/// The decision list printed by headless Chromium (issue 13).
@Suite("Decision list in Chromium")
struct DecisionPDFCLITests {
    @Test("--decision-pdf prints the list with headless Chromium: a PDF of A4 landscape pages; without Chromium, exit 1 and nothing written")
    func pdf() throws {
        let inst = Tool.examples.appendingPathComponent("tiny-v2").path
        let dir = try Tool.tempDir()
        let plan = dir.appendingPathComponent("p.json"), html = dir.appendingPathComponent("d.html"), pdf = dir.appendingPathComponent("d.pdf")
        #expect(try Tool.run(["solve", inst, "--out", plan.path]).status == 0)
        let missing = try Tool.run(["report", plan.path, "--instance", inst, "--decision", html.path, "--decision-pdf", pdf.path],
                                   environment: ["PLAN_CHROMIUM": dir.appendingPathComponent("no-browser").path])
        #expect(missing.status == 1 && !FileManager.default.fileExists(atPath: html.path), "all or nothing: \(missing.stderr)")
        let browsers = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        guard browsers.contains(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("Chromium is needed to render the decision list (.ci/run installs the Debian package chromium)")
            return
        }
        let r = try Tool.run(["report", plan.path, "--instance", inst, "--decision", html.path, "--decision-pdf", pdf.path,
                              "--committee", "Ban Thường vụ Tỉnh ủy", "--lang", "vi"])
        #expect(r.status == 0, "\(r.stderr)")
        let data = try Data(contentsOf: pdf)
        #expect(data.starts(with: Array("%PDF".utf8)))
        let text = String(decoding: data, as: UTF8.self)
        // Chromium writes each page's size: A4 landscape is 841.92 × 595 points.
        #expect(text.contains("/MediaBox [0 0 841.9"), "A4 landscape pages")
        #expect(FileManager.default.fileExists(atPath: html.path))
    }
}

/// The plan workbook opened by LibreOffice (issue 13).
@Suite("Plan workbook in LibreOffice")
struct PlanWorkbookLibreOfficeTests {
    @Test("LibreOffice headless opens the plan workbook and converts its sheet of posts back to CSV with every post and release")
    func roundTrip() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice") else {
            Issue.record("LibreOffice (soffice) is needed: .ci/run installs the Debian package libreoffice-calc-nogui")
            return
        }
        let inst = Tool.examples.appendingPathComponent("district-20").path
        let dir = try Tool.tempDir()
        let plan = dir.appendingPathComponent("p.json"), book = dir.appendingPathComponent("p.xlsx")
        #expect(try Tool.run(["solve", inst, "--out", plan.path, "--xlsx", book.path]).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/soffice")
        // Sheet 5 (every post by unit) as UTF-8 CSV; a profile of its own so that parallel runs do not meet.
        process.arguments = ["-env:UserInstallation=file://\(dir.appendingPathComponent("lo-profile").path)", "--headless",
                             "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,5",
                             book.path, "--outdir", dir.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let csv = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasSuffix(".csv") })
        let lines = try String(contentsOf: dir.appendingPathComponent(csv), encoding: .utf8)
            .split(whereSeparator: \.isNewline)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: plan)) as? [String: Any])
        let posts = try #require(json["assignments"] as? [[String: Any]]).compactMap { $0["post"] as? String }
        let released = (json["released"] as? [String]) ?? []
        #expect(lines.count == 1 + posts.count + released.count, "\(lines.count) lines")
        let firstCells = Set(lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).first.map(String.init) ?? "" })
        #expect(Set(posts).isSubset(of: firstCells))
    }
}

/// `solve --keep` (issue 13): start from an earlier plan and change as little as the optimum allows.
@Suite("Keeping an earlier plan")
struct KeepCLITests {
    static func plan(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    static func holders(_ plan: [String: Any]) -> [String: String] {
        Dictionary(((plan["assignments"] as? [[String: Any]]) ?? []).map { ($0["post"] as! String, $0["cadre"] as! String) },
                   uniquingKeysWith: { a, _ in a })
    }

    @Test("after forbidding one move, --keep writes an optimal plan that changes fewer posts of the earlier plan than the canonical one, and lists them with reasons")
    func keepAfterAChange() throws {
        let inst = Tool.examples.appendingPathComponent("district-20").path
        let dir = try Tool.tempDir()
        let first = dir.appendingPathComponent("first.json"), kept = dir.appendingPathComponent("kept.json"), free = dir.appendingPathComponent("free.json")
        #expect(try Tool.run(["solve", inst, "--out", first.path]).status == 0)
        let earlier = try Self.plan(first)
        let move = try #require((earlier["assignments"] as? [[String: Any]])?.first { $0["type"] as? String != "stay" })
        let forbid = "\(move["cadre"]!)=\(move["post"]!)"
        let r = try Tool.run(["solve", inst, "--out", kept.path, "--forbid", forbid, "--keep", first.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Tool.run(["solve", inst, "--out", free.path, "--forbid", forbid]).status == 0)
        let a = try Self.plan(kept), b = try Self.plan(free)
        #expect((a["objective"] as? Double) == (b["objective"] as? Double), "still optimal")
        let before = Self.holders(earlier)
        let changedKept = Self.holders(a).filter { before[$0.key] != $0.value }.count
        let changedFree = Self.holders(b).filter { before[$0.key] != $0.value }.count
        #expect(changedKept >= 1 && changedKept <= changedFree, "kept \(changedKept), canonical \(changedFree)")
        #expect(r.stdout.contains("\(changedKept) post\(changedKept == 1 ? "" : "s") change\(changedKept == 1 ? "s" : "") holder from the kept plan"), "\(r.stdout)")
        #expect(r.stdout.contains(" — "), "each change with its reasons")
        let stats = try #require(a["stats"] as? [String: Any])
        #expect(stats["tie_break"] as? String == "closest to the kept plan")
    }

    @Test("keeping a plan of the same instance changes nothing; --keep with --any-optimum, or an unreadable plan, is refused")
    func keepItself() throws {
        let inst = Tool.examples.appendingPathComponent("tiny").path
        let dir = try Tool.tempDir()
        let first = dir.appendingPathComponent("first.json"), again = dir.appendingPathComponent("again.json")
        #expect(try Tool.run(["solve", inst, "--out", first.path]).status == 0)
        let r = try Tool.run(["solve", inst, "--out", again.path, "--keep", first.path])
        #expect(r.status == 0 && r.stdout.contains("no post changes holder from the kept plan"), "\(r.stdout)")
        #expect(Self.holders(try Self.plan(again)) == Self.holders(try Self.plan(first)))
        #expect(try Tool.run(["solve", inst, "--out", again.path, "--keep", first.path, "--any-optimum"]).status == 1)
        let bad = dir.appendingPathComponent("bad.json")
        try Data("{not json".utf8).write(to: bad)
        let r2 = try Tool.run(["solve", inst, "--out", dir.appendingPathComponent("x.json").path, "--keep", bad.path])
        #expect(r2.status == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.json").path))
    }
}
