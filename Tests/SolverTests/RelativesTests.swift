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

    /// Solves `instance` by column generation, with the phases it reported.
    static func solveWithPhases(_ instance: Instance) -> (SolveReport, [String]) {
        final class Phases: @unchecked Sendable { var seen: [String] = [] }
        let phases = Phases()
        var options = SolveOptions()
        options.progress = { phases.seen.append($0.phase) }
        let report = PlanSolver.solve(instance, options: options)
        return (report, phases.seen)
    }

    @Test("relatives who work apart now but whom the plan without C8 puts in one unit: column generation adds the rows it lacked, solves again and matches the full model")
    func lazyRowsAdded() throws {
        var restarted = 0
        for seed in UInt64(1)...6 {
            var instance = try InstanceGenerator(communes: 10 + Int(seed % 4), agencies: 4, seed: seed).readBack()
            var raw = SolveOptions()
            raw.tieBreak = false
            let free = try #require(PlanSolver.solve(instance, options: raw).plan)
            // Two cadres the free plan (as column generation found it) brings into one unit, neither working there now.
            var arrivals: [Int: [Int]] = [:]
            for a in free.assignments where a.type != .stay {
                let c = instance.cadreIndex[a.cadre]!, u = instance.posts[instance.postIndex[a.post]!].unit
                if instance.cadres[c].unit != u { arrivals[u, default: []].append(c) }
            }
            guard let unit = arrivals.keys.sorted().first(where: { arrivals[$0]!.count >= 2 }) else { continue }
            let pair = arrivals[unit]!
            instance.relations = [Relation(cadre: pair[0], other: pair[1], kind: "siblings", line: 2)]
            // The first solve lacks that row: it is not among the likely ones.
            #expect(!Formulation.likelyRelationRows(instance).contains(unit))
            let (report, phases) = Self.solveWithPhases(instance)
            if phases.contains("relatives (C8)") { restarted += 1 }
            let plan = try #require(report.plan)
            #expect(report.status == .optimal)
            let check = PlanChecker.check(plan, against: instance)
            #expect(check.isValid, "seed \(seed): \(check.violations.prefix(5))")
            let full = PlanSolver.solve(instance, options: SolveOptions(method: .full))
            #expect(abs((full.plan?.objective ?? .nan) - (plan.objective ?? .nan)) <= 1e-6 * max(1, abs(plan.objective ?? 1)),
                    "seed \(seed)")
        }
        #expect(restarted >= 2, "solves that added a C8 row and solved again: \(restarted)")
    }

    @Test("relatives fixed by pins into one unit where neither works now: the added row makes it infeasible, as in the full model")
    func lazyRowMakesInfeasible() throws {
        var instance = try InstanceGenerator(communes: 12, agencies: 4, seed: 2).readBack()
        let facts = instance.allFacts()
        // Two cadres from other units, each eligible for a different post of one unit.
        var found: (Int, Int, Int, Int)?
        search: for u in instance.units.indices {
            let posts = instance.posts.indices.filter { instance.posts[$0].unit == u }
            for p in posts { for q in posts where q > p {
                for a in instance.cadres.indices where instance.cadres[a].unit != u && instance.isEligible(cadre: a, post: p, facts: facts[a]) {
                    for b in instance.cadres.indices where b != a && instance.cadres[b].unit != u
                        && instance.cadres[b].unit != instance.cadres[a].unit
                        && instance.isEligible(cadre: b, post: q, facts: facts[b]) {
                        found = (a, p, b, q)
                        break search
                    }
                }
            } }
        }
        let (a, p, b, q) = try #require(found)
        instance.policy.maxArrivalsPerUnit = nil
        var pinned = instance
        pinned.pins = [Pin(cadre: a, post: p, action: .fix, line: 2), Pin(cadre: b, post: q, action: .fix, line: 3)]
        #expect(PlanSolver.solve(pinned).status == .optimal, "the pins alone are feasible")
        pinned.relations = [Relation(cadre: a, other: b, kind: "", line: 2)]
        let (report, phases) = Self.solveWithPhases(pinned)
        #expect(phases.contains("relatives (C8)"))
        #expect(report.status == .infeasible)
        #expect(PlanSolver.solve(pinned, options: SolveOptions(method: .full)).status == .infeasible)
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
