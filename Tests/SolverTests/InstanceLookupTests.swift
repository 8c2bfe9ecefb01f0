import AssignModel
import Testing

/// An instance's lookups follow every change to its data (no `reindex()` to forget).
@Suite("Instance lookups")
struct InstanceLookupTests {
    @Test("a forbid pin, a new home or a changed post is seen at once by eligibility, ids and holders")
    func lookupsFollowChanges() throws {
        var instance = try Examples.load("tiny")
        let c = try #require(instance.cadreIndex["C01"]), p = try #require(instance.postIndex["TK-PV"])
        #expect(!instance.brokenRules(cadre: c, post: p, facts: instance.facts(c)).contains(.E7))
        instance.pins.append(Pin(cadre: c, post: p, action: .forbid, line: 2))
        #expect(instance.brokenRules(cadre: c, post: p, facts: instance.facts(c)).contains(.E7))
        // The home is read from the flat tables by the fast reading: it must follow.
        instance.cadres[c].home = instance.posts[p].unit
        #expect(!instance.isNonLocal(cadre: c, post: p))
        instance.cadres[c].id = "C01-renamed"
        #expect(instance.cadreIndex["C01-renamed"] == c && instance.cadreIndex["C01"] == nil)
        let held = try #require(instance.cadres[c].post)
        instance.cadres[c].post = nil
        #expect(instance.holder[held] == nil)
    }
}
