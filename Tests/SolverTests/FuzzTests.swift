import AssignModel
import Foundation
import Solver
import Testing

/// Hostile input: thousands of mutated instances never crash, abort GLPK or hang; every refusal is
/// located; every plan produced keeps every rule.
///
/// Run longer with `FUZZ_ITERATIONS=100000 swift test --filter Fuzz` (and `FUZZ_SEED` for other mutations).
@Suite("Fuzz: hostile input")
struct FuzzTests {
    static let files = ["units.csv", "posts.csv", "cadres.csv", "policy.yaml", "pins.csv", "scores.csv"]

    static func base() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in ["units.csv", "posts.csv", "cadres.csv", "policy.yaml"] {
            files[name] = try Data(contentsOf: Examples.root.appendingPathComponent("tiny").appendingPathComponent(name))
        }
        files["pins.csv"] = Data("cadre,post,action\nC01,AS-BT,fix\nC11,TK-PB,forbid\n".utf8)
        files["scores.csv"] = Data("cadre,post,score\nC02,HH-BT,3.5\nC09,TK-PB,-2\n".utf8)
        return files
    }

    /// One random mutation of one file.
    static func mutate(_ files: inout [String: Data], _ rng: inout SplitMix64) {
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        let name = pick(files.keys.sorted())
        var bytes = [UInt8](files[name]!)
        var lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
        let line = Int(rng.next() % UInt64(max(lines.count, 1)))
        func setLines() { bytes = Array(lines.joined(separator: "\n").utf8) }
        func fieldEdit(_ value: String) {
            var fields = lines[line].components(separatedBy: ",")
            fields[Int(rng.next() % UInt64(fields.count))] = value
            lines[line] = fields.joined(separator: ",")
            setLines()
        }
        switch rng.next() % 16 {
        case 0: // truncated line
            let l = lines[line]
            lines[line] = String(l.prefix(Int(rng.next() % UInt64(l.count + 1))))
            setLines()
        case 1: // swapped columns in one line
            var fields = lines[line].components(separatedBy: ",")
            if fields.count > 1 { fields.swapAt(0, Int(rng.next() % UInt64(fields.count))) }
            lines[line] = fields.joined(separator: ",")
            setLines()
        case 2: fieldEdit(pick(["99999999999999999999999", "1e308", "-1e308", "9223372036854775807", "-9223372036854775808"]))
        case 3: fieldEdit(pick(["-2000", "0", "-1", "3001", "1899"]))
        case 4: fieldEdit("")
        case 5: // duplicate header
            var fields = lines[0].components(separatedBy: ",")
            if !fields.isEmpty { fields.append(fields[0]) }
            lines[0] = fields.joined(separator: ",")
            setLines()
        case 6: // stray quote
            let at = Int(rng.next() % UInt64(bytes.count + 1))
            bytes.insert(0x22, at: at)
        case 7: // invalid UTF-8
            let at = Int(rng.next() % UInt64(bytes.count + 1))
            bytes.insert(contentsOf: pick([[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF8, 0x88]]), at: at)
        case 8: fieldEdit(String(repeating: "Đ", count: 50_000))
        case 9: // duplicate a line
            lines.insert(lines[line], at: line)
            setLines()
        case 10: // delete a line
            lines.remove(at: line)
            setLines()
        case 11: // random byte
            if !bytes.isEmpty { bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next()) }
        case 12: // empty or missing file
            if rng.next() % 2 == 0 { bytes = [] } else { files[name] = nil; return }
        case 13: fieldEdit(pick(["head", "deputy", "member", "party", "state", "f", "m", "1", "0", "true", "AX", "HH", "TK", "C01", "C10", "TK-PV"]))
        case 14: // policy values
            let yaml = pick(["max_arrivals_per_unit: 0\n", "max_moves: 1\n", "min_moves: {down: 3}\n", "weights: {release: -1e9}\n",
                             "non_local_share:\n  - {min: 1}\n", "weak_min_rating: 100\n", "allow_demotion: true\n", "year: 1990\n",
                             "max_years: {head: 0}\n", "retirement_age: {m: 1}\n", "min_years_left: 100\n", "[", "{a: 1\n", "year: 20.5\n"])
            if name == "policy.yaml" { bytes.append(contentsOf: Array(yaml.utf8)) } else { fieldEdit("\"\"\"") }
        default: // a BOM or CRLF line ends
            if rng.next() % 2 == 0 { bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0) } else { bytes = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8) }
        }
        files[name] = Data(bytes)
    }

    static func write(_ files: [String: Data]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, data) in files { try data.write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    @Test("mutated instances are refused with located messages, or solved to plans that keep every rule")
    func inProcess() throws {
        let iterations = Int(ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"] ?? "") ?? 1500
        var rng = SplitMix64(seed: UInt64(ProcessInfo.processInfo.environment["FUZZ_SEED"] ?? "") ?? 2026)
        let base = try Self.base()
        var refused = 0, solved = 0, infeasible = 0
        for _ in 0..<iterations {
            var files = base
            for _ in 0...(rng.next() % 3) { Self.mutate(&files, &rng) }
            let dir = try Self.write(files)
            defer { try? FileManager.default.removeItem(at: dir) }
            do {
                let instance = try InstanceReader.read(directory: dir)
                let report = PlanSolver.solve(instance, options: SolveOptions(timeLimit: 10))
                switch report.status {
                case .optimal, .feasible:
                    let plan = try #require(report.plan)
                    let check = PlanChecker.check(plan, against: instance)
                    #expect(check.isValid, "\(check.violations)")
                    solved += 1
                case .infeasible: infeasible += 1
                case .noSolution: Issue.record("a tiny instance hit the 10 s limit")
                case .failed(let why): Issue.record("solver failed: \(why)")
                }
            } catch let errors as InputErrors {
                refused += 1
                #expect(!errors.issues.isEmpty)
                for issue in errors.issues {
                    #expect(Self.files.contains(issue.file) || issue.file.hasSuffix("fuzz"), "unnamed file in \(issue)")
                    #expect(!issue.message.isEmpty)
                    // A located message: a line (and a column or field) unless it concerns the whole file.
                    let wholeFile = ["file not found", "file is empty", "cannot be read"].contains { issue.message.hasPrefix($0) }
                    #expect(wholeFile || issue.line > 0, "\(issue)")
                }
            }
        }
        #expect(refused > 0 && solved > 0)
        print("fuzz: \(iterations) instances, \(refused) refused, \(solved) solved, \(infeasible) infeasible")
    }

    @Test("through the command line: exit 0, 1, 2 or 3 only; exit 1 names a file and writes nothing")
    func commandLine() throws {
        let runs = Int(ProcessInfo.processInfo.environment["FUZZ_CLI_RUNS"] ?? "") ?? 60
        var rng = SplitMix64(seed: 77)
        let base = try Self.base()
        let tool = Examples.root.deletingLastPathComponent().appendingPathComponent(".build/debug/plan")
        guard FileManager.default.fileExists(atPath: tool.path) else { return }
        for _ in 0..<runs {
            var files = base
            for _ in 0...(rng.next() % 2) { Self.mutate(&files, &rng) }
            let dir = try Self.write(files)
            defer { try? FileManager.default.removeItem(at: dir) }
            let out = dir.appendingPathComponent("out/plan.json")
            let process = Process()
            process.executableURL = tool
            process.arguments = ["solve", dir.path, "--out", out.path, "--time-limit", "20"]
            // stderr to a file, not a pipe: a pipe read can be interrupted while other tests start processes.
            let errFile = dir.appendingPathComponent("stderr.txt")
            _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
            let err = try FileHandle(forWritingTo: errFile)
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            try err.close()
            let text = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
            #expect(process.terminationReason == .exit, "crashed: \(text)")
            #expect([0, 1, 2, 3].contains(process.terminationStatus), "exit \(process.terminationStatus): \(text)")
            if process.terminationStatus == 1 {
                #expect(Self.files.contains { text.contains($0) }, "\(text)")
                #expect(!FileManager.default.fileExists(atPath: out.path))
            }
            if process.terminationStatus == 0 { #expect(FileManager.default.fileExists(atPath: out.path)) }
        }
    }

    @Test("a cadres file of 300,000 rows is read and refused or accepted in bounded time")
    func manyRows() throws {
        var files = try Self.base()
        var text = String(decoding: files["cadres.csv"]!, as: UTF8.self)
        text.reserveCapacity(text.count + 300_000 * 60)
        for i in 0..<300_000 { text += "X\(i),Nguyễn Văn \(i),m,1980,AX,AX,,,member,party,60,\n" }
        files["cadres.csv"] = Data(text.utf8)
        let dir = try Self.write(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let started = Date()
        let instance = try InstanceReader.read(directory: dir)
        #expect(instance.cadres.count == 300_011)
        #expect(Date().timeIntervalSince(started) < 60)
    }
}
