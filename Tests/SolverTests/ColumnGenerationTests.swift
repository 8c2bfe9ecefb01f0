import AssignModel
import Solver
import Testing

/// Column generation must reach exactly the optimum of the full model, with a proof, on every instance.
@Suite("Column generation agrees with the full model")
struct ColumnGenerationTests {
    static let variants: [(String, (inout Policy) -> Void)] = [
        ("as published", { _ in }),
        ("arrival cap 1", { $0.maxArrivalsPerUnit = 1 }),
        ("quotas down 10, up 5", { $0.minMoves = [.down: 10, .up: 5] }),
        ("move cap 66", { $0.maxMoves = 66 }),
        ("move cap 40 (infeasible)", { $0.maxMoves = 40 }),
        ("share 0.8", { $0.nonLocalShare = [ShareTarget(level: .commune, key: true, min: Fraction(numerator: 4, denominator: 5))] }),
        ("cheap releases, dear cross-block", { $0.weights.release = 60; $0.weights.crossBlock = 200 }),
        ("demotion allowed, no weak rule", { $0.allowDemotion = true; $0.weakMinRating = nil }),
    ]

    @Test("district-20 under policy variants", arguments: 0..<variants.count)
    func district(variant: Int) throws {
        var instance = try Examples.load("district-20")
        Self.variants[variant].1(&instance.policy)
        try expectSameOptimum(instance, label: Self.variants[variant].0)
    }

    @Test("tiny")
    func tiny() throws {
        try expectSameOptimum(try Examples.load("tiny"), label: "tiny")
    }

    func expectSameOptimum(_ instance: Instance, label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let full = PlanSolver.solve(instance, options: SolveOptions(method: .full))
        let cg = PlanSolver.solve(instance, options: SolveOptions(method: .columnGeneration))
        #expect(full.status == cg.status, "\(label)", sourceLocation: sourceLocation)
        guard full.status == .optimal else { return }
        let a = try #require(full.plan?.objective, sourceLocation: sourceLocation)
        let b = try #require(cg.plan?.objective, sourceLocation: sourceLocation)
        #expect(abs(a - b) <= 1e-6 * max(1, abs(a)), "\(label): full \(a), column generation \(b)", sourceLocation: sourceLocation)
        let plan = try #require(cg.plan, sourceLocation: sourceLocation)
        #expect(plan.bound == plan.objective, sourceLocation: sourceLocation)
        #expect(PlanChecker.check(plan, against: instance).isValid, sourceLocation: sourceLocation)
        if full.pairs > 1000 {
            #expect(cg.columns < full.columns / 2, "column generation hands GLPK fewer columns", sourceLocation: sourceLocation)
        }
    }
}
