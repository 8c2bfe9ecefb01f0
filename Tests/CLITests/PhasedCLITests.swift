import AssignModel
import Foundation
import Testing

/// `plan solve`, `validate` and `export` on a phased instance (SPEC §11.5).
@Suite("Phased plans on the command line")
struct PhasedCLITests {
    @Test("solve writes the phased plan and its table (both or neither), prints a line per phase, and validate accepts the plan")
    func solveAndValidate() throws {
        let dir = try Tool.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = dir.appendingPathComponent("plan.json").path, csv = dir.appendingPathComponent("plan.csv").path
        let instance = Tool.examples.appendingPathComponent("phased-tiny").path
        let r = try Tool.run(["solve", instance, "--out", plan, "--csv", csv])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("phases 2025, 2027") && r.stdout.contains("objective 528"), "\(r.stdout)")
        #expect(r.stdout.contains("\n  2025: 2 moves") && r.stdout.contains("\n  2027: 3 moves") && r.stdout.contains("retired: K02"), "\(r.stdout)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan))) as! [String: Any]
        #expect((json["phases"] as? [Any])?.count == 2 && json["assignments"] == nil)
        let table = String(decoding: try Data(contentsOf: URL(fileURLWithPath: csv)), as: UTF8.self)
        #expect(table.contains("phase,post,") && table.contains("\n2027,TT-BT,"))
        let inspect = try Tool.run(["inspect", Tool.examples.appendingPathComponent("phased-2025").path])
        #expect(inspect.stdout.contains("phase 2026: max_moves 15; max_arrivals_per_unit 2") && inspect.stdout.contains("phase 2028: max_moves 25; min_moves.within 4"), "\(inspect.stdout)")
        let v = try Tool.run(["validate", instance, plan])
        #expect(v.status == 0 && v.stdout.contains("objective 528"), "\(v.stdout)\(v.stderr)")
        // The same plan against the policy without its caps of 2025 is still valid; with a cap of 1 it is not.
        let vi = try Tool.run(["solve", instance, "--out", plan], environment: ["PLAN_LANG": "vi"])
        #expect(vi.status == 0 && vi.stdout.contains("các giai đoạn 2025, 2027") && vi.stdout.contains("nghỉ hưu: K02"), "\(vi.stdout)")
    }

    @Test("an infeasible phased instance exits 2 with the diagnosis (the phase cap and its verified smallest change), nothing written")
    func infeasible() throws {
        let dir = try Tool.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let instance = dir.appendingPathComponent("phased")
        try FileManager.default.copyItem(at: Tool.examples.appendingPathComponent("phased-tiny"), to: instance)
        let policy = instance.appendingPathComponent("policy.yaml")
        let text = try String(contentsOf: policy, encoding: .utf8).replacingOccurrences(of: "    max_moves: 2", with: "    max_moves: 1")
        try text.write(to: policy, atomically: true, encoding: .utf8)
        let plan = dir.appendingPathComponent("plan.json").path, diagnosis = dir.appendingPathComponent("d.json").path
        let r = try Tool.run(["solve", instance.path, "--out", plan, "--diagnosis", diagnosis])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("by 2025 at least 2 posts fall vacant") && r.stderr.contains("phases[1].max_moves: 1 → 2"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: plan))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: diagnosis))) as! [String: Any]
        #expect((json["suggestions"] as? [[String: Any]])?.first?["key"] as? String == "phases[1].max_moves")
    }

    @Test("generate --phases writes the phases into policy.yaml (young_age raised by their span in the 2025 shape, the arrival cap in each phase); bad years refused")
    func generatePhases() throws {
        let dir = try Tool.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("g").path
        let r = try Tool.run(["generate", "--shape", "2025", "--communes", "12", "--agencies", "4", "--seed", "5", "--phases", "2025,2027", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let policy = try String(contentsOfFile: out + "/policy.yaml", encoding: .utf8)
        // The arrival cap moves into each phase (no total cap over the phases).
        #expect(policy.contains("phases:\n  - {year: 2025, max_arrivals_per_unit: 3}\n  - {year: 2027, max_arrivals_per_unit: 3}\n")
                && policy.contains("young_age: 42\n") && !policy.contains("\nmax_arrivals_per_unit:"), "\(policy)")
        let solve = try Tool.run(["solve", out, "--out", dir.appendingPathComponent("p.json").path])
        #expect(solve.status == 0 && solve.stdout.contains("phases 2025, 2027"), "\(solve.stdout)\(solve.stderr)")
        for bad in ["2027,2025", "2026,2027", "2025,x"] {
            let b = try Tool.run(["generate", "--communes", "2", "--agencies", "1", "--phases", bad, "--out", dir.appendingPathComponent("b").path])
            #expect(b.status == 1 && b.stderr.contains("--phases"), "\(bad): \(b.stderr)")
        }
    }

    @Test("diff of two phased plans: the posts that differ at each phase, each phase's cost, the whole objective")
    func diffPhased() throws {
        let dir = try Tool.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tiny = Tool.examples.appendingPathComponent("phased-tiny")
        let loose = dir.appendingPathComponent("loose")
        try FileManager.default.copyItem(at: tiny, to: loose)
        let policy = loose.appendingPathComponent("policy.yaml")
        try String(contentsOf: policy, encoding: .utf8).replacingOccurrences(of: "    max_moves: 2", with: "    max_moves: 9")
            .write(to: policy, atomically: true, encoding: .utf8)
        let a = dir.appendingPathComponent("a.json").path, b = dir.appendingPathComponent("b.json").path
        #expect(try Tool.run(["solve", tiny.path, "--out", a]).status == 0)
        #expect(try Tool.run(["solve", loose.path, "--out", b]).status == 0)
        let json = dir.appendingPathComponent("d.json").path
        let r = try Tool.run(["diff", a, b, "--instance", tiny.path, "--json", json])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2025:\n") && r.stdout.contains("2027:\n") && r.stdout.contains("objective 528 → 409.2"), "\(r.stdout)")
        #expect(r.stdout.contains("TT-HD") && r.stdout.contains("K01 Hoàng Văn Bảo (stay) → K04"), "\(r.stdout)")
        #expect(r.stdout.contains("breaks rules"), "the plan of the loose policy breaks the 2025 cap: \(r.stdout)")
        let d = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        #expect((d["phases"] as? [Any])?.count == 2)
    }

    @Test("report of a phased plan: the timeline, the moves into each unit by phase, each phase's moves with reasons (HTML and Markdown, Vietnamese by default)")
    func reportPhased() throws {
        let dir = try Tool.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let instance = Tool.examples.appendingPathComponent("phased-tiny").path
        let plan = dir.appendingPathComponent("p.json").path
        #expect(try Tool.run(["solve", instance, "--out", plan]).status == 0)
        let html = dir.appendingPathComponent("r.html").path, md = dir.appendingPathComponent("r.md").path
        let r = try Tool.run(["report", plan, "--instance", instance, "--html", html, "--md", md])
        #expect(r.status == 0, "\(r.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8), text = try String(contentsOfFile: md, encoding: .utf8)
        #expect(page.contains("<html lang=\"en\">") && page.contains("Timeline") && page.contains("Phase 2027") && !page.contains("http"))
        #expect(text.contains("| 2025 | 0 | 0 | 1 | 1 | **2** | 2 |") && text.contains("Retiring: Lý Thị Cúc (K02)"), "\(text)")
        #expect(text.contains("not in 2025: that year's cap of 2 moves and releases is reached (C6)"))
        let vi = try Tool.run(["report", plan, "--instance", instance, "--html", html], environment: ["PLAN_LANG": "vi"])
        #expect(vi.status == 0)
        let viPage = try String(contentsOfFile: html, encoding: .utf8)
        #expect(viPage.contains("<html lang=\"vi\">") && viPage.contains("Tiến trình") && viPage.contains("Giai đoạn 2027"))
    }

    @Test("--alternatives on a phased instance: each next plan differs in at least --min-diff (post, phase) holdings, every one valid")
    func alternativesPhased() throws {
        let dir = try Tool.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let loose = dir.appendingPathComponent("loose")
        try FileManager.default.copyItem(at: Tool.examples.appendingPathComponent("phased-tiny"), to: loose)
        let policy = loose.appendingPathComponent("policy.yaml")
        try String(contentsOf: policy, encoding: .utf8).replacingOccurrences(of: "    max_moves: 2", with: "    max_moves: 9")
            .write(to: policy, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("alt")
        let r = try Tool.run(["solve", loose.path, "--alternatives", "3", "--min-diff", "2", "--out-dir", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("plan-1.json: optimal, objective 409.2") && r.stdout.contains("plan-2.json: optimal, objective 410.8 (+1.6)"), "\(r.stdout)")
        var holdings: [[String: String]] = []
        for i in 1...3 {
            let path = out.appendingPathComponent("plan-\(i).json").path
            #expect(try Tool.run(["validate", loose.path, path]).status == 0)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
            var h: [String: String] = [:]
            for phase in json["phases"] as! [[String: Any]] {
                for a in phase["assignments"] as! [[String: Any]] { h["\(phase["year"]!)/\(a["post"]!)"] = a["cadre"] as? String }
            }
            holdings.append(h)
        }
        for i in 0..<3 { for j in 0..<i { #expect(holdings[i].filter { holdings[j][$0.key] != $0.value }.count >= 2) } }
    }

    @Test("plan batch: scenarios override phases (phased-tiny with a loose 2025 cap, and with one phase in 2027)")
    func batchPhases() throws {
        let inst = try Tool.copyExample("phased-tiny")
        let file = inst.deletingLastPathComponent().appendingPathComponent("s.yaml")
        try """
        instance: phased-tiny
        scenarios:
          - name: as-given
          - name: loose-2025
            policy: {phases: [{year: 2025, max_moves: 9}, {year: 2027, max_moves: 3}]}
          - name: one-phase
            policy: {phases: [{year: 2027}]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let out = inst.deletingLastPathComponent().appendingPathComponent("out")
        let r = try BatchCLITests.run(["batch", file.path, "--out", out.path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let rows = try BatchCLITests.summaryRows(out)
        #expect(rows.count == 4)
        #expect(rows[1].hasPrefix("as-given,optimal,528,528,5,0,"), "\(rows)")
        #expect(rows[2].hasPrefix("loose-2025,optimal,409.2,409.2,"), "\(rows)")
        #expect(rows[3].hasPrefix("one-phase,optimal,890.8,890.8,"), "\(rows)")
        let plan = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("one-phase.json"))) as! [String: Any]
        #expect((plan["phases"] as? [[String: Any]])?.map { $0["year"] as? Int } == [2027])
    }

    @Test("the decision list of a phased plan: one row per move and per release, each with the year of its phase")
    func decisionList() throws {
        let dir = try Tool.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let instance = Tool.examples.appendingPathComponent("phased-tiny").path
        let plan = dir.appendingPathComponent("p.json")
        #expect(try Tool.run(["solve", instance, "--out", plan.path]).status == 0)
        let page = dir.appendingPathComponent("d.html")
        let r = try Tool.run(["report", plan.path, "--instance", instance, "--decision", page.path, "--committee", "Ban Thường vụ"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: plan)) as? [String: Any])
        let phases = try #require(json["phases"] as? [[String: Any]])
        #expect(html.contains("<th class=\"n\">phase</th>"))
        let rows = html.components(separatedBy: "<tr><td class=\"n\">").dropFirst()
        var expected: [String] = []
        for phase in phases {
            let year = phase["year"] as? Int ?? 0
            var seen = Set<String>()
            for a in phase["assignments"] as? [[String: Any]] ?? [] where a["type"] as? String != "stay" {
                if seen.insert(a["cadre"] as? String ?? "").inserted { expected.append("\(year)") }
            }
        }
        for phase in phases { for _ in phase["released"] as? [String] ?? [] { expected.append("\(phase["year"] as? Int ?? 0)") } }
        // Each row: number, then the year.
        let years = rows.compactMap { row -> String? in
            let cells = row.components(separatedBy: "<td class=\"n\">")
            return cells.count > 1 ? String(cells[1].prefix { $0 != "<" }) : nil
        }
        #expect(!expected.isEmpty && years.sorted() == expected.sorted(), "\(years) against \(expected)")
        #expect(html.contains("Ban Thường vụ"))
    }

    @Test("--keep of a phased plan: after a forbid, the plan of the same optimum that changes the fewest (post, phase) holdings of the earlier one; a plan of other phases is refused")
    func keepPhased() throws {
        let dir = try Tool.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let instance = dir.appendingPathComponent("g")
        #expect(try Tool.run(["generate", "--communes", "12", "--agencies", "4", "--seed", "2", "--phases", "2025,2027", "--out", instance.path]).status == 0)
        let first = dir.appendingPathComponent("p1.json"), plain = dir.appendingPathComponent("p2.json"), kept = dir.appendingPathComponent("p3.json")
        #expect(try Tool.run(["solve", instance.path, "--out", first.path]).status == 0)
        func holdings(_ url: URL) throws -> (holders: [[String: String]], objective: Double) {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            let phases = try #require(json["phases"] as? [[String: Any]])
            let holders = phases.map { phase in
                Dictionary(((phase["assignments"] as? [[String: Any]]) ?? []).map { ($0["post"] as? String ?? "", $0["cadre"] as? String ?? "") },
                           uniquingKeysWith: { a, _ in a })
            }
            return (holders, json["objective"] as? Double ?? .nan)
        }
        func changed(_ a: [[String: String]], _ b: [[String: String]]) -> Int {
            zip(a, b).reduce(0) { total, pair in total + pair.0.filter { pair.1[$0.key] != $0.value }.count }
        }
        let earlier = try holdings(first)
        // A holding of the first plan forbidden (the first three that leave a plan): solved plainly, and keeping the first plan.
        var checked = 0
        for (post, cadre) in earlier.holders.flatMap({ $0 }).sorted(by: { $0.key < $1.key }) where checked < 3 {
            let forbid = "\(cadre)=\(post)"
            guard try Tool.run(["solve", instance.path, "--forbid", forbid, "--out", plain.path]).status == 0 else { continue }
            let r = try Tool.run(["solve", instance.path, "--forbid", forbid, "--keep", first.path, "--out", kept.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("holdings change from the kept plan"), "\(r.stdout)")
            let a = try holdings(plain), b = try holdings(kept)
            #expect(abs(a.objective - b.objective) < 1e-6, "\(forbid): the same optimum")
            #expect(changed(earlier.holders, b.holders) <= changed(earlier.holders, a.holders), "\(forbid)")
            #expect(try Tool.run(["validate", instance.path, kept.path]).status == 0)
            checked += 1
        }
        #expect(checked > 0)
        // A plan of other phases (a one-phase plan) cannot be kept.
        let single = dir.appendingPathComponent("single.json")
        #expect(try Tool.run(["solve", instance.path, "--set", "phases=[{year: 2027}]", "--out", single.path]).status == 0)
        let refused = try Tool.run(["solve", instance.path, "--keep", single.path, "--out", dir.appendingPathComponent("x.json").path])
        #expect(refused.status == 1 && refused.stderr.contains("--keep"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("x.json").path))
    }

    @Test("what phased plans do not offer yet is refused with a message, nothing written")
    func refused() throws {
        let dir = try Tool.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let instance = Tool.examples.appendingPathComponent("phased-tiny").path
        let plan = dir.appendingPathComponent("p.json").path
        #expect(try Tool.run(["solve", instance, "--out", plan]).status == 0)
        let mps = dir.appendingPathComponent("m.mps").path
        let export = try Tool.run(["export", instance, "--mps", mps])
        #expect(export.status == 0 && export.stdout.contains("2 phases"), "\(export.stdout)\(export.stderr)")
    }
}
