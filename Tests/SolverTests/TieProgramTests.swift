import AssignModel
import Foundation
@testable import Solver
import Testing

/// The tie-break's program leaves out what C1 and C2 settle and the rows that cannot bind; it must
/// have the same optimum as the plain program over the same kept pairs (every row of the model).
@Suite("Tie program")
struct TieProgramTests {
    /// The plain program, as `tieProgram` was before it left anything out: every row of the model, a
    /// row `cost ≤ z*`, the slack columns with their costs moved into it, and every kept pair.
    static func plainProgram(_ tb: TieBreak, kept: TieBreak.KeptPairs, objective: Double) -> (IntegerProgram, firstPair: Int) {
        let f = tb.f
        var program = IntegerProgram()
        for row in f.program.rows { program.addRow(name: row.name, rule: row.rule, lower: row.lower, upper: row.upper) }
        let costRow = program.addRow(name: "cost", rule: nil, lower: nil, upper: objective + TieBreak.tieTolerance * max(1, abs(objective)))
        for (_, j) in tb.slacks {
            var column = f.program.columns[j]
            if column.cost != 0 { column.rows.append(Int32(costRow)); column.values.append(column.cost) }
            column.cost = 0
            column.isInteger = false
            program.addColumn(column)
        }
        let firstPair = program.columns.count
        for i in kept.pairs.indices {
            var column = f.column(cadre: kept.pairs[i].cadre, post: kept.pairs[i].post, cost: kept.weight[i], named: false)
            column.rows.append(Int32(costRow))
            column.values.append(kept.cost[i])
            program.addColumn(column)
        }
        return (program, firstPair)
    }

    /// GLPK's optimum of `program` and the columns at one.
    static func solve(_ program: IntegerProgram) throws -> (objective: Double, ones: Set<Int>) {
        let problem = try GLPKProblem(program)
        #expect(problem.solveLP(.dual, deadline: nil) == .optimal)
        let result = problem.solveMIP(deadline: nil, lpBound: problem.lpObjective, preprocess: false)
        #expect(result.status == .optimal)
        let objective = try #require(result.objective)
        return (objective, Set(result.values.indices.filter { result.values[$0] > 0.5 }))
    }

    /// The optimal plan's pairs and a random share of the other eligible pairs (so that many posts
    /// keep one pair only, and C1 and C2 settle them).
    static func kept(_ f: Formulation, plan: [(cadre: Int, post: Int)], share: UInt64, seed: UInt64) -> TieBreak.KeptPairs {
        var rng = SplitMix64(seed: seed)
        var holder = [Int](repeating: -1, count: f.instance.posts.count)
        for pair in plan { holder[pair.post] = pair.cadre }
        var kept = TieBreak.KeptPairs()
        for p in f.instance.posts.indices {
            for k in f.candidates.range(ofPost: p) {
                let c = Int(f.candidates.cadre[k])
                guard c == holder[p] || rng.next() % 100 < share else { continue }
                kept.pairs.append((c, p))
                kept.cadre.append(Int32(c))
                kept.cost.append(f.candidates.cost[k])
                kept.weight.append(TieBreak.weight(cadre: f.instance.cadres[c].id, post: f.instance.posts[p].id))
            }
            kept.start.append(kept.pairs.count)
        }
        return kept
    }

    @Test("leaving out what C1 and C2 settle and the rows that cannot bind keeps the optimum and the plan",
          arguments: Array(UInt64(1)...8))
    func sameOptimumAsThePlainProgram(seed: UInt64) throws {
        let instance = seed % 2 == 0
            ? try TieBreakTests.binding(seed: seed)
            : try InstanceGenerator(communes: 8 + Int(seed % 3), agencies: 3, seed: seed, shape: .y2025).readBack()
        let report = PlanSolver.solve(instance, options: { var o = SolveOptions(); o.tieBreak = false; return o }())
        guard report.status == .optimal, let plan = report.plan, let z = plan.objective else {
            Issue.record("seed \(seed): no optimal plan to start from")
            return
        }
        // The solver works on the grouped instance (a joint group is one post there).
        let grouped = instance.grouped()
        let keys = PlanSolver.keptPairs(plan.assignments.map { ($0.cadre, $0.post) }, in: grouped)
        let pairs = keys.sorted().map { (cadre: $0 / grouped.posts.count, post: $0 % grouped.posts.count) }
        #expect(pairs.count == grouped.posts.count)
        let f = Formulation(instance: grouped)
        let tb = TieBreak(f: f)
        var settledPosts = 0, rowsLeftOut = 0
        for share: UInt64 in [5, 20, 60] {
            let kept = Self.kept(f, plan: pairs, share: share, seed: seed &* 31 &+ share)
            let (plain, firstPair) = Self.plainProgram(tb, kept: kept, objective: z)
            let whole = try Self.solve(plain)
            let tie = tb.tieProgram(objective: z, kept: kept, weight: kept.weight, columns: true)
            let small = try Self.solve(tie.program)
            let fixedWeight = tie.fixed.reduce(0.0) { $0 + kept.weight[$1] }
            // Whole weights: the optima are whole numbers up to GLPK's rounding of the values.
            #expect((small.objective + fixedWeight).rounded() == whole.objective.rounded(),
                    "seed \(seed), share \(share): \(small.objective) + \(fixedWeight) against \(whole.objective)")
            let plainPlan = Set(kept.pairs.indices.filter { whole.ones.contains(firstPair + $0) })
            let smallPlan = Set(tie.fixed + tie.open.filter { small.ones.contains(tie.columnOf[$0]) })
            #expect(smallPlan == plainPlan, "seed \(seed), share \(share): another plan")
            // Every settled pair is in the plain program's plan too.
            #expect(Set(tie.fixed).isSubset(of: plainPlan))
            settledPosts += tie.fixed.count
            rowsLeftOut += plain.rows.count - tie.program.rows.count
        }
        // The programs must have been smaller, or this test would check nothing.
        #expect(settledPosts > 0, "seed \(seed): nothing settled")
        #expect(rowsLeftOut > 0, "seed \(seed): no row left out")
    }
}
