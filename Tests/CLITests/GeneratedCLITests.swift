import Foundation
import Testing

/// The planner's commands on a generated instance, not only on the bundled examples.
@Suite("Planner commands on a generated instance")
struct GeneratedCLITests {
    @Test("alternatives, diff, report and an infeasibility diagnosis work on a generated 150-post instance")
    func generated() throws {
        let root = try Tool.tempDir()
        let inst = try Tool.generate(communes: 20, agencies: 10, seed: 9, in: root)
        let alts = root.appendingPathComponent("alts")
        let a = try Tool.run(["solve", inst.path, "--alternatives", "3", "--min-diff", "5", "--out-dir", alts.path])
        #expect(a.status == 0, "\(a.stderr)")
        for k in 1...3 {
            #expect(try Tool.run(["validate", inst.path, alts.appendingPathComponent("plan-\(k).json").path]).status == 0)
        }
        let d = try Tool.run(["diff", alts.appendingPathComponent("plan-1.json").path, alts.appendingPathComponent("plan-2.json").path,
                              "--instance", inst.path])
        #expect(d.status == 0)
        let differing = d.stdout.split(separator: "\n").first { $0.contains("posts differ") }
        let n = differing.flatMap { Int($0.split(separator: " ").first ?? "") } ?? 0
        #expect(n >= 5, "\(d.stdout)")
        let html = root.appendingPathComponent("report.html")
        #expect(try Tool.run(["report", alts.appendingPathComponent("plan-1.json").path, "--instance", inst.path, "--html", html.path]).status == 0)
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.contains("<svg") && !page.contains("http://") && !page.contains("https://"))
        // Made infeasible: a quota no plan can meet; the diagnosis names C7 and suggests a quota that works.
        let policy = inst.appendingPathComponent("policy.yaml")
        var text = try String(contentsOf: policy, encoding: .utf8)
        text = text.split(separator: "\n").filter { !$0.hasPrefix("min_moves") }.joined(separator: "\n") + "\nmin_moves: {up: 60}\n"
        try text.write(to: policy, atomically: true, encoding: .utf8)
        let diagnosis = root.appendingPathComponent("diagnosis.json")
        let r = try Tool.run(["solve", inst.path, "--out", root.appendingPathComponent("p.json").path, "--diagnosis", diagnosis.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("C7 move quotas"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: diagnosis)) as? [String: Any]
        let suggestion = (json?["suggestions"] as? [[String: Any]])?.first { $0["key"] as? String == "min_moves.up" }
        let value = try #require(suggestion?["value"] as? Double)
        #expect(value < 60)
    }
}
