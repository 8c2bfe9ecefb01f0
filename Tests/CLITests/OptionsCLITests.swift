import AssignModel
import Foundation
import Testing

/// Options say what is wrong with them; nothing given is ignored silently.
@Suite("Option values")
struct OptionsCLITests {
    @Test("a negative number is read as the option's value and refused by its rule, not as a missing value",
          arguments: [(["solve", "EX", "--time-limit", "-1"], "--time-limit must be a positive number"),
                      (["solve", "EX", "--alternatives", "-2", "--out-dir", "d"], "--alternatives must be between 1 and 100"),
                      (["solve", "EX", "--alternatives", "2", "--out-dir", "d", "--min-diff", "-3"], "--min-diff must be at least 1"),
                      (["batch", "s.yaml", "--out", "o", "--jobs", "-4"], "--jobs must be at least 1"),
                      (["generate", "--communes", "-5", "--agencies", "1", "--out", "g"], "--communes must be at least 1")])
    func negativeValues(_ arguments: [String], _ message: String) throws {
        let tiny = Tool.examples.appendingPathComponent("tiny").path
        let r = try Tool.run(arguments.map { $0 == "EX" ? tiny : $0 })
        #expect(r.status != 0)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!r.stderr.contains("Missing value"), "\(r.stderr)")
    }

    @Test("--min-diff without --alternatives is refused, not ignored")
    func minDiffNeedsAlternatives() throws {
        let dir = try Tool.tempDir()
        let out = dir.appendingPathComponent("plan.json")
        let r = try Tool.run(["solve", Tool.examples.appendingPathComponent("tiny").path, "--min-diff", "3", "--out", out.path])
        #expect(r.status == 1, "\(r.status)")
        #expect(r.stderr.contains("--min-diff goes with --alternatives"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
