import AssignModel
import Solver
import Testing

/// The SPEC §10 test vectors: optima agreed by two independent implementations.
@Suite("SPEC test vectors")
struct TestVectorTests {
    @Test("reaches the published optimum with a proof, and the checker accepts the plan",
          arguments: [("tiny", 896.0), ("district-20", 7339.2)])
    func optimum(name: String, expected: Double) throws {
        let instance = try Examples.load(name)
        let report = PlanSolver.solve(instance)
        #expect(report.status == .optimal)
        let plan = try #require(report.plan)
        let objective = try #require(plan.objective)
        #expect(abs(objective - expected) <= 1e-6 * expected)
        #expect(plan.bound == plan.objective)
        #expect(plan.assignments.count == instance.posts.count)
        let check = PlanChecker.check(plan, against: instance)
        #expect(check.isValid, "\(check.violations)")
        #expect(abs(check.objective - objective) <= 1e-6 * expected)
    }

    @Test("tiny: the hand-worked plan of SPEC §10")
    func tinyByHand() throws {
        let instance = try Examples.load("tiny")
        let plan = try #require(PlanSolver.solve(instance).plan)
        let holder = Dictionary(uniqueKeysWithValues: plan.assignments.map { ($0.post, $0.cadre) })
        #expect(plan.released == ["C10"])
        #expect(holder["HH-BT"] == "C02")
        #expect(holder["HH-CT"] == "C08")
        #expect(holder["TK-PV"] == "C11")
        let moved = plan.assignments.filter { $0.post.hasSuffix("-BT") }
        #expect(moved.allSatisfy { $0.type == .horizontal })
    }

    @Test("the same instance gives a byte-identical plan file")
    func deterministic() throws {
        let instance = try Examples.load("district-20")
        let a = try #require(PlanSolver.solve(instance).plan).json.serialized()
        let b = try #require(PlanSolver.solve(instance).plan).json.serialized()
        #expect(a == b)
    }
}
