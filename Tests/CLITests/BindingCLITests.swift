import Foundation
import Testing

/// The command line on what-ifs whose rules bind: quick answers and the generator's hard knobs.
@Suite("Binding what-ifs on the command line")
struct BindingCLITests {
    /// A generated 150-post instance with a policy of our own.
    func instance(_ extra: [String] = [], policy: String? = nil) throws -> URL {
        let dir = try Tool.tempDir().appendingPathComponent("inst")
        let r = try Tool.run(["generate", "--communes", "20", "--agencies", "10", "--seed", "4", "--out", dir.path] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        if let policy { try policy.write(to: dir.appendingPathComponent("policy.yaml"), atomically: true, encoding: .utf8) }
        return dir
    }

    static let base = """
        year: 2025
        retirement_age: {m: 62, f: 60}
        max_years: {head: 8, deputy: 5}
        min_years_left: 10
        min_years_left_exempt: 5
        weak_min_rating: 60

        """

    @Test("an impossible share target: exit 2 with --no-diagnosis, nothing written, no diagnosis text")
    func noDiagnosis() throws {
        let dir = try instance(policy: Self.base + "non_local_share:\n  - {level: commune, key: true, min: 1}\n  - {key: false, min: 1}\nmax_arrivals_per_unit: 1\n")
        let out = dir.deletingLastPathComponent().appendingPathComponent("plan.json")
        let r = try Tool.run(["solve", dir.path, "--out", out.path, "--no-diagnosis"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("diagnosis skipped"))
        #expect(!r.stderr.contains("Each of these changes"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(try Tool.run(["solve", dir.path, "--no-diagnosis", "--diagnosis", out.path]).status == 1)
    }

    @Test("--first-plan writes a checked plan that keeps every rule, marked feasible or optimal")
    func firstPlan() throws {
        let dir = try instance(policy: Self.base + "non_local_share:\n  - {level: commune, key: true, min: 0.8}\nmin_moves: {down: 10, up: 10}\n")
        let out = dir.deletingLastPathComponent().appendingPathComponent("plan.json")
        let r = try Tool.run(["solve", dir.path, "--out", out.path, "--first-plan"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try Tool.run(["validate", dir.path, out.path])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        let plan = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any]
        let status = plan?["status"] as? String
        #expect(status == "feasible" || status == "optimal")
    }

    @Test("generate --max-arrivals 1 --weak-percent 60 --weak-min-rating 75 writes a feasible instance with that policy")
    func hardKnobs() throws {
        let dir = try instance(["--max-arrivals", "1", "--weak-percent", "60", "--weak-min-rating", "75"])
        let policy = try String(contentsOf: dir.appendingPathComponent("policy.yaml"), encoding: .utf8)
        #expect(policy.contains("max_arrivals_per_unit: 1"))
        #expect(policy.contains("weak_min_rating: 75"))
        #expect(policy.contains("--max-arrivals 1 --weak-percent 60 --weak-min-rating 75"))
        let units = try String(contentsOf: dir.appendingPathComponent("units.csv"), encoding: .utf8)
        let weak = units.split(separator: "\n").dropFirst().filter { $0.hasSuffix(",1") }.count
        #expect(weak >= 6, "\(weak) of 30 units weak")
        let r = try Tool.run(["solve", dir.path, "--out", dir.deletingLastPathComponent().appendingPathComponent("p.json").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Tool.run(["generate", "--communes", "2", "--agencies", "0", "--max-arrivals", "0", "--out",
                              dir.deletingLastPathComponent().appendingPathComponent("x").path]).status == 1)
    }
}
