import AssignModel
import Foundation
import Testing

/// `plan batch` as a user runs it.
@Suite("plan batch command line")
struct BatchCLITests {
    /// Four scenarios of district-20 (copied beside the scenario file); `tight-moves` is infeasible.
    static let scenarios = """
    # policy variants of the bundled district
    instance: ../district-20
    scenarios:
      - name: baseline
      - name: tight-moves
        policy: {max_moves: 5}
      - name: cheap-release
        policy: {weights: {release: 100}, non_local_share: [{level: commune, key: true, min: 0.7}]}
      - name: head-10
        policy: {max_years: {head: 10, deputy: 5}}
    """

    /// Runs `plan` with its output sent to files rather than pipes, so that no pipe read can be
    /// interrupted by a signal while other tests start and end processes.
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> Tool.Result {
        let logs = try Tool.tempDir()
        let outURL = logs.appendingPathComponent("stdout"), errURL = logs.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }
        let process = Process()
        process.executableURL = Tool.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["PLAN_LANG": "en"]) { _, new in new }
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        return Tool.Result(status: process.terminationStatus,
                           stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                           stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// A copy of district-20 and `batches/<file>` with `text`; returns the scenario file.
    static func setUp(_ text: String = scenarios, file: String = "s.yaml") throws -> URL {
        let inst = try Tool.copyExample("district-20")
        let dir = inst.deletingLastPathComponent().appendingPathComponent("batches")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(file)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// summary.csv as rows of fields (no quoted commas in the fields compared here except the header).
    static func summaryRows(_ dir: URL) throws -> [String] {
        let data = try Data(contentsOf: dir.appendingPathComponent("summary.csv"))
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        return String(decoding: data.dropFirst(3), as: UTF8.self).split(separator: "\r\n").map(String.init)
    }

    @Test("solves every scenario, reports progress, writes the summary and one checked plan per feasible scenario; infeasible exits 2")
    func batch() throws {
        let file = try Self.setUp()
        let out = file.deletingLastPathComponent().appendingPathComponent("out/run")
        let r = try Self.run(["batch", file.path, "--out", out.path, "--jobs", "2"])
        #expect(r.status == 2, "\(r.stderr)")
        for k in 1...4 { #expect(r.stderr.contains("[\(k)/4] "), "\(r.stderr)") }
        #expect(r.stderr.contains("baseline: optimal 7339.2 ("))
        #expect(r.stderr.contains("tight-moves: infeasible ("))
        #expect(r.stdout.contains("4 scenarios: 3 optimal, 1 infeasible"), "\(r.stdout)")
        let rows = try Self.summaryRows(out)
        #expect(rows.count == 5)
        #expect(rows[0] == "scenario,status,objective,bound,moves,releases,\"share 1 (level=commune, key=true, min=0.5)\",\"share 2 (level=commune, key=true, min=0.7)\",seconds")
        #expect(rows[1].hasPrefix("baseline,optimal,7339.2,7339.2,"))
        #expect(rows[2].hasPrefix("tight-moves,infeasible,,,,,,,"))
        #expect(rows[3].hasPrefix("cheap-release,optimal,"))
        #expect(rows[4].hasPrefix("head-10,optimal,"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == ["baseline.json", "cheap-release.json", "head-10.json", "summary.csv"])

        // The baseline row is the single solve: same objective, same plan file.
        let single = out.deletingLastPathComponent().appendingPathComponent("single.json")
        let inst = file.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("district-20")
        let s = try Self.run(["solve", inst.path, "--out", single.path])
        #expect(s.status == 0)
        #expect(try Data(contentsOf: single) == Data(contentsOf: out.appendingPathComponent("baseline.json")))
        let v = try Self.run(["validate", inst.path, out.appendingPathComponent("baseline.json").path])
        #expect(v.status == 0, "\(v.stdout)")
    }

    @Test("--jobs 1 and --jobs 2 write the same summary (but for seconds) and identical plans")
    func parallelMatchesSequential() throws {
        let file = try Self.setUp()
        var summaries: [[String]] = []
        var plans: [[Data]] = []
        for jobs in ["1", "2"] {
            let out = file.deletingLastPathComponent().appendingPathComponent("out-\(jobs)")
            let r = try Self.run(["batch", file.path, "--out", out.path, "--jobs", jobs])
            #expect(r.status == 2, "\(r.stderr)")
            summaries.append(try Self.summaryRows(out).map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") })
            plans.append(try ["baseline", "cheap-release", "head-10"].map { try Data(contentsOf: out.appendingPathComponent("\($0).json")) })
        }
        #expect(summaries[0] == summaries[1])
        #expect(plans[0] == plans[1])
    }

    @Test("exit 0 when every scenario has a plan; the folder is created and a stale plan of a now-infeasible scenario is removed")
    func allFeasible() throws {
        let file = try Self.setUp("""
        instance: ../district-20
        scenarios:
          - name: a
          - name: b.v2
            policy: {weights: {horizontal: 120, down: 80}}
        """)
        let out = file.deletingLastPathComponent().appendingPathComponent("new/folder")
        let r = try Self.run(["batch", file.path, "--out", out.path, "--time-limit", "60"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("b.v2.json").path))

        try """
        instance: ../district-20
        scenarios:
          - name: a
          - name: b.v2
            policy: {max_moves: 0}
        """.write(to: file, atomically: true, encoding: .utf8)
        let again = try Self.run(["batch", file.path, "--out", out.path])
        #expect(again.status == 2)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("b.v2.json").path))
        #expect(try Self.summaryRows(out)[2].hasPrefix("b.v2,infeasible,"))
    }

    @Test("malformed scenario files exit 1 with located messages and write nothing",
          arguments: [
              ("instance: ../district-20\nscenarios:\n  - name: a\n    polcy: {max_moves: 3}\n",
               "s.yaml:4:5: scenarios[1]: unknown key 'polcy' in a scenario (did you mean 'policy'?)"),
              ("instance: ../district-20\nscenarios:\n  - name: a\n    policy: {max_arrivals_per_unit: two}\n",
               "s.yaml:4:37: max_arrivals_per_unit: expected a whole number, found 'two'"),
              ("instance: ../district-20\nscenarios:\n  - name: a\n    policy: {weights: {relase: 1}}\n",
               "s.yaml:4:24: weights: unknown weight 'relase' (did you mean 'release'?)"),
              ("instance: ../district-20\nscenarios:\n  - name: a\n  - name: b\n  - name: a\n",
               "s.yaml:5:11: scenarios[3].name: duplicate scenario name 'a' (already used on line 3"),
              ("instance: ../district-20\nscenarios:\n  - name: ../../etc/x\n",
               "s.yaml:3:11: scenarios[1].name: '../../etc/x' cannot be a scenario name"),
              ("instance: ../nowhere\nscenarios:\n  - name: a\n",
               "s.yaml:1:11: instance: instance directory '../nowhere' not found"),
              ("scenarios:\n  - name: a\n",
               "s.yaml:1:1: instance: missing 'instance'"),
              ("instance: ../district-20\nscenario:\n  - name: a\n",
               "s.yaml:2:1: scenario: unknown key 'scenario' (did you mean 'scenarios'?)"),
          ])
    func malformed(text: String, message: String) throws {
        let file = try Self.setUp(text)
        let out = file.deletingLastPathComponent().appendingPathComponent("out")
        // Run from the scenario file's folder so that messages name it as given: s.yaml.
        let r = try Self.run(["batch", "s.yaml", "--out", "out"], in: file.deletingLastPathComponent())
        let stderr = r.stderr
        #expect(r.status == 1, "\(stderr)")
        #expect(stderr.contains("nothing was written"), "\(stderr)")
        #expect(stderr.contains(message), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("a problem in the instance itself is reported with the instance file's path; bad options exit 1")
    func badInstanceAndOptions() throws {
        let file = try Self.setUp()
        let inst = file.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("district-20")
        let cadres = inst.appendingPathComponent("cadres.csv")
        var lines = try String(contentsOf: cadres, encoding: .utf8).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: ",m,", with: ",x,").replacingOccurrences(of: ",f,", with: ",x,")
        try lines.joined(separator: "\r\n").write(to: cadres, atomically: true, encoding: .utf8)
        let out = file.deletingLastPathComponent().appendingPathComponent("out")
        let r = try Self.run(["batch", file.path, "--out", out.path])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("\(cadres.standardizedFileURL.path):2:"), "\(r.stderr)")
        #expect(r.stderr.contains("gender"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))

        let good = try Self.setUp()
        for args in [["--jobs", "0"], ["--time-limit", "-1"]] {
            let bad = try Self.run(["batch", good.path, "--out", out.path] + args)
            #expect(bad.status == 1, "\(args): \(bad.stderr)")
        }
        let notFound = try Self.run(["batch", good.deletingLastPathComponent().appendingPathComponent("absent.yaml").path, "--out", out.path])
        #expect(notFound.status == 1)
        #expect(notFound.stderr.contains("absent.yaml: file not found"))
        // --out naming a file is refused before anything runs.
        let plainFile = good.deletingLastPathComponent().appendingPathComponent("occupied")
        try Data().write(to: plainFile)
        let occupied = try Self.run(["batch", good.path, "--out", plainFile.path])
        #expect(occupied.status == 1)
        #expect(occupied.stderr.contains("is a file, not a folder"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("help documents the scenario file and the exit statuses")
    func help() throws {
        let r = try Self.run(["batch", "--help"])
        #expect(r.stdout.contains("scenarios:"))
        #expect(r.stdout.contains("--jobs"))
        #expect(r.stdout.contains("Exit status"))
    }
}
