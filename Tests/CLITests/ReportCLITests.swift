import AssignModel
import Foundation
import Testing

/// Helpers for the `plan report` and `plan diff` tests.
private enum ReportCLI {
    static var district20: URL { Tool.examples.appendingPathComponent("district-20") }

    /// Solves `instance` into `dir/name` and returns the plan file.
    static func solve(_ instance: URL = district20, into dir: URL, name: String = "plan.json") throws -> URL {
        let out = dir.appendingPathComponent(name)
        let r = try Tool.run(["solve", instance.path, "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        return out
    }

    static func object(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    static func assignments(_ url: URL) throws -> [[String: Any]] {
        try #require(try object(url)["assignments"] as? [[String: Any]])
    }

    /// Post → cadre of a plan file.
    static func holders(_ url: URL) throws -> [String: String] {
        var out: [String: String] = [:]
        for a in try assignments(url) { out[a["post"] as! String] = a["cadre"] as? String }
        return out
    }

    /// A copy of a plan with the holders of two posts swapped.
    static func swapped(_ plan: URL, _ i: Int, _ j: Int, to out: URL) throws -> (String, String) {
        var root = try object(plan)
        var list = try assignments(plan)
        let (ci, cj) = (list[i]["cadre"]!, list[j]["cadre"]!)
        list[i]["cadre"] = cj
        list[j]["cadre"] = ci
        root["assignments"] = list
        try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted]).write(to: out)
        return (list[i]["post"] as! String, list[j]["post"] as! String)
    }

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }
}

@Suite("plan report and plan diff command line")
struct ReportCLITests {
    @Test("report writes a self-contained HTML page and Markdown naming every moved and must-leave cadre")
    func reportWritesFiles() throws {
        let dir = try Tool.tempDir()
        let plan = try ReportCLI.solve(into: dir)
        let html = dir.appendingPathComponent("out/report.html"), md = dir.appendingPathComponent("out/report.md")
        let r = try Tool.run(["report", plan.path, "--instance", ReportCLI.district20.path, "--html", html.path, "--md", md.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("every rule holds"))
        #expect(r.stdout.contains("wrote"))
        let page = try String(contentsOf: html, encoding: .utf8)
        let markdown = try String(contentsOf: md, encoding: .utf8)
        #expect(page.contains("<meta charset=\"utf-8\">"))
        #expect(page.contains("<svg"))
        for pattern in ["src=\"http", "href=\"http", "src='http", "href='http", "http://", "https://", "<script", "<link"] {
            #expect(!page.contains(pattern), "\(pattern)")
        }
        #expect(page.contains("Every rule holds"))
        #expect(!page.contains("This plan breaks rules"))
        #expect(page.contains("Xã An 0"))
        #expect(page.contains("Phòng 0, &quot;huyện&quot;"))

        let instance = try InstanceReader.read(directory: ReportCLI.district20)
        let moved = try ReportCLI.assignments(plan).filter { ($0["type"] as? String) != "stay" }
        #expect(moved.count == 60)
        for a in moved {
            let name = instance.cadres[instance.cadreIndex[a["cadre"] as! String]!].name
            #expect(page.contains(name), "\(name)")
            #expect(markdown.contains(name), "\(name)")
        }
        let facts = instance.allFacts()
        let mustLeave = instance.cadres.indices.filter { facts[$0].mustLeave }
        #expect(!mustLeave.isEmpty)
        for c in mustLeave { #expect(page.contains(instance.cadres[c].name)) }
        for target in instance.policy.shareTargets {
            #expect(page.contains(target.label))
            #expect(markdown.contains(target.label))
        }
        #expect(markdown.hasPrefix("# Rotation plan"))
    }

    @Test("report on a plan that breaks rules still writes the report, with the violations first, and warns")
    func reportBrokenPlan() throws {
        let dir = try Tool.tempDir()
        let plan = try ReportCLI.solve(Tool.examples.appendingPathComponent("tiny"), into: dir)
        var text = try String(contentsOf: plan, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"post\": \"HH-BT\",\n      \"cadre\": \"C02\"", with: "\"post\": \"HH-BT\",\n      \"cadre\": \"C04\"")
        try text.write(to: plan, atomically: true, encoding: .utf8)
        let html = dir.appendingPathComponent("broken.html")
        let r = try Tool.run(["report", plan.path, "--instance", Tool.examples.appendingPathComponent("tiny").path, "--html", html.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("breaks rules"))
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.contains("This plan breaks rules"))
        #expect(page.contains("E6 weak-unit rating"))
        #expect(page.contains("Phạm Minh Dũng (C04)"))
    }

    @Test("report with a bad path exits 1 with a message and writes nothing")
    func reportBadPaths() throws {
        let dir = try Tool.tempDir()
        let plan = try ReportCLI.solve(into: dir)
        let html = dir.appendingPathComponent("r.html"), md = dir.appendingPathComponent("r.md")
        let instance = ReportCLI.district20.path

        var r = try Tool.run(["report", dir.appendingPathComponent("missing.json").path, "--instance", instance, "--html", html.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("missing.json"))
        #expect(r.stderr.contains("file not found"))

        r = try Tool.run(["report", plan.path, "--instance", dir.appendingPathComponent("no-such-instance").path, "--html", html.path, "--md", md.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error"))

        r = try Tool.run(["report", plan.path, "--instance", instance])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--html"))

        // The Markdown cannot be written (its folder would sit inside a file): the HTML is not left behind.
        let blocker = dir.appendingPathComponent("a-file")
        try "x".write(to: blocker, atomically: true, encoding: .utf8)
        r = try Tool.run(["report", plan.path, "--instance", instance, "--html", html.path, "--md", blocker.appendingPathComponent("r.md").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("nothing was written"))

        r = try Tool.run(["report", plan.path, "--instance", instance, "--html", dir.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("folder"))

        #expect(!ReportCLI.exists(html))
        #expect(!ReportCLI.exists(md))

        // Never over an input: the plan itself, or an instance file.
        let before = try Data(contentsOf: plan)
        r = try Tool.run(["report", plan.path, "--instance", instance, "--md", plan.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("input file"))
        #expect(try Data(contentsOf: plan) == before)
        let copy = try Tool.copyExample("tiny")
        let units = try Data(contentsOf: copy.appendingPathComponent("units.csv"))
        r = try Tool.run(["report", plan.path, "--instance", copy.path, "--html", copy.appendingPathComponent("units.csv").path])
        #expect(r.status == 1)
        #expect(try Data(contentsOf: copy.appendingPathComponent("units.csv")) == units)
    }

    @Test("diff of a plan with itself finds no differing post and exits 0")
    func diffIdentical() throws {
        let dir = try Tool.tempDir()
        let plan = try ReportCLI.solve(into: dir)
        let r = try Tool.run(["diff", plan.path, plan.path, "--instance", ReportCLI.district20.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("0 posts differ; objective 7339.2 → 7339.2 (Δ ±0)"))
    }

    @Test("diff of a plan with two holders swapped lists exactly those two posts, and writes JSON")
    func diffSwapped() throws {
        let dir = try Tool.tempDir()
        let a = try ReportCLI.solve(into: dir)
        let b = dir.appendingPathComponent("b.json")
        let (p1, p2) = try ReportCLI.swapped(a, 3, 40, to: b)
        let json = dir.appendingPathComponent("diff/d.json")
        let r = try Tool.run(["diff", a.path, b.path, "--instance", ReportCLI.district20.path, "--json", json.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2 posts differ; objective 7339.2 → 7339.2 (Δ ±0)"))
        let lines = r.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") }
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("  \(p1)  ") == true)
        #expect(lines.last?.hasPrefix("  \(p2)  ") == true)
        let object = try ReportCLI.object(json)
        #expect(object["posts_differing"] as? Int == 2)
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.compactMap { $0["post"] as? String } == [p1, p2])
        let ha = try ReportCLI.holders(a)
        #expect((changes[0]["a"] as? [String: Any])?["cadre"] as? String == ha[p1])
        #expect((changes[0]["b"] as? [String: Any])?["cadre"] as? String == ha[p2])
    }

    @Test("diff of plans solved under two policies lists exactly the posts whose holder differs")
    func diffPolicies() throws {
        let dir = try Tool.tempDir()
        let a = try ReportCLI.solve(into: dir, name: "a.json")
        let copy = try Tool.copyExample("district-20")
        let policy = copy.appendingPathComponent("policy.yaml")
        try (String(contentsOf: policy, encoding: .utf8) + "weights: {cross_block: 300, within: 10}\n").write(to: policy, atomically: true, encoding: .utf8)
        let b = try ReportCLI.solve(copy, into: dir, name: "b.json")
        let json = dir.appendingPathComponent("d.json")
        let r = try Tool.run(["diff", a.path, b.path, "--instance", ReportCLI.district20.path, "--json", json.path])
        #expect(r.status == 0, "\(r.stderr)")
        let ha = try ReportCLI.holders(a), hb = try ReportCLI.holders(b)
        let expected = Set(ha.keys.filter { ha[$0] != hb[$0] })
        #expect(!expected.isEmpty)
        let changes = try #require(try ReportCLI.object(json)["changes"] as? [[String: Any]])
        #expect(Set(changes.compactMap { $0["post"] as? String }) == expected)
        #expect(changes.count == expected.count)
        #expect(r.stdout.contains("\(expected.count) post\(expected.count == 1 ? "" : "s") differ"))
    }

    @Test("diff with a bad path exits 1 with a message and writes nothing")
    func diffBadPaths() throws {
        let dir = try Tool.tempDir()
        let plan = try ReportCLI.solve(into: dir)
        let json = dir.appendingPathComponent("d.json")
        var r = try Tool.run(["diff", plan.path, dir.appendingPathComponent("nope.json").path, "--instance", ReportCLI.district20.path, "--json", json.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("nope.json"))
        r = try Tool.run(["diff", plan.path, plan.path, "--instance", dir.appendingPathComponent("nowhere").path, "--json", json.path])
        #expect(r.status == 1)
        let garbage = dir.appendingPathComponent("garbage.json")
        try "{ not json".write(to: garbage, atomically: true, encoding: .utf8)
        r = try Tool.run(["diff", garbage.path, plan.path, "--instance", ReportCLI.district20.path, "--json", json.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("not valid JSON"))
        r = try Tool.run(["diff", plan.path, plan.path, "--instance", ReportCLI.district20.path, "--json", plan.path])
        #expect(r.status == 1)
        #expect(!ReportCLI.exists(json))
        #expect(try Tool.run(["diff", plan.path, "--instance", ReportCLI.district20.path]).status == 1)
    }
}
