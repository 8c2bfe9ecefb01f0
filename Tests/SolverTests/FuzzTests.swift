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
        switch rng.next() % 18 {
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
        case 16: // hostile text: formulas, hidden and control characters, list separators in ids
            fieldEdit(pick(["=HYPERLINK(\"http://x\")", "+1+1", "@SUM(A1)", "-2+3", "C\u{200B}01", "A\u{FEFF}X", "AX;HH",
                            "Nguyễn\u{1B}[31m", "\u{202E}BT", "\"C0\n1\"", "\u{07}", "C\u{00AD}02"]))
        case 17: // hostile YAML and pins: aliases, repeated targets, contradictory fix pins
            if name == "policy.yaml" {
                bytes.append(contentsOf: Array(pick([
                    "non_local_share:\n  - &t {level: commune, min: 0.2}\n" + String(repeating: "  - *t\n", count: 200_000),
                    "non_local_share:\n  - {key: true, min: 0.2}\n  - {key: true, min: 0.3}\n",
                    "x: &a [1, 1, 1, 1, 1, 1, 1, 1]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nz: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nw: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
                ]).utf8))
            } else if name == "pins.csv" {
                bytes.append(contentsOf: Array(pick(["C01,AP-BT,fix\n", "C03,AS-BT,fix\n", "C02,AS-BT,fix\nC04,HH-BT,fix\n"]).utf8))
            } else {
                fieldEdit(pick(["'", "\t", ";", "\u{2028}"]))
            }
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

    /// Solves `instance` without a time limit and checks the answer: a plan must keep every rule and,
    /// `againstFull`, match the full model's optimum (an infeasible answer too). True for a plan,
    /// false for infeasible, nil (with an issue recorded) for anything else.
    static func solveChecked(_ instance: Instance, againstFull: Bool) throws -> Bool? {
        let report = PlanSolver.solve(instance)
        let full = againstFull ? PlanSolver.solve(instance, options: SolveOptions(timeLimit: nil, method: .full)) : nil
        switch report.status {
        case .optimal, .feasible:
            let plan = try #require(report.plan)
            let check = PlanChecker.check(plan, against: instance)
            #expect(check.isValid, "\(check.violations)")
            if let full {
                #expect(full.status == .optimal && abs((full.plan?.objective ?? .nan) - (plan.objective ?? 0)) <= 1e-6 * max(1, abs(plan.objective ?? 0)))
            }
            return true
        case .infeasible:
            if let full { #expect(full.status == .infeasible) }
            return false
        case .noSolution: Issue.record("no plan and no proof without a time limit")
        case .failed(let why): Issue.record("solver failed: \(why)")
        }
        return nil
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
                switch try Self.solveChecked(try InstanceReader.read(directory: dir), againstFull: false) {
                case true?: solved += 1
                case false?: infeasible += 1
                case nil: break
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
        // The test bundle sits in the build products folder, beside the `plan` executable.
        var products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: products.appendingPathComponent("plan").path), products.path != "/" {
            products.deleteLastPathComponent()
        }
        let tool = products.appendingPathComponent("plan")
        try #require(FileManager.default.fileExists(atPath: tool.path), "the plan executable is not built beside the tests")
        for _ in 0..<runs {
            var files = base
            for _ in 0...(rng.next() % 2) { Self.mutate(&files, &rng) }
            let dir = try Self.write(files)
            defer { try? FileManager.default.removeItem(at: dir) }
            let out = dir.appendingPathComponent("out/plan.json")
            let process = Process()
            process.executableURL = tool
            process.arguments = ["solve", dir.path, "--out", out.path, "--time-limit", "20"]
            process.environment = ProcessInfo.processInfo.environment.merging(["PLAN_LANG": "en"]) { _, new in new }
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

    @Test("a cadres file of 300,000 rows is read whole")
    func manyRows() throws {
        var files = try Self.base()
        var text = String(decoding: files["cadres.csv"]!, as: UTF8.self)
        text.reserveCapacity(text.count + 300_000 * 60)
        for i in 0..<300_000 { text += "X\(i),Nguyễn Văn \(i),m,1980,AX,AX,,,member,party,60,\n" }
        files["cadres.csv"] = Data(text.utf8)
        let dir = try Self.write(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let instance = try InstanceReader.read(directory: dir)
        #expect(instance.cadres.count == 300_011)
    }

    /// One mutation that keeps every value valid (SPEC §3): a flag, a rating, a birth year, a home,
    /// wants, skills, a pin or score on an existing pair, or a policy number in its range.
    static func mutateValid(_ files: inout [String: Data], _ rng: inout SplitMix64) {
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        func table(_ name: String) -> [[String]] {
            String(decoding: files[name]!, as: UTF8.self).split(separator: "\n").map { row in
                // The bundled example quotes only names with commas; keep those cells whole.
                var cells: [String] = [], cell = "", quoted = false
                for ch in row {
                    if ch == "\"" { quoted.toggle(); cell.append(ch) }
                    else if ch == "," && !quoted { cells.append(cell); cell = "" }
                    else { cell.append(ch) }
                }
                cells.append(cell)
                return cells
            }
        }
        func put(_ name: String, _ rows: [[String]]) { files[name] = Data((rows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n").utf8) }
        func edit(_ name: String, _ column: String, _ value: () -> String) {
            var rows = table(name)
            guard let col = rows[0].firstIndex(of: column), rows.count > 1 else { return }
            let r = 1 + Int(rng.next() % UInt64(rows.count - 1))
            rows[r][col] = value()
            put(name, rows)
        }
        let units = table("units.csv").dropFirst().map { $0[0] }
        let cadres = table("cadres.csv").dropFirst().map { $0[0] }
        let posts = table("posts.csv").dropFirst().map { $0[0] }
        let tags = ["party", "admin", "law", "finance", "econ"]
        switch rng.next() % 12 {
        case 0: edit("units.csv", "weak") { pick(["0", "1"]) }
        case 1: edit("posts.csv", "key") { pick(["0", "1"]) }
        case 2: edit("posts.csv", "restricted") { pick(["0", "1"]) }
        case 3: edit("posts.csv", "max_years") { pick(["", "3", "6", "12"]) }
        case 4: edit("cadres.csv", "rating") { "\(rng.next() % 101)" }
        case 5: edit("cadres.csv", "birth_year") { "\(1962 + rng.next() % 30)" }
        case 6: edit("cadres.csv", "home") { pick(units + [""]) }
        case 7: edit("cadres.csv", "wants") { (0..<(rng.next() % 3)).map { _ in pick(units) }.joined(separator: ";") }
        case 8: edit("cadres.csv", "skills") { tags.filter { _ in rng.next() % 2 == 0 }.joined(separator: ";") }
        case 9:
            // A pin or score on a pair not yet listed.
            let name = pick(["pins.csv", "scores.csv"])
            var rows = table(name)
            let pair = [pick(cadres), pick(posts)]
            guard !rows.contains(where: { Array($0.prefix(2)) == pair }) else { return }
            rows.append(pair + [name == "pins.csv" ? pick(["fix", "forbid", "forbid"]) : "\(Int(rng.next() % 21) - 10).25"])
            put(name, rows)
        default:
            // One policy key set to a valid value (replacing the line that sets it, if any).
            let key = pick(["max_arrivals_per_unit", "max_moves", "min_moves", "weak_min_rating", "min_years_left", "allow_demotion", "weights"])
            let value: String
            switch key {
            case "max_arrivals_per_unit": value = "\(rng.next() % 4)"
            case "max_moves": value = "\(rng.next() % 12)"
            case "min_moves": value = "{\(pick(["down", "up", "horizontal", "within"])): \(rng.next() % 3)}"
            case "weak_min_rating": value = "\(rng.next() % 101)"
            case "min_years_left": value = "\(rng.next() % 15)"
            case "allow_demotion": value = pick(["true", "false"])
            default: value = "{\(pick(Weights.keys)): \(Int(rng.next() % 300) - 50)}"
            }
            var lines = String(decoding: files["policy.yaml"]!, as: UTF8.self).split(separator: "\n").map(String.init)
            lines.removeAll { $0.hasPrefix(key + ":") }
            lines.append("\(key): \(value)")
            files["policy.yaml"] = Data((lines.joined(separator: "\n") + "\n").utf8)
        }
    }

    @Test("valid mutations reach the solver (at least half of them) and every plan keeps every rule")
    func validMutations() throws {
        let iterations = Int(ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"] ?? "") ?? 600
        var rng = SplitMix64(seed: UInt64(ProcessInfo.processInfo.environment["FUZZ_SEED"] ?? "") ?? 2027)
        var base = try Self.base()
        base["pins.csv"] = Data("cadre,post,action\n".utf8)
        base["scores.csv"] = Data("cadre,post,score\n".utf8)
        var refused = 0, solved = 0, infeasible = 0
        var refusals: [String] = []
        for _ in 0..<iterations {
            var files = base
            for _ in 0...(rng.next() % 4) { Self.mutateValid(&files, &rng) }
            let dir = try Self.write(files)
            defer { try? FileManager.default.removeItem(at: dir) }
            do {
                switch try Self.solveChecked(try InstanceReader.read(directory: dir), againstFull: true) {
                case true?: solved += 1
                case false?: infeasible += 1
                case nil: break
                }
            } catch let errors as InputErrors {
                refused += 1
                if refusals.count < 5 { refusals.append("\(errors.issues.first.map { "\($0)" } ?? "")") }
            }
        }
        #expect(2 * (solved + infeasible) >= iterations, "only \(solved + infeasible) of \(iterations) reached the solver; refusals: \(refusals)")
        #expect(solved > 0 && infeasible > 0)
        print("fuzz (valid): \(iterations) instances, \(refused) refused, \(solved) solved, \(infeasible) infeasible")
    }
}
