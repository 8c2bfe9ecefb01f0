import Foundation
import Testing

@Suite("Output paths")
struct PathsCLITests {
    @Test("missing output folders are created")
    func createsFolders() throws {
        let out = try Tool.tempDir().appendingPathComponent("a/b/c/plan.json")
        let r = try Tool.run(["solve", Tool.examples.appendingPathComponent("tiny").path, "--out", out.path])
        #expect(r.status == 0)
        #expect(FileManager.default.fileExists(atPath: out.path))
    }

    @Test("an output folder that cannot be written gives a clear message, exit 1, and no file")
    func unwritable() throws {
        // A folder inside a regular file cannot exist, even for root.
        let file = try Tool.tempDir().appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        let out = file.appendingPathComponent("plan.json")
        let r = try Tool.run(["solve", Tool.examples.appendingPathComponent("tiny").path, "--out", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot create the folder"), "\(r.stderr)")
        // /proc takes no new files.
        let r2 = try Tool.run(["solve", Tool.examples.appendingPathComponent("tiny").path, "--out", "/proc/plan.json"])
        #expect(r2.status == 1)
        #expect(r2.stderr.contains("cannot write"), "\(r2.stderr)")
    }
}
