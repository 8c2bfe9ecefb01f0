import AssignModel
import Foundation
import Solver
import Testing

/// The canonical plan: the same plan whatever the row order of the files and the method, and an
/// honest count of how far the other plans of the same cost reach.
@Suite("Canonical plan among ties")
struct TieBreakTests {
    /// `instance` with its units, posts, cadres and pins in a shuffled order (every index remapped),
    /// as if each file's rows had been re-sorted.
    static func permuted(_ instance: Instance, seed: UInt64) -> Instance {
        var rng = SplitMix64(seed: seed)
        func shuffled(_ n: Int) -> [Int] {
            var order = Array(0..<n)
            for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            return order
        }
        let unitOrder = shuffled(instance.units.count), postOrder = shuffled(instance.posts.count)
        let cadreOrder = shuffled(instance.cadres.count)
        func inverse(_ order: [Int]) -> [Int] {
            var inv = order
            for (new, old) in order.enumerated() { inv[old] = new }
            return inv
        }
        let newUnit = inverse(unitOrder), newPost = inverse(postOrder), newCadre = inverse(cadreOrder)
        let units = unitOrder.map { instance.units[$0] }
        let posts = postOrder.map { old -> Post in
            var p = instance.posts[old]
            p.unit = newUnit[p.unit]
            return p
        }
        let cadres = cadreOrder.map { old -> Cadre in
            var c = instance.cadres[old]
            c.unit = newUnit[c.unit]
            c.home = c.home.map { newUnit[$0] }
            c.post = c.post.map { newPost[$0] }
            c.wants = c.wants.map { newUnit[$0] }.sorted()
            return c
        }
        var pins = instance.pins.map { Pin(cadre: newCadre[$0.cadre], post: newPost[$0.post], action: $0.action, line: $0.line) }
        pins = shuffled(pins.count).map { pins[$0] }
        var scores: [Int: Double] = [:]
        for (key, value) in instance.scores {
            let c = key / instance.posts.count, p = key % instance.posts.count
            scores[newCadre[c] * posts.count + newPost[p]] = value
        }
        return Instance(units: units, posts: posts, cadres: cadres, pins: pins, scores: scores,
                        policy: instance.policy, skillNames: instance.skillNames)
    }

    /// A generated instance (feasible by construction, with its non-local share, arrival cap and down
    /// quota) with some what-ifs of a planner by `seed`: a tighter arrival cap, a higher down quota,
    /// forbid pins and coarse scores, so that many plans share the optimum and the side rows bind.
    static func binding(seed: UInt64) throws -> Instance {
        var instance = try InstanceGenerator(communes: 12 + Int(seed % 4), agencies: 5 + Int(seed % 3), seed: seed).readBack()
        var rng = SplitMix64(seed: seed)
        var policy = instance.policy
        if seed % 4 == 0 { policy.maxArrivalsPerUnit = 2 }
        if seed % 3 == 0 { policy.minMoves[.down] = (policy.minMoves[.down] ?? 0) + 2 }
        instance.policy = policy
        var pins: [Pin] = []
        var scores: [Int: Double] = [:]
        for c in instance.cadres.indices {
            for p in instance.posts.indices {
                if rng.next() % 60 == 0 { pins.append(Pin(cadre: c, post: p, action: .forbid, line: pins.count + 2)) }
                if seed % 4 == 1, rng.next() % 20 == 0 { scores[instance.pairKey(c, p)] = Double(rng.next() % 3) }
            }
        }
        instance.pins = pins
        instance.scores = scores
        return instance
    }

    /// The plan file without its `stats` (which name the method).
    static func body(_ plan: Plan) -> String {
        var p = plan
        p.stats = []
        return p.json.serialized()
    }

    @Test("ids order with numbers as numbers: P2 before P10, then plain order")
    func identifierOrder() {
        let ids = ["P10", "P2", "P1", "A", "P02", "P1a", "B-9", "B-010", "Ω", "P"]
        let sorted = ids.sorted(by: IdentifierOrder.precedes)
        #expect(sorted == ["A", "B-9", "B-010", "P", "P1", "P1a", "P2", "P02", "P10", "Ω"])
        for a in ids {
            #expect(!IdentifierOrder.precedes(a, a))
            for b in ids where a != b { #expect(IdentifierOrder.precedes(a, b) != IdentifierOrder.precedes(b, a)) }
        }
    }

    @Test("permuting every file's rows gives a byte-identical plan, and both methods give the same plan",
          arguments: Array(UInt64(1)...8))
    func permutationsAndMethods(seed: UInt64) throws {
        let instance = try Self.binding(seed: seed)
        let reference = PlanSolver.solve(instance)
        #expect(reference.status == .optimal, "seed \(seed): \(reference.status)")
        let plan = try #require(reference.plan)
        #expect(plan.stats.contains { if $0.0 == "tie_break", case .string("canonical") = $0.1 { true } else { false } })
        let full = try #require(PlanSolver.solve(instance, options: SolveOptions(method: .full)).plan)
        #expect(Self.body(full) == Self.body(plan), "seed \(seed): cg and full differ")
        for k in UInt64(1)...3 {
            let shuffled = Self.permuted(instance, seed: seed &* 1000 &+ k)
            for method in SolveOptions.Method.allCases {
                let other = try #require(PlanSolver.solve(shuffled, options: SolveOptions(method: method)).plan)
                if method == .columnGeneration {
                    #expect(other.json.serialized() == plan.json.serialized(), "seed \(seed), permutation \(k): plan file differs")
                } else {
                    #expect(Self.body(other) == Self.body(plan), "seed \(seed), permutation \(k), full: plan differs")
                }
            }
        }
    }

    @Test("on an integral relaxation the tie-break reads its pairs from the round that proved the optimum, and chooses what pricing every pair again chooses",
          arguments: [UInt64(1), 2, 3])
    func pairsFromTheProofRound(seed: UInt64) throws {
        // The generated ladder: the warm-start assignment is optimal, the LP integral, the slack tiny.
        let instance = try InstanceGenerator(communes: 40, agencies: 20, seed: seed).readBack()
        let plan = try #require(PlanSolver.solve(instance, timings: true).plan)
        func stat(_ plan: Plan, _ key: String) -> JSON? { plan.stats.first { $0.0 == key }?.1 }
        guard case .string(let from)? = stat(plan, "tie_break_pairs_from") else { Issue.record("no tie_break_pairs_from"); return }
        #expect(from == "proof round", "seed \(seed)")
        // `--method full` has GLPK's duals and no pricing round: the stage prices every pair itself.
        let full = try #require(PlanSolver.solve(instance, options: SolveOptions(method: .full), timings: true).plan)
        guard case .string(let fullFrom)? = stat(full, "tie_break_pairs_from") else { Issue.record("no tie_break_pairs_from"); return }
        #expect(fullFrom == "own pricing")
        #expect(Self.body(full) == Self.body(plan), "seed \(seed): the two ways to the kept pairs choose different plans")
        #expect(stat(full, "same_cost_reach").map { "\($0)" } == stat(plan, "same_cost_reach").map { "\($0)" })
    }

    /// How the stats say the tie-break was settled, if they say.
    static func settledBy(_ plan: Plan) -> String? {
        guard case .string(let by)? = plan.stats.first(where: { $0.0 == "tie_break_by" })?.1 else { return nil }
        return by
    }

    @Test("the tie-break's three searches (relaxation first, GLPK on the whole program, column generation) choose one plan")
    func searchesAgree() throws {
        // The binding what-ifs above, and a ladder-shaped instance on which the plain assignment over
        // the kept pairs breaks a side row (so only the subgradient steps can settle it).
        var instances = try (UInt64(1)...8).map { try Self.binding(seed: $0) }
        instances.append(try InstanceGenerator(communes: 60, agencies: 30, seed: 1).readBack())
        var byRelaxation = 0, searched = 0
        for (i, instance) in instances.enumerated() {
            let automatic = try #require(PlanSolver.solve(instance, timings: true).plan)
            var plans: [String: Plan] = [:]
            for (name, search) in [("whole", SolveOptions.TieBreakSearch.wholeProgram), ("columns", .columns)] {
                var o = SolveOptions()
                o.tieBreakSearch = search
                let plan = try #require(PlanSolver.solve(instance, options: o, timings: true).plan)
                #expect(Self.settledBy(plan) == "branch and bound" || Self.settledBy(plan) == nil, "instance \(i), \(name)")
                #expect(Self.body(plan) == Self.body(automatic), "instance \(i): \(name) chose another plan")
                plans[name] = plan
            }
            if Self.settledBy(plans["whole"]!) == "branch and bound" {
                searched += 1
                if Self.settledBy(automatic) == "relaxation" { byRelaxation += 1 }
            }
        }
        // The searches must have had work to do, or this test would check nothing.
        #expect(searched >= 4, "tie-breaks that needed a search: \(searched)")
        #expect(byRelaxation >= 2, "settled by the relaxation where a search was needed: \(byRelaxation)")
    }

    @Test("the reach is exact: another plan of the same cost changes that many posts, none changes one more",
          arguments: Array(UInt64(1)...6))
    func reachIsExact(seed: UInt64) throws {
        let instance = try Self.binding(seed: seed)
        let report = PlanSolver.solve(instance)
        guard report.status == .optimal else { return }
        let plan = try #require(report.plan)
        guard case .int(let reach)? = plan.stats.first(where: { $0.0 == "same_cost_reach" })?.1 else {
            Issue.record("seed \(seed): no same_cost_reach in \(plan.stats)")
            return
        }
        guard !plan.stats.contains(where: { $0.0 == "same_cost_reach_is_lower_bound" }) else { return }
        let z = try #require(plan.objective)
        let pairs = plan.assignments.map { (cadre: instance.cadreIndex[$0.cadre]!, post: instance.postIndex[$0.post]!) }
        func best(differingIn d: Int) -> Double? {
            var o = SolveOptions()
            o.exclusions = [pairs]
            o.minDiff = d
            o.tieBreak = false
            let r = PlanSolver.solve(instance, options: o)
            return r.status == .optimal ? r.plan?.objective : nil
        }
        // Costs that differ by rounding only are the same cost (TieBreak.tieTolerance).
        let tolerance = 1e-9 * max(1, abs(z))
        if reach > 0 {
            let same = try #require(best(differingIn: reach), "seed \(seed): no plan differing in \(reach) posts")
            #expect(abs(same - z) <= tolerance, "seed \(seed): a plan differing in \(reach) posts costs \(same), not \(z)")
        }
        if reach < instance.posts.count, let next = best(differingIn: reach + 1) {
            #expect(next > z + tolerance, "seed \(seed): a plan differing in \(reach + 1) posts has the same cost")
        }
    }

    @Test("a plan dearer by a fraction of a point is not a tie: the canonical plan costs the optimum exactly",
          arguments: Array(UInt64(1)...6))
    func dearerPlansAreNotTies(seed: UInt64) throws {
        // Fit scores in steps of 0.0005 on many pairs: plans dearer than the optimum by less than the
        // SPEC's comparison tolerance (1e-6 of an objective in the thousands) abound, and many of them
        // weigh less than the optimum's plans.
        var instance = try Self.binding(seed: seed)
        var rng = SplitMix64(seed: seed &+ 77)
        var scores: [Int: Double] = [:]
        for c in instance.cadres.indices {
            for p in instance.posts.indices where rng.next() % 3 == 0 {
                scores[instance.pairKey(c, p)] = Double(rng.next() % 4) * 0.0005
            }
        }
        instance.scores = scores
        var any = SolveOptions()
        any.tieBreak = false
        let found = PlanSolver.solve(instance, options: any)
        #expect(found.status == .optimal, "seed \(seed): \(found.status)")
        let z = try #require(found.plan?.objective)
        #expect(z * 1e-6 > 0.001, "seed \(seed): objective \(z) too small for this test to mean anything")
        let canonical = try #require(PlanSolver.solve(instance).plan)
        let objective = try #require(canonical.objective)
        #expect(abs(objective - z) <= 1e-9 * abs(z), "seed \(seed): the canonical plan costs \(objective), the optimum is \(z)")
    }
}
