import Foundation
import Testing

@Suite("Interrupted batch")
struct BatchInterruptTests {
    @Test("SIGINT during a batch exits 130, keeps the plans already finished (complete files), writes summary.csv of them, leaves no temporary file")
    func interruptedBatch() throws {
        let root = try Tool.tempDir()
        let inst = try Tool.generate(communes: 150, agencies: 75, seed: 4, in: root)
        var yaml = "instance: gen\nscenarios:\n"
        // Scenarios that keep the instance's own rules and weights, so that `plan validate` (which
        // reads the instance's policy.yaml) can check every plan written.
        for i in 0..<40 { yaml += "  - name: s\(i)\n    policy: {max_arrivals_per_unit: 3}\n" }
        let file = root.appendingPathComponent("scenarios.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let out = root.appendingPathComponent("out")
        let errFile = root.appendingPathComponent("stderr.txt")
        let process = try Tool.start(["batch", file.path, "--out", out.path, "--jobs", "1"], stderr: errFile)
        // Wait until some scenarios have finished, then interrupt.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let done = (try? FileManager.default.contentsOfDirectory(atPath: out.path))?.filter { $0.hasSuffix(".json") }.count ?? 0
            if done >= 2 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let text = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 130, "\(text)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        let plans = files.filter { $0.hasSuffix(".json") }
        #expect(plans.count >= 2 && plans.count < 40)
        // summary.csv lists every scenario: the finished ones with their figures, the rest as interrupted.
        let summary = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        let rows = summary.split(separator: "\r\n").dropFirst()
        #expect(rows.count == 40)
        let finished = rows.filter { !$0.contains(",interrupted,") }
        #expect(finished.count >= plans.count && finished.count < 40, "\(summary)")
        #expect(finished.allSatisfy { $0.contains(",optimal,") || $0.contains(",feasible,") || $0.contains(",infeasible,") })
        #expect(text.contains("scenarios finished, the others marked 'interrupted'"))
        #expect(!files.contains { $0.hasSuffix(".tmp") })
        for name in plans {
            let r = try Tool.run(["validate", inst.path, out.appendingPathComponent(name).path])
            #expect(r.status == 0, "\(name): \(r.stderr)")
        }
    }
}

@Suite("Interrupted export")
struct ExportInterruptTests {
    @Test("SIGINT while GLPK writes an exported model exits 130 and leaves no temporary file (complete file or none)")
    func interruptedExport() throws {
        let root = try Tool.tempDir()
        let inst = try Tool.generate(communes: 150, agencies: 75, seed: 4, in: root)
        let out = root.appendingPathComponent("out")
        let mps = out.appendingPathComponent("model.mps")
        let errFile = root.appendingPathComponent("stderr.txt")
        let process = try Tool.start(["export", inst.path, "--mps", mps.path], stderr: errFile)
        // Interrupt once the writer has started: its temporary file appears in the folder.
        let deadline = Date().addingTimeInterval(60)
        var sawTemporary = false
        while Date() < deadline && process.isRunning {
            if let files = try? FileManager.default.contentsOfDirectory(atPath: out.path), files.contains(where: { $0.hasSuffix(".tmp") }) {
                sawTemporary = true
                break
            }
            Thread.sleep(forTimeInterval: 0.002)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let text = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        #expect(sawTemporary, "the export finished before it could be interrupted: \(text)")
        #expect(process.terminationStatus == 130, "\(text)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(!files.contains { $0.hasSuffix(".tmp") }, "\(files)")
        if files.contains("model.mps") {
            let body = try String(contentsOf: mps, encoding: .utf8)
            #expect(body.hasSuffix("ENDATA\n"), "a model file was left half-written")
        }
    }
}
