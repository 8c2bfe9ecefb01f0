import Foundation
import Testing

/// Long work is never silent: a status line on a terminal, a line every few seconds otherwise.
@Suite("Progress on stderr")
struct ProgressCLITests {
    static func instance() throws -> URL {
        try Tool.generate(communes: 60, agencies: 30, seed: 3, in: try Tool.tempDir())
    }

    @Test("stderr not a terminal: one status line per interval, each with elapsed time and phase, also through silent phases")
    func statusLinesInALog() throws {
        let dir = try Self.instance()
        let out = dir.deletingLastPathComponent().appendingPathComponent("plan.json")
        let r = try Tool.run(["solve", dir.path, "--out", out.path], environment: ["PLAN_STATUS_SECONDS": "0.05"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("[") }
        #expect(lines.count >= 3, "\(r.stderr)")
        #expect(lines.allSatisfy { $0.contains(" s] ") })
        #expect(!r.stderr.contains("\u{1B}["), "no terminal control codes in a log")
        #expect(r.stdout.contains("optimal, objective"))
    }

    @Test("the progress lines' phases and labels follow --lang: Vietnamese by default")
    func vietnameseProgress() throws {
        let dir = try Self.instance()
        let out = dir.deletingLastPathComponent().appendingPathComponent("plan.json")
        let r = try Tool.run(["solve", dir.path, "--out", out.path], environment: ["PLAN_STATUS_SECONDS": "0.05", "PLAN_LANG": ""])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("[") }
        #expect(!lines.isEmpty)
        let phases = ["lập mô hình", "khởi động", "bài toán nới lỏng tuyến tính", "phương án đầu tiên", "phương án từ bài toán nới lỏng",
                      "chọn phương án chuẩn", "nhánh và cận"]
        #expect(lines.allSatisfy { line in phases.contains { line.contains($0) } }, "\(r.stderr)")
        #expect(!r.stderr.contains("warm start") && !r.stderr.contains("linear relaxation"))
    }

    @Test("stderr a terminal: the status is one line rewritten in place and cleared before the result")
    func statusLineOnATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            Issue.record("/usr/bin/script (util-linux) is needed to give the tool a terminal")
            return
        }
        let dir = try Self.instance()
        let out = dir.deletingLastPathComponent().appendingPathComponent("plan.json")
        let log = dir.deletingLastPathComponent().appendingPathComponent("tty.txt")
        let command = "PLAN_LANG=en PLAN_STATUS_SECONDS=0.05 '\(Tool.executablePath)' solve '\(dir.path)' --out '\(out.path)'"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, log.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let text = String(decoding: try Data(contentsOf: log), as: UTF8.self)
        #expect(text.contains("\r\u{1B}[K["), "\(text.debugDescription)")
        // The status line is cleared before the summary, which starts a line of its own.
        let summary = try #require(text.range(of: "optimal, objective"))
        let before = text[..<summary.lowerBound]
        #expect(before.hasSuffix(dir.path + " (plan year 2025): ") || before.contains("\r\u{1B}[K"), "\(text.debugDescription)")
        let lastClear = try #require(before.range(of: "\r\u{1B}[K", options: .backwards))
        #expect(!before[lastClear.upperBound...].contains("["), "the last status line was not cleared: \(text.debugDescription)")
    }
}
