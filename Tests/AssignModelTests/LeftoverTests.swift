import AssignModel
import Foundation
import Testing

/// What a killed run leaves behind is recognised and removed by the next write into that folder.
@Suite("Leftovers of killed runs")
struct LeftoverTests {
    @Test("a write removes temporary files and backups of dead processes, never those of a live one")
    func sweepRemovesDeadOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leftover-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A process that has ended: its pid names no process now.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let dead = ended.processIdentifier
        let live = getppid()  // the process that started the tests is still running
        let names = [".plan.\(dead).17.tmp", ".plan.\(dead).18.bak", ".plan.\(live).19.tmp", ".plan.x.20.tmp", "plan.\(dead).21.tmp", "keep.json"]
        for n in names { try Data("x".utf8).write(to: dir.appendingPathComponent(n)) }
        try AtomicFile.write("{}", to: dir.appendingPathComponent("plan.json"))
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(!left.contains(".plan.\(dead).17.tmp") && !left.contains(".plan.\(dead).18.bak"))
        #expect(left.isSuperset(of: [".plan.\(live).19.tmp", ".plan.x.20.tmp", "plan.\(dead).21.tmp", "keep.json", "plan.json"]))
    }
}
