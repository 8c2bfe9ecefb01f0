import AssignModel
import Foundation
import Solver
import Testing

/// Rule C8 (SPEC §11.4) on generated instances: both methods reach one optimum, the checker agrees,
/// and the diagnosis names relatives no plan can separate.
@Suite("Relatives (C8)")
struct RelativesTests {
    /// A generated instance with relations between cadres who work in one unit now (they bind) and
    /// between random cadres; no pair twice, nobody related to themselves.
    static func related(seed: UInt64) throws -> Instance {
        var instance = try InstanceGenerator(communes: 10 + Int(seed % 4), agencies: 4 + Int(seed % 3), seed: seed).readBack()
        var rng = SplitMix64(seed: seed &+ 404)
        var seen = Set<[Int]>()
        var relations: [Relation] = []
        let byUnit = Dictionary(grouping: instance.cadres.indices.filter { instance.cadres[$0].post != nil }) { instance.cadres[$0].unit }
        let units = byUnit.keys.sorted()
        func add(_ a: Int, _ b: Int) {
            guard a != b, seen.insert([min(a, b), max(a, b)]).inserted else { return }
            relations.append(Relation(cadre: a, other: b, kind: rng.next() % 2 == 0 ? "siblings" : "", line: relations.count + 2))
        }
        for _ in 0..<12 {
            let members = byUnit[units[Int(rng.next() % UInt64(units.count))]]!
            add(members[Int(rng.next() % UInt64(members.count))], members[Int(rng.next() % UInt64(members.count))])
        }
        for _ in 0..<8 {
            add(Int(rng.next() % UInt64(instance.cadres.count)), Int(rng.next() % UInt64(instance.cadres.count)))
        }
        instance.relations = relations
        return instance
    }

    @Test("column generation and the full model reach one optimum with relatives, and the checker finds C8 kept",
          arguments: Array(UInt64(1)...5))
    func methodsAgree(seed: UInt64) throws {
        guard let report = try expectMethodsAgree(try Self.related(seed: seed), "seed \(seed)") else { return }
        #expect(report.outcome.relationsKept == report.outcome.relations)
    }

    @Test("relatives change the optimum on some generated instances (so the agreement above means something)")
    func relativesBind() throws {
        var changed = 0
        for seed in UInt64(1)...5 {
            let instance = try Self.related(seed: seed)
            var free = instance
            free.relations = []
            guard let z = PlanSolver.solve(instance).plan?.objective, let z0 = PlanSolver.solve(free).plan?.objective else { continue }
            #expect(z >= z0 - 1e-6 * max(1, abs(z0)), "seed \(seed): relatives made the optimum cheaper")
            if z > z0 + 1e-6 * max(1, abs(z0)) { changed += 1 }
        }
        #expect(changed >= 2, "instances whose optimum the relatives changed: \(changed)")
    }

    @Test("two relatives fixed into one unit: the diagnosis names them, the relation's line and both pins")
    func fixedTogether() throws {
        var instance = try Examples.load("tiny")
        // C05 holds AX-CT; C04 is fixed to AX-BT; C05 fixed to stay.
        let c04 = instance.cadreIndex["C04"]!, c05 = instance.cadreIndex["C05"]!
        instance.pins = [Pin(cadre: c04, post: instance.postIndex["AX-BT"]!, action: .fix, line: 2),
                         Pin(cadre: c05, post: instance.postIndex["AX-CT"]!, action: .fix, line: 3)]
        instance.relations = [Relation(cadre: c04, other: c05, kind: "spouses", line: 2)]
        #expect(PlanSolver.solve(instance).status == .infeasible)
        let d = Diagnoser.diagnose(instance)
        let blocker = try #require(d.blockers.first { $0.rule == .C8 })
        #expect(blocker.message.contains("C04 and C05, relatives (spouses) on relations.csv line 2"))
        #expect(blocker.message.contains("line 2 (C04 → AX-BT)") && blocker.message.contains("line 3 (C05 → AX-CT)"))
        #expect(Set(blocker.cadres) == ["C04", "C05"] && blocker.units == ["AX"])
    }
}
