import Foundation
import Testing

/// Time limits and interruption on a province-sized generated instance.
@Suite("Time limits and interruption", .serialized)
struct TrustCLITests {
    /// A 3,000-post instance (about 1.7 million eligible pairs), generated once per test.
    func bigInstance() throws -> URL {
        let dir = try Tool.tempDir().appendingPathComponent("big")
        let r = try Tool.run(["generate", "--communes", "400", "--agencies", "200", "--seed", "3", "--out", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    @Test("a time-limited solve ends with a checked plan and its bound (exit 0) or exit 3 with nothing written")
    func timeLimit() throws {
        let inst = try bigInstance()
        let out = inst.deletingLastPathComponent().appendingPathComponent("plan.json")
        // How close to the limit it stops is measured in the benchmarks, not asserted here.
        let r = try Tool.run(["solve", inst.path, "--out", out.path, "--time-limit", "0.5"])
        #expect(r.status == 0 || r.status == 3, "\(r.stderr)")
        if r.status == 0 {
            #expect(try Tool.run(["validate", inst.path, out.path]).status == 0)
        }
        if r.status == 3 {
            #expect(!FileManager.default.fileExists(atPath: out.path))
            #expect(r.stderr.contains("time limit"))
        }
    }

    @Test("SIGINT during a solve exits 130 and leaves no plan and no temporary file")
    func interrupted() throws {
        let inst = try bigInstance()
        let dir = inst.deletingLastPathComponent()
        let errFile = dir.appendingPathComponent("stderr.txt")
        let process = try Tool.start(["solve", inst.path, "--out", dir.appendingPathComponent("plan.json").path, "--method", "full"],
                                     stderr: errFile)
        Thread.sleep(forTimeInterval: 1.0)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let text = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 130, "\(text)")
        #expect(text.contains("interrupted"))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!left.contains("plan.json"))
        #expect(left.allSatisfy { $0 == "big" || $0 == "stderr.txt" }, "\(left)")
        #expect(!left.contains { $0.hasSuffix(".tmp") })
    }
}
