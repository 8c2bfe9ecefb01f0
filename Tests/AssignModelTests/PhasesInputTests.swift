import AssignModel
import Foundation
import Testing

/// `phases` in policy.yaml (SPEC §11.5, §11.6): read, and every problem located at its key.
@Suite("phases in policy.yaml")
struct PhasesInputTests {
    /// examples/tiny with `phases` appended to its policy (its plan year is 2025).
    static func tiny(phases: String) throws -> [String: String] {
        var files = try Fixture.tiny()
        files["policy.yaml"] = files["policy.yaml"]! + "\n" + phases
        return files
    }

    static func line(of text: String, in files: [String: String]) -> Int {
        files["policy.yaml"]!.components(separatedBy: "\n").firstIndex { $0.contains(text) }! + 1
    }

    @Test("phases are read with their years, caps, quotas and share targets (named phases[i].shares[j])")
    func read() throws {
        let files = try Self.tiny(phases: """
            phases:
              - year: 2025
                max_moves: 4
                shares:
                  - {of: female, level: commune, at_least: 1}
              - year: 2027
                max_arrivals_per_unit: 2
                min_moves: {horizontal: 1}
            """)
        let instance = try Fixture.read(files)
        let phases = instance.policy.phases
        #expect(phases.map(\.year) == [2025, 2027])
        #expect(phases[0].maxMoves == 4 && phases[0].maxArrivalsPerUnit == nil)
        #expect(phases[0].shareTargets.map(\.name) == ["phases[1].shares[1]"])
        #expect(phases[0].shareTargets.first?.of == .female)
        #expect(phases[1].maxArrivalsPerUnit == 2 && phases[1].minMoves == [.horizontal: 1])
        #expect(instance.policy.isPhased)
    }

    @Test("a phase without year, years not increasing, a first phase before the plan year and an unknown key are each located; all in one pass")
    func errors() throws {
        let files = try Self.tiny(phases: """
            phases:
              - max_moves: 3
              - year: 2026
              - year: 2026
                max_move: 2
            """)
        let issues = try Fixture.issues(files)
        expectIssue(issues, file: "policy.yaml", line: Self.line(of: "- max_moves: 3", in: files), field: "phases[1]", message: ["year"])
        let repeated = Self.line(of: "- year: 2026", in: files) + 1
        expectIssue(issues, file: "policy.yaml", line: repeated, field: "phases[3].year", message: ["2026"])
        expectIssue(issues, file: "policy.yaml", line: Self.line(of: "max_move: 2", in: files), field: "phases[3]",
                    message: ["max_move", "max_moves"])
        let early = try Self.tiny(phases: "phases:\n  - year: 2020\n")
        expectIssue(try Fixture.issues(early), file: "policy.yaml", field: "phases[1].year", message: ["2020", "2025"])
        let empty = try Self.tiny(phases: "phases: []\n")
        expectIssue(try Fixture.issues(empty), file: "policy.yaml", field: "phases")
        let bad = try Self.tiny(phases: "phases:\n  - year: 2026\n    shares:\n      - {of: tall, min: 0.2}\n")
        expectIssue(try Fixture.issues(bad), file: "policy.yaml", line: Self.line(of: "of: tall", in: bad), message: ["tall"])
    }
}
