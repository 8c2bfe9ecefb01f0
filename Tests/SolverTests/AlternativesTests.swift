import AssignModel
import Solver
import Testing

/// `--alternatives`: the best plans that differ from each other, in order.
@Suite("Alternative plans")
struct AlternativesTests {
    func differing(_ a: Plan, _ b: Plan) -> Int {
        let holder = Dictionary(uniqueKeysWithValues: b.assignments.map { ($0.post, $0.cadre) })
        return a.assignments.filter { holder[$0.post] != $0.cadre }.count
    }

    @Test("each plan is valid, differs from every earlier one in at least D posts, objectives never fall",
          arguments: [("tiny", 5, 3), ("district-20", 4, 6)])
    func alternatives(name: String, count: Int, minDiff: Int) throws {
        let instance = try Examples.load(name)
        let reports = PlanSolver.alternatives(instance, count: count, minDiff: minDiff)
        let plans = reports.compactMap(\.plan)
        #expect(plans.count == count)
        for (i, plan) in plans.enumerated() {
            #expect(plan.status == .optimal && plan.bound == plan.objective)
            #expect(PlanChecker.check(plan, against: instance).isValid)
            for j in 0..<i { #expect(differing(plan, plans[j]) >= minDiff) }
            if i > 0 { #expect(plan.objective! >= plans[i - 1].objective! - 1e-9) }
        }
        // The full model reaches the same sequence of optima.
        let full = PlanSolver.alternatives(instance, count: count, minDiff: minDiff, options: SolveOptions(method: .full))
        #expect(full.compactMap(\.plan?.objective).map { ($0 * 1e6).rounded() } == plans.map { ($0.objective! * 1e6).rounded() })
    }

    @Test("fewer plans than asked when no more differ enough")
    func runsOut() throws {
        let instance = try Examples.load("tiny")
        let reports = PlanSolver.alternatives(instance, count: 5, minDiff: 10)
        #expect(reports.compactMap(\.plan).count < 5)
        #expect(reports.last?.status == .infeasible)
    }
}
