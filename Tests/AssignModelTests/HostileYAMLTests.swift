import AssignModel
import Foundation
import Testing

/// YAML that stands for far more than it says (aliases), and share targets listed twice.
@Suite("Hostile YAML")
struct HostileYAMLTests {
    @Test("a policy whose aliases expand to a million share targets is refused at once, with the reason")
    func aliasAmplificationIsRefused() throws {
        var files = try Fixture.tiny()
        files.edit("policy.yaml", "  - {level: commune, key: true, min: 0.5}\n",
                   "  - &t {level: commune, key: true, min: 0.5}\n" + String(repeating: "  - *t\n", count: 1_000_000))
        let started = Date()
        let issues = try Fixture.issues(files)
        #expect(Date().timeIntervalSince(started) < 20)
        expectIssue(issues, file: "policy.yaml", line: 1, message: ["aliases", "more than 100000 values"])
    }

    @Test("nested aliases (a billion laughs) are refused before they are walked")
    func nestedAliasesAreRefused() throws {
        var files = try Fixture.tiny()
        var bomb = "laughs:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        let names = ["b", "c", "d", "e", "f", "g", "h", "i", "j"]
        var previous = "a"
        for n in names {
            bomb += "  \(n): &\(n) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = n
        }
        files["policy.yaml"]! += bomb
        let issues = try Fixture.issues(files)
        expectIssue(issues, file: "policy.yaml", line: 1, message: ["more than 100000 values"])
    }

    @Test("aliases within the bound still read as the values they repeat")
    func smallAliasesAreRead() throws {
        var files = try Fixture.tiny()
        files.edit("policy.yaml", "max_years: {head: 8, deputy: 5}", "max_years: &limits {head: 8, deputy: 5}")
        files.edit("policy.yaml", "max_arrivals_per_unit: 1", "max_arrivals_per_unit: 1\nweights: {within: 10}")
        let instance = try Fixture.read(files)
        #expect(instance.policy.maxYears[.head] == 8)
    }

    @Test("a share target listed twice is refused on its line, naming the first")
    func duplicateShareTargetIsRefused() throws {
        var files = try Fixture.tiny()
        files.edit("policy.yaml", "  - {level: commune, key: true, min: 0.5}\n",
                   "  - {level: commune, key: true, min: 0.5}\n  - {key: true, level: commune, min: 0.50}\n  - {level: commune, key: true, min: 0.6}\n")
        let issues = try Fixture.issues(files)
        expectIssue(issues, file: "policy.yaml", line: 7, field: "non_local_share[2]",
                    message: ["the same target as non_local_share[1] (line 6)"])
        expectIssue(issues, file: "policy.yaml", line: 8, field: "non_local_share[3]",
                    message: ["the same posts as non_local_share[1]", "another min"])
    }

    @Test("a non-local target under 'shares' on the posts of a non_local_share entry is refused on its line")
    func duplicateAcrossListsIsRefused() throws {
        var files = try Fixture.tiny()
        files.edit("policy.yaml", "max_arrivals_per_unit: 1",
                   "max_arrivals_per_unit: 1\nshares:\n  - {of: female, level: commune, min: 0.2}\n  - {of: non_local, key: true, level: commune, min: 0.4}")
        let issues = try Fixture.issues(files)
        expectIssue(issues, file: "policy.yaml", line: 10, field: "shares[2]",
                    message: ["the same posts as non_local_share[1] (line 6)", "list each non-local target once"])
        #expect(issues.count == 1)
    }
}
