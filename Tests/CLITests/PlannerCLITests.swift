import Foundation
import Testing

@Suite("plan solve: diagnosis and alternatives")
struct PlannerCLITests {
    @Test("an infeasible instance exits 2, writes no plan, and writes the diagnosis JSON with a verified suggestion")
    func diagnosis() throws {
        let inst = try Tool.copyExample("tiny")
        let policy = inst.appendingPathComponent("policy.yaml")
        let text = try String(contentsOf: policy, encoding: .utf8).replacingOccurrences(of: "max_arrivals_per_unit: 1", with: "max_arrivals_per_unit: 0")
        try text.write(to: policy, atomically: true, encoding: .utf8)
        let dir = inst.deletingLastPathComponent()
        let r = try Tool.run(["solve", inst.path, "--out", dir.appendingPathComponent("plan.json").path,
                              "--diagnosis", dir.appendingPathComponent("diagnosis.json").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("C5 arrival cap"))
        #expect(r.stderr.contains("max_arrivals_per_unit: 0 → 1"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("plan.json").path))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("diagnosis.json"))) as? [String: Any]
        let suggestions = json?["suggestions"] as? [[String: Any]] ?? []
        #expect(suggestions.contains { $0["key"] as? String == "max_arrivals_per_unit" && $0["value"] as? Double == 1 && $0["rule"] as? String == "C5" })
    }

    @Test("the 2025 rules end to end: inspect lists them, solve keeps them, validate and report recount them")
    func versionTwoRules() throws {
        let inst = try Tool.copyExample("tiny")
        let policy = inst.appendingPathComponent("policy.yaml")
        let text = try String(contentsOf: policy, encoding: .utf8)
            + "min_years_in_post: 3\nshares:\n  - {of: female, level: commune, min: 0.25}\n  - {of: young, level: province, at_least: 0}\n"
        try text.write(to: policy, atomically: true, encoding: .utf8)
        try "cadre,other,kind\nC04,C05,spouses\n".write(to: inst.appendingPathComponent("relations.csv"), atomically: true, encoding: .utf8)
        let look = try Tool.run(["inspect", inst.path])
        #expect(look.status == 0, "\(look.stderr)")
        #expect(look.stdout.contains("1 relation,"))
        #expect(look.stdout.contains("min_years_in_post 3: 1 holder may only stay or be released (E8)"))
        #expect(look.stdout.contains("share target shares[1] (of=female, level=commune, min=0.25): 8 posts, needs 2 held by a woman; 3 are now"))
        let dir = inst.deletingLastPathComponent()
        let plan = dir.appendingPathComponent("plan.json").path
        let r = try Tool.run(["solve", inst.path, "--out", plan])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("women's share (of=female, level=commune, min=0.25):"))
        let v = try Tool.run(["validate", inst.path, plan])
        #expect(v.status == 0 && v.stdout.contains("E8") && v.stdout.contains("C8"), "\(v.stdout)")
        let md = dir.appendingPathComponent("report.md").path
        let rep = try Tool.run(["report", plan, "--instance", inst.path, "--md", md])
        #expect(rep.status == 0, "\(rep.stderr)")
        let report = try String(contentsOf: URL(fileURLWithPath: md), encoding: .utf8)
        #expect(report.contains("Share targets (C4)") && report.contains("a woman") && report.contains("Relatives (C8)"))
    }

    @Test("--alternatives writes plan-1 … plan-K, each valid")
    func alternatives() throws {
        let dir = try Tool.tempDir().appendingPathComponent("alts")
        let tiny = Tool.examples.appendingPathComponent("tiny").path
        let r = try Tool.run(["solve", tiny, "--alternatives", "3", "--min-diff", "2", "--out-dir", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        for k in 1...3 {
            let file = dir.appendingPathComponent("plan-\(k).json").path
            #expect(try Tool.run(["validate", tiny, file]).status == 0)
        }
        #expect(r.stdout.contains("plan-3.json: optimal"))
        #expect(try Tool.run(["solve", tiny, "--alternatives", "3"]).status == 1)
    }
}
