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
}
