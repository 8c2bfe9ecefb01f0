import AssignModel
import Foundation
import Solver
import Testing

/// The generator's 2025 shape (every version 2 rule at once) solved by both methods.
@Suite("2025-shape generated instances")
struct Generated2025Tests {
    @Test("column generation and the full model reach the same optimum with joint posts, four share targets, E8 and C8 all active",
          arguments: Array(UInt64(1)...5))
    func methodsAgree(seed: UInt64) throws {
        let instance = try InstanceGenerator(communes: 6 + Int(seed % 3), agencies: 2, seed: seed, shape: .y2025).readBack()
        #expect(!instance.relations.isEmpty && instance.hasJointPosts && instance.policy.minYearsInPost == 3)
        let check = try expectMethodsAgree(instance, "seed \(seed)", absolute: 1e-6)
        #expect(check != nil, "seed \(seed): feasible by construction, yet no optimal plan")
    }

    @Test("the optimum of a 2025-shape instance is at most its witness's objective, and the plan passes the checker")
    func optimumBelowWitness() throws {
        let g = InstanceGenerator(communes: 20, agencies: 5, seed: 7, shape: .y2025).generate()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gen2025-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try g.write(to: dir)
        let instance = try InstanceReader.read(directory: dir)
        let witness = PlanChecker.check(g.witnessPlan(for: instance), against: instance)
        #expect(witness.isValid)
        let result = PlanSolver.solve(instance)
        let plan = try #require(result.plan)
        #expect(result.status == .optimal)
        let report = PlanChecker.check(plan, against: instance)
        #expect(report.isValid, "\(report.violations.prefix(5))")
        #expect(report.objective <= witness.objective + 1e-6)
    }
}
