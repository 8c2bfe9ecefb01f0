import AssignModel
import Foundation
import Solver
import Testing

/// `plan batch`: scenario files, the parallel runner and the summary.
@Suite("batch of scenarios")
struct BatchTests {
    /// Five scenarios of district-20; `tight-moves` is infeasible (at most 5 moves).
    static let scenarios = """
    instance: district-20
    scenarios:
      - name: baseline
      - name: tight-moves
        policy: {max_moves: 5}
      - name: cheap-release
        policy:
          weights: {release: 100}
          non_local_share: [{level: commune, key: true, min: 0.7}]
      - name: head-10
        policy: {max_years: {head: 10, deputy: 5}, weights: {cross_block: 60}}
      - name: down-quota
        policy: {min_moves: {down: 10}, max_moves: 80}
    """

    static func batch(_ text: String = scenarios) throws -> BatchFile {
        try BatchFile.parse(Data(text.utf8), file: "scenarios.yaml", baseDirectory: Examples.root)
    }

    /// The same scenarios built by hand in Swift, independently of the scenario-file reader.
    static func expectedPolicies(_ base: Policy) -> [(String, Policy)] {
        var tight = base
        tight.maxMoves = 5
        var cheap = base
        cheap.weights.release = 100
        cheap.shareTargets = [ShareTarget(level: .commune, key: true, min: Fraction(decimal: "0.7")!)]
        var head = base
        head.maxYears = [.head: 10, .deputy: 5]
        head.weights.crossBlock = 60
        var down = base
        down.minMoves = [.down: 10]
        down.maxMoves = 80
        return [("baseline", base), ("tight-moves", tight), ("cheap-release", cheap), ("head-10", head), ("down-quota", down)]
    }

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-6 * max(1, abs(b))
    }

    @Test("the scenario file resolves the instance relative to itself and applies each scenario's overrides")
    func readsScenarios() throws {
        let batch = try Self.batch()
        #expect(batch.instanceDirectory.standardizedFileURL == Examples.root.appendingPathComponent("district-20").standardizedFileURL)
        #expect(batch.scenarios.map(\.name) == ["baseline", "tight-moves", "cheap-release", "head-10", "down-quota"])
        let base = batch.instance.policy
        #expect(batch.scenarios[0].overriddenKeys.isEmpty)
        #expect(batch.scenarios[1].policy.maxMoves == 5)
        #expect(base.maxMoves == nil)
        let cheap = batch.scenarios[2].policy
        #expect(cheap.weights.release == 100)
        #expect(cheap.weights.horizontal == base.weights.horizontal, "weights not named keep their values")
        #expect(cheap.shareTargets.map(\.label) == ["level=commune, key=true, min=0.7"])
        #expect(cheap.maxArrivalsPerUnit == base.maxArrivalsPerUnit)
        #expect(batch.scenarios[3].policy.maxYears == [.head: 10, .deputy: 5])
        #expect(batch.scenarios[4].policy.minMoves == [.down: 10])
        #expect(batch.scenarios[4].overriddenKeys == ["min_moves", "max_moves"])
    }

    @Test("each summary row matches a single solve of the instance with the same overrides; the infeasible one stops nothing")
    func matchesSingleSolves() throws {
        let batch = try Self.batch()
        let results = BatchRunner.run(batch, jobs: 2)
        let expected = Self.expectedPolicies(batch.instance.policy)
        #expect(results.map(\.name) == expected.map(\.0))
        for (result, (name, policy)) in zip(results, expected) {
            var instance = batch.instance
            instance.policy = policy
            let single = PlanSolver.solve(instance)
            switch single.status {
            case .optimal: #expect(result.outcome == .optimal, "\(name)")
            case .feasible: #expect(result.outcome == .feasible, "\(name)")
            case .infeasible: #expect(result.outcome == .infeasible, "\(name)")
            default: Issue.record("\(name): unexpected single-solve status \(single.status)")
            }
            #expect(Self.close(result.objective, single.plan?.objective), "\(name): \(String(describing: result.objective)) vs \(String(describing: single.plan?.objective))")
            #expect(Self.close(result.bound, single.plan?.bound), "\(name)")
        }
        #expect(results[1].outcome == .infeasible)
        #expect(results[1].plan == nil)
        #expect(results.filter { $0.outcome == .optimal }.count == 4, "the infeasible scenario does not stop the others")
        #expect(Self.close(results[0].objective, 7339.2))
        #expect(BatchRunner.exitStatus(results) == 2)
    }

    @Test("two workers give the same results and byte-identical plans as one")
    func parallelEqualsSequential() throws {
        let batch = try Self.batch()
        let one = BatchRunner.run(batch, jobs: 1)
        let two = BatchRunner.run(batch, jobs: 2)
        let many = BatchRunner.run(batch, jobs: 8)
        for other in [two, many] {
            #expect(other.map(\.name) == one.map(\.name))
            for (a, b) in zip(one, other) {
                #expect(a.outcome == b.outcome, "\(a.name)")
                #expect(a.objective == b.objective, "\(a.name)")
                #expect(a.bound == b.bound, "\(a.name)")
                #expect(a.moves == b.moves && a.releases == b.releases, "\(a.name)")
                #expect(a.shares == b.shares, "\(a.name)")
                #expect(a.plan?.json.serialized() == b.plan?.json.serialized(), "\(a.name)")
            }
            #expect(BatchRunner.summaryTable(one).rows.map { $0.dropLast() } == BatchRunner.summaryTable(other).rows.map { $0.dropLast() })
        }
    }

    @Test("concurrent solves on every worker give the plans of sequential solves, byte for byte")
    func concurrentSolvesAreIndependent() throws {
        var text = "instance: district-20\nscenarios:\n"
        for i in 0..<8 {
            text += i % 2 == 0 ? "  - name: base-\(i)\n" : "  - name: release-\(i)\n    policy: {weights: {release: \(100 * i)}}\n"
        }
        let batch = try Self.batch(text)
        let results = BatchRunner.run(batch, jobs: 8)
        for (scenario, result) in zip(batch.scenarios, results) {
            let single = try #require(PlanSolver.solve(batch.instance(for: scenario)).plan)
            #expect(result.outcome == .optimal, "\(scenario.name)")
            #expect(result.plan?.json.serialized() == single.json.serialized(), "\(scenario.name)")
        }
    }

    @Test("written plans pass the independent checker against their scenario's policy; progress is reported once per scenario")
    func writesCheckedPlans() throws {
        let batch = try Self.batch()
        let dir = try Self.tempDir()
        // A stale plan of a scenario that now has none is removed.
        try Data("{}".utf8).write(to: dir.appendingPathComponent("tight-moves.json"))
        let lock = NSLock()
        var seen: [(Int, Int, String, String)] = []
        let results = BatchRunner.run(batch, jobs: 2, outputDirectory: dir) { finished, total, result in
            lock.lock()
            seen.append((finished, total, result.name, result.progressLine(finished: finished, total: total)))
            lock.unlock()
        }
        #expect(seen.map(\.0) == [1, 2, 3, 4, 5])
        #expect(seen.allSatisfy { $0.1 == 5 })
        #expect(Set(seen.map(\.2)) == Set(results.map(\.name)))
        for (finished, _, name, line) in seen {
            #expect(line.hasPrefix("[\(finished)/5] \(name): "), "\(line)")
        }
        #expect(seen.contains { $0.3.hasPrefix("[") && $0.3.contains("baseline: optimal 7339.2 (") && $0.3.hasSuffix(" s)") })
        #expect(seen.contains { $0.3.contains("tight-moves: infeasible (") })
        for (scenario, result) in zip(batch.scenarios, results) {
            let url = dir.appendingPathComponent("\(scenario.name).json")
            if result.outcome.hasPlan {
                #expect(result.planFile == url)
                let plan = try Plan.read(url)
                let check = PlanChecker.check(plan, against: batch.instance(for: scenario))
                #expect(check.isValid, "\(scenario.name): \(check.violations)")
                #expect(Self.close(check.objective, result.objective))
                #expect(check.moves == result.moves)
                #expect(plan.assignments.count == batch.instance.posts.count)
            } else {
                #expect(!FileManager.default.fileExists(atPath: url.path), "\(scenario.name)")
            }
        }
        // Shares: the baseline keeps policy.yaml's target, cheap-release has its own.
        #expect(results[0].shares.count == 1)
        #expect(results[0].shares[0].needed == 40)
        #expect(results[0].shares[0].achieved >= 40)
        #expect(results[2].shares.map(\.label) == ["level=commune, key=true, min=0.7"])
        #expect(results[2].shares[0].achieved >= results[2].shares[0].needed)
    }

    @Test("summary: one share column per distinct target, achieved/needed, empty without a plan")
    func summaryTable() throws {
        let batch = try Self.batch()
        let results = BatchRunner.run(batch, jobs: 2)
        let table = BatchRunner.summaryTable(results)
        #expect(table.header == ["scenario", "status", "objective", "bound", "moves", "releases",
                                 "share 1 (level=commune, key=true, min=0.5)", "share 2 (level=commune, key=true, min=0.7)", "seconds"])
        #expect(table.rows.map { $0[0] } == batch.scenarios.map(\.name))
        #expect(table.rows[0][1] == "optimal")
        #expect(table.rows[0][2] == "7339.2")
        #expect(table.rows[0][7] == "")
        #expect(table.rows[0][6].hasSuffix("/40"))
        #expect(table.rows[1][1...7].allSatisfy { $0.isEmpty || $0 == "infeasible" })
        #expect(table.rows[2][6] == "")
        #expect(table.rows[2][7].hasSuffix("/56"))  // ceil(0.7 × 80)
        let csv = try BatchRunner.summaryCSV(results)
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]))
    }

    @Test("a scenario that fails (here: its plan cannot be written) is an error; the others still finish")
    func errorDoesNotStopOthers() throws {
        let batch = try Self.batch()
        let dir = try Self.tempDir()
        // A folder where baseline.json should go: the rename onto it fails.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("baseline.json"), withIntermediateDirectories: false)
        let results = BatchRunner.run(batch, jobs: 2, outputDirectory: dir)
        guard case .error(let why) = results[0].outcome else {
            Issue.record("expected an error, got \(results[0].outcome)")
            return
        }
        #expect(why.contains("cannot write the plan"))
        #expect(results[0].outcome.label.hasPrefix("error: "))
        #expect(results[2...].allSatisfy { $0.outcome == .optimal })
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("head-10.json").path))
        #expect(BatchRunner.exitStatus(results) == 3)
    }

    @Test("exit status: 0 all planned, 2 infeasible, 3 no plan in time or an error")
    func exitStatus() {
        func result(_ outcome: ScenarioOutcome) -> ScenarioResult {
            ScenarioResult(name: "x", outcome: outcome)
        }
        #expect(BatchRunner.exitStatus([result(.optimal), result(.feasible)]) == 0)
        #expect(BatchRunner.exitStatus([result(.optimal), result(.infeasible)]) == 2)
        #expect(BatchRunner.exitStatus([result(.infeasible), result(.noPlan)]) == 3)
        #expect(BatchRunner.exitStatus([result(.infeasible), result(.error("boom"))]) == 3)
        #expect(result(.noPlan).outcome.label == "no_plan")
    }

    @Test("scenario names must be safe file names")
    func names() {
        for good in ["baseline", "strict-arrivals", "v1.2_b", "A9"] {
            #expect(BatchFile.nameProblem(good) == nil, "\(good)")
        }
        for bad in ["", "a b", "../x", "a/b", ".hidden", "..", "Hòa", "x:y", "a\\b", String(repeating: "x", count: 101)] {
            #expect(BatchFile.nameProblem(bad) != nil, "\(bad)")
        }
    }

    static func problems(_ text: String) -> [String] {
        do {
            _ = try batch(text)
            return []
        } catch let errors as InputErrors {
            return errors.issues.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test("every problem of a malformed scenario file is reported with file, line and column")
    func malformed() {
        let text = """
        instance: district-20
        scenarios:
          - name: a
            polcy: {max_moves: 3}
          - name: b
            policy: {max_moves: -1, weights: {relase: 1}}
          - name: a
          - name: ../evil
          - name: ""
          - {policy: {year: 2026}}
          - name: c
            max_moves: 4
        extra: 1
        """
        let p = Self.problems(text)
        let expected = [
            "scenarios.yaml:4:5: scenarios[1]: unknown key 'polcy' in a scenario (did you mean 'policy'?)",
            "scenarios.yaml:6:25: max_moves: -1 is outside",
            "scenarios.yaml:6:39: weights: unknown weight 'relase' (did you mean 'release'?)",
            "scenarios.yaml:7:11: scenarios[3].name: duplicate scenario name 'a' (already used on line 3",
            "scenarios.yaml:8:11: scenarios[4].name: '../evil' cannot be a scenario name",
            "scenarios.yaml:9:11: scenarios[5].name: the scenario name is empty",
            "scenarios.yaml:10:5: scenarios[6]: a scenario needs a 'name'",
            "scenarios.yaml:12:5: scenarios[7]: unknown key 'max_moves' in a scenario (policy keys go under 'policy:'",
            "scenarios.yaml:13:1: extra: unknown key 'extra'",
        ]
        #expect(p.count == expected.count, "\(p)")
        for e in expected {
            #expect(p.contains { $0.hasPrefix(e) }, "missing: \(e)\nin: \(p.joined(separator: "\n"))")
        }
    }

    @Test("a missing or unreadable instance, missing keys and bad YAML are located errors")
    func instanceAndStructure() throws {
        #expect(Self.problems("instance: nowhere\nscenarios:\n  - name: a\n")
                == ["scenarios.yaml:1:11: instance: instance directory 'nowhere' not found (looked for \(Examples.root.appendingPathComponent("nowhere").path))"])
        #expect(Self.problems("scenarios:\n  - name: a\n").first?.hasPrefix("scenarios.yaml:1:1: instance: missing 'instance'") == true)
        #expect(Self.problems("instance: district-20\n").first?.hasPrefix("scenarios.yaml:1:1: scenarios: missing 'scenarios'") == true)
        #expect(Self.problems("instance: district-20\nscenarios: []\n").first?.hasPrefix("scenarios.yaml:2:12: scenarios: the list of scenarios is empty") == true)
        #expect(Self.problems("instance: district-20\nscenarios: {name: a}\n").first?.hasPrefix("scenarios.yaml:2:12: scenarios: expected a list") == true)
        #expect(Self.problems("instance: [a, b]\nscenarios:\n  - name: a\n").first?.hasPrefix("scenarios.yaml:1:11: instance: expected the path") == true)
        #expect(Self.problems("instance: district-20\nscenarios:\n  - name: a\n    policy: [1]\n").first?.hasPrefix("scenarios.yaml:4:13: scenarios[1].policy: expected a mapping") == true)
        #expect(Self.problems("instance: district-20\nscenarios:\n  - name: a\n  - name: A\n").first?.hasPrefix("scenarios.yaml:4:11: scenarios[2].name: duplicate scenario name 'A'") == true)
        #expect(Self.problems("instance: district-20\nscenarios:\n  - name: [a\n").first?.hasPrefix("scenarios.yaml:") == true)
        #expect(Self.problems("").first == "scenarios.yaml: file is empty: expected 'instance' and 'scenarios'")
        #expect(Self.problems("- a\n").first?.hasPrefix("scenarios.yaml:1:1: expected a mapping") == true)
        // A null override is allowed: no overrides.
        #expect(Self.problems("instance: district-20\nscenarios:\n  - name: a\n    policy:\n").isEmpty)

        // Problems inside the instance are reported with the instance file's path, together with the scenario file's.
        let dir = try Self.tempDir()
        let inst = dir.appendingPathComponent("inst")
        try FileManager.default.copyItem(at: Examples.root.appendingPathComponent("tiny"), to: inst)
        let policy = inst.appendingPathComponent("policy.yaml")
        try (String(contentsOf: policy, encoding: .utf8) + "max_year: 3\n").write(to: policy, atomically: true, encoding: .utf8)
        let file = dir.appendingPathComponent("s.yaml")
        try "instance: inst\nscenarios:\n  - name: a\n    policy: {weights: {release: x}}\n".write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try BatchFile.read(file, file: "s.yaml")
            Issue.record("expected errors")
        } catch let errors as InputErrors {
            let p = errors.issues.map(\.description)
            #expect(p.count == 2, "\(p)")
            #expect(p.first?.hasPrefix("s.yaml:4:33: weights.release: expected a number") == true, "\(p)")
            #expect(p.last?.hasPrefix("\(policy.standardizedFileURL.path):") == true, "\(p)")
            #expect(p.last?.contains("max_year: unknown policy key") == true, "\(p)")
        }
        #expect(throws: InputErrors.self) { try BatchFile.read(dir.appendingPathComponent("absent.yaml")) }
    }
}

@Suite("GLPK threads")
struct GLPKThreadTests {
    @Test("the linked GLPK keeps its state per thread, so batch runs as many workers as asked")
    func threadLocal() {
        #expect(GLPKInfo.isThreadLocal, "this GLPK has no thread-local storage: batch would run one scenario at a time")
        #expect(BatchRunner.workers(3) == (GLPKInfo.isThreadLocal ? 3 : 1))
        #expect(BatchRunner.workers(0) == 1)
    }
}
