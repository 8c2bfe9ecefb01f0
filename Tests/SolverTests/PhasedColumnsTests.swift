@testable import Solver
import AssignModel
import Foundation
import Testing

/// The phased relaxation by column generation (`PhasedColumns`) against GLPK on every path.
@Suite("Phased relaxation by columns")
struct PhasedColumnsTests {
    @Test("column generation reaches the relaxation's optimum over every path, with no negative reduced cost; the plan through it is the same optimum")
    func sameRelaxationAndOptimum() throws {
        for name in ["phased-tiny", "phased-2025"] {
            let instance = try Examples.load(name).grouped()
            let model = PhasedModel(instance: instance)
            let whole = try GLPKProblem(model.program)
            #expect(whole.solveLP(.dual, deadline: nil) == .optimal)
            let r = try #require(try PhasedColumns.solve(model.program, cadreOf: model.columns.map(\.cadre), deadline: nil))
            #expect(abs(r.objective - whole.lpObjective) <= 1e-6 * max(1, abs(r.objective)), "\(name)")
            #expect(r.reducedCosts.allSatisfy { $0 >= 0 })
            #expect(abs(model.program.objective(r.values) - r.objective) <= 1e-6 * max(1, abs(r.objective)))
        }
        // The whole solve with the relaxation by columns (threshold 0) gives phased-tiny's optimum.
        let tiny = try Examples.load("phased-tiny").grouped()
        let model = PhasedModel(instance: tiny)
        var rounds: [PhasedSolver.Round] = []
        var seconds = 0.0, pricing = 0
        let result = try PhasedSolver.solveByFixing(model, options: SolveOptions(), rounds: &rounds, relaxationSeconds: &seconds,
                                                    relaxationRounds: &pricing, columnGenerationAbove: 0)
        #expect(result.status == .optimal && result.objective == 528)
        #expect(pricing >= 1)
    }

    @Test("purging idle paths from the master keeps the relaxation's optimum over every path")
    func purgingKeepsTheOptimum() throws {
        var generated = try InstanceGenerator(communes: 12, agencies: 3, seed: 4, shape: .y2025).readBack()
        generated.policy.phases = [Phase(year: 2025, name: "phases[0]"), Phase(year: 2027, name: "phases[1]")]
        var purgedSomewhere = false
        for instance in [try Examples.load("phased-2025"), generated] {
            let model = PhasedModel(instance: instance.grouped())
            let whole = try GLPKProblem(model.program)
            #expect(whole.solveLP(.dual, deadline: nil) == .optimal)
            let r = try #require(try PhasedColumns.solve(model.program, cadreOf: model.columns.map(\.cadre), deadline: nil, purgeFloor: 0))
            #expect(abs(r.objective - whole.lpObjective) <= 1e-6 * max(1, abs(r.objective)))
            #expect(r.reducedCosts.allSatisfy { $0 >= 0 })
            #expect(abs(model.program.objective(r.values) - r.objective) <= 1e-6 * max(1, abs(r.objective)))
            if r.purged > 0 { purgedSomewhere = true }
        }
        #expect(purgedSomewhere, "no path was purged: this test would check nothing")
    }

    @Test("an instance whose relaxation has no point is decided infeasible by the columns' phase 1, as by GLPK on every path")
    func infeasibleByPhaseOne() throws {
        // Nobody may hold SNV-GD in 2025: K07 reached its limit, and every other head is forbidden there.
        var instance = try Examples.load("phased-tiny")
        let post = instance.postIndex["SNV-GD"]!
        instance.pins = instance.cadres.indices.filter { instance.cadres[$0].id != "K07" }.map { Pin(cadre: $0, post: post, action: .forbid, line: 0) }
        let grouped = instance.grouped()
        let model = PhasedModel(instance: grouped)
        let whole = try GLPKProblem(model.program)
        #expect(whole.solveLP(.dual, deadline: nil) == .infeasible)
        #expect(throws: PhasedSolver.RelaxationInfeasible.self) {
            _ = try PhasedColumns.solve(model.program, cadreOf: model.columns.map(\.cadre), deadline: nil)
        }
        var rounds: [PhasedSolver.Round] = []
        var seconds = 0.0, pricing = 0
        let result = try PhasedSolver.solveByFixing(model, options: SolveOptions(), rounds: &rounds, relaxationSeconds: &seconds,
                                                    relaxationRounds: &pricing, columnGenerationAbove: 0)
        #expect(result.status == .infeasible)
    }
}
