import AssignModel
import Foundation
import Testing

/// The synthetic instance generator: deterministic, the documented shape and distributions, files
/// that read back, and a witness plan that keeps every rule.
@Suite("Instance generator")
struct GeneratorTests {
    /// Writes `generated` into a fresh temporary directory, reads it back and removes the directory.
    static func readBack(_ generated: GeneratedInstance) throws -> Instance {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("generator-tests-\(UUID().uuidString)/instance", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        try generated.write(to: dir)  // creates the missing folders
        return try InstanceReader.read(directory: dir)
    }

    /// The witness as a plan, built here from the instance alone (not through the generator's helper).
    static func plan(_ witness: [(cadre: String, post: String)], in instance: Instance) throws -> Plan {
        var assigned = Set<Int>()
        var objective = 0.0
        var assignments: [Assignment] = []
        for pair in witness {
            let c = try #require(instance.cadreIndex[pair.cadre], "unknown cadre \(pair.cadre)")
            let p = try #require(instance.postIndex[pair.post], "unknown post \(pair.post)")
            assigned.insert(c)
            let cost = instance.cost(cadre: c, post: p)
            objective += cost
            assignments.append(Assignment(post: pair.post, cadre: pair.cadre, type: instance.moveType(cadre: c, post: p),
                                          crossBlock: instance.isCrossBlock(cadre: c, post: p), cost: cost, reasons: []))
        }
        let released = instance.cadres.indices.filter { c in
            instance.cadres[c].post != nil && !instance.facts(c).retiring && !assigned.contains(c)
        }
        objective += instance.policy.weights.release * Double(released.count)
        return Plan(status: .feasible, objective: objective, bound: nil, assignments: assignments,
                    released: released.map { instance.cadres[$0].id }, releases: [], stats: [])
    }

    @Test("the same arguments give byte-identical files and the same witness")
    func deterministic() {
        let a = InstanceGenerator(communes: 40, agencies: 15, seed: 7).generate()
        let b = InstanceGenerator(communes: 40, agencies: 15, seed: 7).generate()
        for (x, y) in zip(a.files, b.files) {
            #expect(x.name == y.name)
            #expect(Data(x.text.utf8) == Data(y.text.utf8), "\(x.name) differs between two runs")
        }
        #expect(a.witness.map { "\($0.cadre)>\($0.post)" } == b.witness.map { "\($0.cadre)>\($0.post)" })
        #expect(a.stats == b.stats)
    }

    @Test("a fixed seed gives the same bytes on every machine and Swift version")
    func golden() {
        // FNV-1a over the four files of a small instance. If the generator is changed on purpose,
        // update the value; if it changes otherwise, determinism across platforms is broken.
        let g = InstanceGenerator(communes: 4, agencies: 2, seed: 2025).generate()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in g.files.flatMap({ Array(($0.name + "\n" + $0.text).utf8) }) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        #expect(hash == Self.goldenHash, "hash \(String(hash, radix: 16))")
    }

    static let goldenHash: UInt64 = 0xa976_46ff_234e_6632

    @Test("different seeds give different files")
    func seedsDiffer() {
        let a = InstanceGenerator(communes: 40, agencies: 15, seed: 1).generate()
        let b = InstanceGenerator(communes: 40, agencies: 15, seed: 2).generate()
        #expect(a.cadresCSV != b.cadresCSV)
        #expect(a.unitsCSV != b.unitsCSV)
        #expect(a.postsCSV != b.postsCSV)
    }

    @Test("150 communes and 75 agencies: 1,125 posts and about 1.25 cadres per post")
    func sizes() throws {
        let g = InstanceGenerator(communes: 150, agencies: 75, seed: 1).generate()
        let instance = try Self.readBack(g)
        #expect(instance.units.count == 225)
        #expect(instance.units.filter { $0.level == .commune }.count == 150)
        #expect(instance.units.filter { $0.level == .province }.count == 75)
        #expect(!instance.units.contains { $0.level == .district })
        #expect(instance.posts.count == 1125)
        let ratio = Double(instance.cadres.count) / Double(instance.posts.count)
        #expect(ratio >= 1.2 && ratio <= 1.3, "cadres per post \(ratio)")
        #expect(g.witness.count == 1125)
        #expect(g.witness.map(\.post) == instance.posts.map(\.id))
        #expect(Set(g.witness.map(\.cadre)).count == 1125)
        #expect(g.stats.posts == 1125 && g.stats.cadres == instance.cadres.count)
        // Five posts per unit with the documented ranks.
        for u in instance.units.indices {
            let ranks = instance.posts.filter { $0.unit == u }.map(\.rank)
            if instance.units[u].level == .commune {
                #expect(ranks == [.head, .deputy, .head, .deputy, .head])
            } else {
                #expect(ranks == [.head, .deputy, .deputy, .member, .member])
            }
        }
    }

    @Test("the files read back without issues and match what was generated",
          arguments: [(1, 0), (3, 0), (20, 10), (60, 30)])
    func readsBack(communes: Int, agencies: Int) throws {
        let g = InstanceGenerator(communes: communes, agencies: agencies, seed: 11).generate()
        let instance = try Self.readBack(g)
        #expect(instance.units.count == communes + agencies)
        #expect(instance.posts.count == 5 * (communes + agencies))
        #expect(instance.cadres.count == g.stats.cadres)
        #expect(instance.policy.year == 2025)
        #expect(instance.policy.weakMinRating == 60)
        #expect(instance.policy.maxArrivalsPerUnit == 3)
        #expect(instance.policy.maxMoves == nil)
        #expect(instance.policy.shareTargets.count == 1)
        #expect(instance.skillNames.count <= InstanceGenerator.tags.count)
    }

    @Test("names with commas are quoted and read back whole")
    func quoting() throws {
        let instance = try Self.readBack(InstanceGenerator(communes: 2, agencies: 8, seed: 3).generate())
        #expect(instance.units.contains { $0.name == "Sở Văn hóa, Thể thao và Du lịch" })
    }

    @Test("the witness keeps every rule (E1–E8, C1–C8)",
          arguments: [(1, 0, 1), (2, 1, 9), (20, 10, 1), (20, 10, 2), (60, 30, 3), (60, 30, 4), (150, 75, 1), (150, 75, 5)])
    func witnessIsValid(communes: Int, agencies: Int, seed: UInt64) throws {
        let g = InstanceGenerator(communes: communes, agencies: agencies, seed: seed).generate()
        let instance = try Self.readBack(g)
        let plan = try Self.plan(g.witness, in: instance)
        let report = PlanChecker.check(plan, against: instance)
        #expect(report.isValid, "\(report.violations.prefix(10))")
        // The generator's own helper builds the same plan.
        let helper = g.witnessPlan(for: instance)
        #expect(PlanChecker.check(helper, against: instance).isValid)
        #expect(helper.released == plan.released)
        #expect(abs((helper.objective ?? .nan) - report.objective) <= 1e-6 * max(1, abs(report.objective)))
        #expect(report.releases == g.stats.witnessReleases)
        // A down quota, when written, is one the witness meets.
        if let quota = instance.policy.minMoves[.down] {
            #expect(quota >= 1 && quota <= plan.assignments.filter { $0.type == .down }.count)
        }
    }

    @Test("distributions are roughly the documented ones")
    func distributions() throws {
        let g = InstanceGenerator(communes: 150, agencies: 75, seed: 1).generate()
        let instance = try Self.readBack(g)
        let facts = instance.allFacts()
        let communeHolders = instance.cadres.filter { c in c.post.map { instance.units[instance.posts[$0].unit].level == .commune } ?? false }
        let local = Double(communeHolders.filter { $0.home == $0.unit }.count) / Double(communeHolders.count)
        #expect(local >= 0.5 && local <= 0.8, "local share of commune leaders \(local)")
        let holders = instance.cadres.indices.filter { instance.cadres[$0].post != nil }
        #expect(holders.count >= instance.posts.count * 95 / 100, "a few vacant posts at most")
        let mustLeave = facts.filter(\.mustLeave).count
        #expect(mustLeave > 0)
        #expect(holders.contains { facts[$0].mustLeave && facts[$0].currentRank == .head })
        #expect(holders.contains { facts[$0].mustLeave && facts[$0].currentRank == .deputy })
        let short = holders.filter { (facts[$0].tenure ?? 0) <= 4 }.count
        #expect(Double(short) / Double(holders.count) >= 0.65, "tenure skewed towards short")
        let reserve = Double(instance.cadres.filter { $0.post == nil }.count) / Double(instance.cadres.count)
        #expect(reserve >= 0.15 && reserve <= 0.3, "reserve share \(reserve)")
        #expect(instance.cadres.contains { $0.post == nil && instance.units[$0.unit].level == .commune })
        #expect(instance.cadres.contains { $0.post == nil && instance.units[$0.unit].level == .province })
        let weak = Double(instance.units.filter(\.weak).count) / 150
        #expect(weak >= 0.1 && weak <= 0.3, "weak communes \(weak)")
        let retiring = facts.filter(\.retiring).count
        #expect(retiring > 0 && retiring < instance.cadres.count / 10)
        let horizon = Double(facts.filter { $0.yearsLeft >= 10 }.count) / Double(facts.count)
        #expect(horizon >= 0.6, "most have 10+ years left: \(horizon)")
        let ratings = instance.cadres.map { Double($0.rating) }
        let mean = ratings.reduce(0, +) / Double(ratings.count)
        #expect(mean >= 65 && mean <= 75, "mean rating \(mean)")
        let heads = instance.posts.filter { instance.units[$0.unit].level == .commune && $0.rank == .head && $0.block != .front }
        #expect(Double(heads.filter(\.restricted).count) / Double(heads.count) >= 0.7, "most secretaries and chairs restricted")
        #expect(instance.cadres.contains { $0.post != nil && $0.grade > instance.posts[$0.post!].rank })
        #expect(instance.cadres.contains { !$0.wants.isEmpty })
        // The witness moves people (rotation), not only the reserve.
        #expect(g.stats.witness(.horizontal) > 0)
        #expect(g.stats.witness(.stay) > instance.posts.count / 2)
    }

    // MARK: the 2025 shape

    @Test("the 2025 shape: byte-identical files on every run, and the v1 shape's bytes untouched by it")
    func deterministic2025() {
        let a = InstanceGenerator(communes: 30, agencies: 8, seed: 4, shape: .y2025).generate()
        let b = InstanceGenerator(communes: 30, agencies: 8, seed: 4, shape: .y2025).generate()
        #expect(a.files.map(\.name) == ["units.csv", "posts.csv", "cadres.csv", "policy.yaml", "relations.csv"])
        for (x, y) in zip(a.files, b.files) {
            #expect(Data(x.text.utf8) == Data(y.text.utf8), "\(x.name) differs between two runs")
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let g = InstanceGenerator(communes: 4, agencies: 2, seed: 2025, shape: .y2025).generate()
        for byte in g.files.flatMap({ Array(($0.name + "\n" + $0.text).utf8) }) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        #expect(hash == Self.goldenHash2025, "hash \(String(hash, radix: 16))")
        #expect(InstanceGenerator(communes: 4, agencies: 2, seed: 2025).generate().files.count == 4)
    }

    static let goldenHash2025: UInt64 = 0x277d_f0ee_6349_81ae

    @Test("the 2025 shape: every commune has 7 posts in 5 groups, cadres a minority flag, relatives in relations.csv, and the policy every version 2 key")
    func shape2025() throws {
        let g = InstanceGenerator(communes: 60, agencies: 12, seed: 3, shape: .y2025).generate()
        let instance = try Self.readBack(g)
        #expect(instance.posts.count == 7 * 60 + 5 * 12)
        #expect(g.stats.posts == instance.posts.count && g.stats.groups == 5 * 72)
        let grouped = instance.grouped()
        #expect(grouped.posts.count == 5 * 72)
        for u in instance.units.indices where instance.units[u].level == .commune {
            let joint = instance.posts.filter { $0.unit == u && !$0.joint.isEmpty }
            #expect(joint.count == 4 && Set(joint.map(\.joint)).count == 2, "\(instance.units[u].id)")
        }
        // The holder of a joint group lists both of its posts.
        #expect(instance.cadres.contains { $0.alsoHolds.count == 1 })
        let minority = Double(instance.cadres.filter(\.minority).count) / Double(instance.cadres.count)
        #expect(minority > 0.1 && minority < 0.4, "minority share \(minority)")
        #expect(instance.relations.count == g.stats.relations && instance.relations.count >= instance.cadres.count / 50)
        #expect(instance.relations.allSatisfy { $0.cadre != $0.other && !$0.kind.isEmpty })
        // Some relatives work in one unit now.
        #expect(instance.relations.contains { instance.cadres[$0.cadre].unit == instance.cadres[$0.other].unit })
        let policy = instance.policy
        #expect(policy.minYearsInPost == 3 && policy.youngAge == 40)
        #expect(Set(policy.shareTargets.map(\.of)) == Set(ShareKind.allCases))
        #expect(policy.shareTargets.contains { $0.perUnit && $0.atLeast == 1 && $0.of == .female })
    }

    @Test("the 2025 shape's witness keeps every rule (E1–E8, C1–C8), joint groups and relatives included",
          arguments: [(1, 0, 1), (3, 1, 2), (20, 5, 1), (20, 5, 2), (60, 12, 3), (140, 24, 1)])
    func witnessIsValid2025(communes: Int, agencies: Int, seed: UInt64) throws {
        let g = InstanceGenerator(communes: communes, agencies: agencies, seed: seed, shape: .y2025).generate()
        let instance = try Self.readBack(g)
        let plan = g.witnessPlan(for: instance)
        #expect(plan.assignments.count == instance.posts.count)
        let report = PlanChecker.check(plan, against: instance)
        #expect(report.isValid, "\(report.violations.prefix(10))")
        #expect(abs((plan.objective ?? .nan) - report.objective) <= 1e-6 * max(1, abs(report.objective)))
    }
}
