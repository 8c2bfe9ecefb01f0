import Foundation
import Testing

/// Outputs never destroy what a path names, and a command's outputs are all written or none.
@Suite("Output safety")
struct OutputSafetyTests {
    static var tiny: String { Tool.examples.appendingPathComponent("tiny").path }

    static func fileType(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0
    }

    @Test("--out /dev/null writes into the device and leaves it a device")
    func deviceStaysDevice() throws {
        #expect(Self.fileType("/dev/null") == S_IFCHR)
        let r = try Tool.run(["solve", Self.tiny, "--out", "/dev/null", "--csv", "/dev/null"])
        // Two outputs naming one file are refused; one device output is written.
        #expect(r.status == 1, "\(r.stderr)")
        let one = try Tool.run(["solve", Self.tiny, "--out", "/dev/null"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(Self.fileType("/dev/null") == S_IFCHR)
    }

    @Test("an output through a symbolic link replaces the file it points to and keeps the link")
    func symlinkIsWrittenThrough() throws {
        let dir = try Tool.tempDir()
        let real = dir.appendingPathComponent("real.json"), link = dir.appendingPathComponent("link.json")
        try "old".write(to: real, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let r = try Tool.run(["solve", Self.tiny, "--out", link.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.fileType(link.path) == S_IFLNK)
        #expect(try String(contentsOf: real, encoding: .utf8).contains("\"objective\": 896"))
    }

    @Test("an output FIFO receives the plan and stays a FIFO")
    func fifoStaysFifo() throws {
        let dir = try Tool.tempDir()
        let fifo = dir.appendingPathComponent("plan.pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // Without a reader the tool says so at once (it never waits for one).
        let alone = try Tool.run(["solve", Self.tiny, "--out", fifo])
        #expect(alone.status == 1 && alone.stderr.contains("no program is reading"), "\(alone.stderr)")
        // A reader (this test holds both ends, so the pipe stays open; the plan fits its buffer).
        let fd = open(fifo, O_RDWR | O_NONBLOCK)
        #expect(fd >= 0)
        defer { close(fd) }
        let r = try Tool.run(["solve", Self.tiny, "--out", fifo])
        #expect(r.status == 0, "\(r.stderr)")
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"objective\": 896"))
        #expect(Self.fileType(fifo) == S_IFIFO)
    }

    @Test("when one output cannot be written, the others are left as they were and exit 1 says nothing was written")
    func allOrNothing() throws {
        let dir = try Tool.tempDir()
        let plan = dir.appendingPathComponent("a.json")
        try "previous plan".write(to: plan, atomically: true, encoding: .utf8)
        let notAFolder = dir.appendingPathComponent("file")
        try "x".write(to: notAFolder, atomically: true, encoding: .utf8)
        let r = try Tool.run(["solve", Self.tiny, "--out", plan.path, "--csv", notAFolder.appendingPathComponent("a.csv").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("nothing was written"), "\(r.stderr)")
        #expect(try String(contentsOf: plan, encoding: .utf8) == "previous plan")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!files.contains { $0.hasSuffix(".tmp") || $0.hasSuffix(".bak") }, "\(files)")
    }

    @Test("a legal 250-byte output name is written")
    func longName() throws {
        let dir = try Tool.tempDir()
        let name = String(repeating: "p", count: 245) + ".json"
        let r = try Tool.run(["solve", Self.tiny, "--out", dir.appendingPathComponent(name).path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path))
    }

    @Test("generate refuses a folder that holds an instance, and replaces it only with --force")
    func generateKeepsInstance() throws {
        let dir = try Tool.generate(communes: 3, agencies: 1, seed: 1, in: try Tool.tempDir(), name: "inst")
        let units = dir.appendingPathComponent("units.csv")
        let before = try Data(contentsOf: units)
        let again = try Tool.run(["generate", "--communes", "4", "--agencies", "1", "--seed", "2", "--out", dir.path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already holds an instance"), "\(again.stderr)")
        #expect(try Data(contentsOf: units) == before)
        let forced = try Tool.run(["generate", "--communes", "4", "--agencies", "1", "--seed", "2", "--out", dir.path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Data(contentsOf: units) != before)
    }

    @Test("generate --shape 2025 writes relations.csv, replaces it with --force, and a v1 instance is not written beside it")
    func generate2025Relations() throws {
        let dir = try Tool.tempDir().appendingPathComponent("inst")
        let first = try Tool.run(["generate", "--shape", "2025", "--communes", "4", "--agencies", "1", "--out", dir.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("in 25 groups") && first.stdout.contains("pairs of relatives"), "\(first.stdout)")
        let relations = dir.appendingPathComponent("relations.csv")
        let before = try Data(contentsOf: relations)
        let forced = try Tool.run(["generate", "--shape", "2025", "--communes", "5", "--agencies", "1", "--seed", "2",
                                   "--out", dir.path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Data(contentsOf: relations) != before)
        // A v1 instance would be read with the 2025 relations: refused even with --force.
        let v1 = try Tool.run(["generate", "--communes", "5", "--agencies", "1", "--out", dir.path, "--force"])
        #expect(v1.status == 1 && v1.stderr.contains("relations.csv"), "\(v1.stderr)")
        let solved = try Tool.run(["solve", dir.path, "--out", dir.appendingPathComponent("plan.json").path])
        #expect(solved.status == 0, "\(solved.stderr)")
        #expect(solved.stdout.contains("optimal"), "\(solved.stdout)")
    }
}

@Suite("Export outputs")
struct ExportOutputTests {
    @Test("export refuses --mps and --lp naming one file, and writes nothing")
    func sameFileRefused() throws {
        let dir = try Tool.tempDir()
        let file = dir.appendingPathComponent("model.txt")
        let r = try Tool.run(["export", Tool.examples.appendingPathComponent("tiny").path, "--mps", file.path, "--lp", file.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("same file"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}
