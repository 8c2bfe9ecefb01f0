import AssignModel
import Foundation
import Testing

/// Runs the built `plan` tool.
struct Tool {
    static var executable: URL {
        // The test bundle sits in the build products folder, beside the `plan` executable.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("plan").path), dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("plan")
    }

    static var executablePath: String { executable.path }

    static var examples: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the tool with its output in temporary files (not pipes: reading a pipe while other tests
    /// start processes can be interrupted).
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        // English unless the test asks otherwise: the tests read the English texts; the Vietnamese
        // default and --lang are tested on their own (LanguageCLITests).
        process.environment = ProcessInfo.processInfo.environment.merging(["PLAN_LANG": "en"].merging(environment) { _, new in new }) { _, new in new }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
    }

    /// Starts the tool in the background with stderr going to `stderr` (a file), for tests that signal it.
    static func start(_ arguments: [String], stderr: URL) throws -> Process {
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["PLAN_LANG": "en"]) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        return process
    }

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// `plan generate` into `root/name` (seed and sizes as given); expects it to succeed.
    static func generate(communes: Int, agencies: Int, seed: Int, in root: URL, name: String = "gen") throws -> URL {
        let dir = root.appendingPathComponent(name)
        let r = try run(["generate", "--communes", "\(communes)", "--agencies", "\(agencies)", "--seed", "\(seed)", "--out", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    /// A copy of a bundled example that a test may change.
    static func copyExample(_ name: String) throws -> URL {
        let dir = try tempDir().appendingPathComponent(name)
        try FileManager.default.copyItem(at: examples.appendingPathComponent(name), to: dir)
        return dir
    }
}

@Suite("plan command line")
struct CLITests {
    @Test("solve writes the plan and a spreadsheet table, and validate accepts the plan")
    func solveAndValidate() throws {
        let dir = try Tool.tempDir()
        let plan = dir.appendingPathComponent("plan.json").path, csv = dir.appendingPathComponent("plan.csv").path
        let r = try Tool.run(["solve", Tool.examples.appendingPathComponent("district-20").path, "--out", plan, "--csv", csv])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("optimal, objective 7339.2"))
        #expect(r.stdout.contains("horizontal"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan))) as? [String: Any]
        #expect(json?["status"] as? String == "optimal")
        #expect((json?["assignments"] as? [Any])?.count == 156)
        let table = try Data(contentsOf: URL(fileURLWithPath: csv))
        #expect(table.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: table, as: UTF8.self)
        #expect(text.contains("Xã An 0"))
        #expect(text.contains("release"))
        let v = try Tool.run(["validate", Tool.examples.appendingPathComponent("district-20").path, plan])
        #expect(v.status == 0, "\(v.stdout) \(v.stderr)")
        #expect(v.stdout.contains("valid"))
    }

    @Test("two runs write byte-identical plans")
    func deterministic() throws {
        let dir = try Tool.tempDir()
        var files: [Data] = []
        for i in 0..<2 {
            let out = dir.appendingPathComponent("p\(i).json").path
            #expect(try Tool.run(["solve", Tool.examples.appendingPathComponent("district-20").path, "--out", out]).status == 0)
            files.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        #expect(files[0] == files[1])
    }

    @Test("bad input exits 1 with located messages and writes nothing")
    func badInput() throws {
        let inst = try Tool.copyExample("tiny")
        let cadres = inst.appendingPathComponent("cadres.csv")
        var text = try String(contentsOf: cadres, encoding: .utf8)
        text = text.replacingOccurrences(of: "C03,Lê Quốc Cường,m,1972", with: "C03,Lê Quốc Cường,m,19x2")
        text = text.replacingOccurrences(of: "party;admin,80,", with: "party;admin,180,")
        try text.write(to: cadres, atomically: true, encoding: .utf8)
        let out = inst.deletingLastPathComponent().appendingPathComponent("out/plan.json")
        let r = try Tool.run(["solve", inst.path, "--out", out.path, "--csv", out.path + ".csv"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cadres.csv:4:4: birth_year"))
        #expect(r.stderr.contains("cadres.csv:2:11: rating"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(!FileManager.default.fileExists(atPath: out.path + ".csv"))
    }

    @Test("an infeasible instance exits 2, names the blocking post, and writes nothing")
    func infeasible() throws {
        let inst = try Tool.copyExample("tiny")
        try "cadre,post,action\nC05,AX-BT,fix\n".write(to: inst.appendingPathComponent("pins.csv"), atomically: true, encoding: .utf8)
        let out = inst.deletingLastPathComponent().appendingPathComponent("plan.json")
        let r = try Tool.run(["solve", inst.path, "--out", out.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("infeasible"))
        #expect(r.stderr.contains("fix pin C05 → AX-BT"))
        #expect(r.stderr.contains("E1 skills"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("usage errors exit 1")
    func usage() throws {
        #expect(try Tool.run(["solve"]).status == 1)
        #expect(try Tool.run(["solve", Tool.examples.appendingPathComponent("tiny").path, "--bogus"]).status == 1)
        #expect(try Tool.run(["solve", Tool.examples.appendingPathComponent("tiny").path, "--time-limit", "-3"]).status == 1)
        #expect(try Tool.run(["--help"]).status == 0)
    }

    @Test("refuses to write the plan over an input file")
    func protectsInput() throws {
        let inst = try Tool.copyExample("tiny")
        let before = try Data(contentsOf: inst.appendingPathComponent("cadres.csv"))
        let r = try Tool.run(["solve", inst.path, "--out", inst.appendingPathComponent("cadres.csv").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("input file"))
        #expect(try Data(contentsOf: inst.appendingPathComponent("cadres.csv")) == before)
    }

    /// A fresh folder, the tiny example's path, and its optimal plan solved into the folder.
    func solvedTiny() throws -> (dir: URL, tiny: String, plan: URL) {
        let dir = try Tool.tempDir()
        let tiny = Tool.examples.appendingPathComponent("tiny").path
        let plan = dir.appendingPathComponent("plan.json")
        #expect(try Tool.run(["solve", tiny, "--out", plan.path]).status == 0)
        return (dir, tiny, plan)
    }

    @Test("validate lists each violation with its rule id and exits 2")
    func validateBroken() throws {
        let (dir, tiny, plan) = try solvedTiny()
        var text = try String(contentsOf: plan, encoding: .utf8)
        // Give the weak ward's secretary post back to its low-rated local holder.
        text = text.replacingOccurrences(of: "\"post\": \"HH-BT\",\n      \"cadre\": \"C02\"", with: "\"post\": \"HH-BT\",\n      \"cadre\": \"C04\"")
        try text.write(to: plan, atomically: true, encoding: .utf8)
        let r = try Tool.run(["validate", tiny, plan.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("E2 non-local post"))
        #expect(r.stderr.contains("E6 weak-unit rating"))
        #expect(r.stderr.contains("C04"))
        #expect(r.stderr.contains("E6 weak-unit rating: a head post of a weak unit needs a rating"))
        // validate writes nothing, so a bad input does not say "nothing was written"; counts agree in number.
        let bad = try Tool.run(["validate", tiny, dir.appendingPathComponent("missing.json").path])
        #expect(bad.status == 1 && bad.stderr.contains("file not found") && !bad.stderr.contains("nothing was written"), "\(bad.stderr)")
        #expect(try Tool.run(["solve", tiny, "--out", plan.path]).status == 0)
        let ok = try Tool.run(["validate", tiny, plan.path])
        #expect(ok.status == 0 && ok.stdout.contains("1 release") && !ok.stdout.contains("1 releases"), "\(ok.stdout)")
    }

    @Test("validate refuses a wrong objective, a bound above it, an optimal plan with a gap, and an 'infeasible' file with a plan")
    func validateStatedTotals() throws {
        let (dir, tiny, plan) = try solvedTiny()
        let good = try String(contentsOf: plan, encoding: .utf8)
        #expect(good.contains("\"objective\": 896") && good.contains("\"bound\": 896"))
        let cases: [(String, String, String)] = [
            ("\"objective\": 896,", "\"objective\": 895,", "stated objective"),
            ("\"bound\": 896,", "\"bound\": 900,", "above the objective"),
            ("\"bound\": 896,", "\"bound\": 800,", "states 'optimal'"),
            ("\"status\": \"optimal\"", "\"status\": \"infeasible\"", "states 'infeasible'"),
        ]
        for (from, to, expected) in cases {
            let file = dir.appendingPathComponent("edited.json")
            try good.replacingOccurrences(of: from, with: to).write(to: file, atomically: true, encoding: .utf8)
            let r = try Tool.run(["validate", tiny, file.path])
            #expect(r.status == 2 && r.stderr.contains(expected), "\(to): \(r.stderr)")
        }
    }
}

@Suite("plan export")
struct ExportTests {
    @Test("the exported MPS and LP models solve to plan solve's optimum in glpsol")
    func glpsolAgrees() throws {
        let dir = try Tool.tempDir()
        let mps = dir.appendingPathComponent("d20.mps").path, lp = dir.appendingPathComponent("d20.lp").path
        let r = try Tool.run(["export", Tool.examples.appendingPathComponent("district-20").path, "--mps", mps, "--lp", lp])
        #expect(r.status == 0, "\(r.stderr)")
        for (flag, file) in [("--freemps", mps), ("--lp", lp)] {
            let out = dir.appendingPathComponent("sol-\(flag.dropFirst(2)).txt").path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/glpsol")
            process.arguments = [flag, file, "-o", out]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let solution = try String(contentsOfFile: out, encoding: .utf8)
            let line = try #require(solution.split(separator: "\n").first { $0.hasPrefix("Objective:") })
            #expect(line.contains("= 7339.2 (MINimum)"), "\(flag): \(line)")
        }
    }
}
