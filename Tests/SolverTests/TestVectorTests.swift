import AssignModel
import Solver
import Testing

/// The SPEC §10 test vectors: optima agreed by two independent implementations.
@Suite("SPEC test vectors")
struct TestVectorTests {
    @Test("reaches the published optimum with a proof, and the checker accepts the plan",
          arguments: [("tiny", 896.0), ("district-20", 7339.2), ("tiny-v2", 871.0), ("commune-2025", 15602.77)])
    func optimum(name: String, expected: Double) throws {
        let instance = try Examples.load(name)
        let report = PlanSolver.solve(instance)
        #expect(report.status == .optimal)
        let plan = try #require(report.plan)
        let objective = try #require(plan.objective)
        #expect(abs(objective - expected) <= 1e-6 * expected)
        #expect(plan.bound == plan.objective)
        #expect(plan.assignments.count == instance.posts.count)
        // SPEC §11.1: the posts of a joint group carry one cadre and its `joint` value.
        #expect(plan.assignments.map { $0.joint ?? "" } == plan.assignments.map { instance.posts[instance.postIndex[$0.post]!].joint })
        let check = PlanChecker.check(plan, against: instance)
        #expect(check.isValid, "\(check.violations)")
        #expect(abs(check.objective - objective) <= 1e-6 * expected)
    }

    /// examples/district-20-2025: district-20 with the 2025 rules built so far — E8 (min_years_in_post 2),
    /// six relations (C8), a women's share, two young cadres per commune, eight minority heads, and
    /// max_arrivals_per_unit 5. Its optimum is the project's own, confirmed by `--method full` and by
    /// glpsol on `plan export --mps` (10355.8, INTEGER OPTIMAL); not a shared vector.
    @Test("district-20-2025: 10355.8 by both methods, and removing any one of its 2025 rules changes the optimum")
    func district2025() throws {
        let instance = try Examples.load("district-20-2025")
        for method in SolveOptions.Method.allCases {
            let plan = try #require(PlanSolver.solve(instance, options: SolveOptions(method: method)).plan)
            #expect(abs((plan.objective ?? 0) - 10355.8) <= 1e-6 * 10355.8, "\(method)")
            #expect(PlanChecker.check(plan, against: instance).isValid)
        }
        var variants: [(String, Instance)] = []
        var noRelations = instance
        noRelations.relations = []
        variants.append(("relations", noRelations))
        var noE8 = instance
        noE8.policy.minYearsInPost = nil
        variants.append(("min_years_in_post", noE8))
        for target in instance.policy.shareTargets where target.name.hasPrefix("shares[") {
            var other = instance
            other.policy.shareTargets.removeAll { $0.name == target.name }
            variants.append((target.name, other))
        }
        #expect(variants.count == 5)
        for (name, variant) in variants {
            let z = try #require(PlanSolver.solve(variant).plan?.objective)
            #expect(z < 10355.8 - 1e-6, "without \(name): \(z)")
        }
    }

    /// examples/tiny-v2 (shared vector, `WORKED.md`): the plan worked by hand, and the table of what
    /// each v2 rule adds — each optimum solved on a copy with that rule removed, by both methods.
    @Test("tiny-v2: the hand-worked plan, and the optimum without each v2 rule as WORKED.md gives it")
    func tinyV2ByHand() throws {
        let instance = try Examples.load("tiny-v2")
        let plan = try #require(PlanSolver.solve(instance).plan)
        let holder = Dictionary(uniqueKeysWithValues: plan.assignments.map { ($0.post, $0.cadre) })
        #expect(plan.released == ["C04"])
        #expect(holder["CL-CT"] == "C11" && holder["CL-PB"] == "C11")
        #expect(holder["CL-BT"] == "C03" && holder["DD-BT"] == "C06" && holder["VL-BT"] == "C01")
        // The group's cost on its first post (posts.csv order), 0 on the other.
        let cost = Dictionary(uniqueKeysWithValues: plan.assignments.map { ($0.post, $0.cost) })
        #expect(cost["VL-BT"] == 84 && cost["VL-HD"] == 0 && cost["VL-CT"] == -13 && cost["VL-PB"] == 0)
        #expect(plan.assignments.first { $0.post == "CL-PB" }?.reasons.first?.contains("joint post CL-2") == true)
        // C4 counts both posts of a commune group (coefficient 2 in the women's row, need 6) but never
        // more than a row's need (1 in the per-commune young row): the same plans, a tighter relaxation.
        let grouped = instance.grouped()
        let f = Formulation(instance: grouped)
        let g = try #require(grouped.postIndex["CL-CT"]), c11 = try #require(grouped.cadreIndex["C11"])
        let column = f.column(cadre: c11, post: g, cost: 0)
        let coefficient = Dictionary(uniqueKeysWithValues: zip(column.rows.map { f.program.rows[Int($0)].name }, column.values))
        #expect(coefficient["C4[1]"] == 2 && coefficient["C4[2,CL]"] == 1, "\(coefficient)")
        var variants: [(String, Instance, Double)] = []
        var noFemale = instance
        noFemale.policy.shareTargets.removeAll { $0.of == .female }
        variants.append(("female target", noFemale, 861))
        var noYoung = instance
        noYoung.policy.shareTargets.removeAll { $0.of == .young }
        variants.append(("young target", noYoung, 866))
        var noShares = instance
        noShares.policy.shareTargets = []
        variants.append(("both targets", noShares, 856))
        var noRelations = instance
        noRelations.relations = []
        variants.append(("relations", noRelations, 771))
        var noE8 = instance
        noE8.policy.minYearsInPost = nil
        variants.append(("min_years_in_post", noE8, 856))
        for (name, variant, expected) in variants {
            for method in SolveOptions.Method.allCases {
                let z = try #require(PlanSolver.solve(variant, options: SolveOptions(method: method)).plan?.objective)
                #expect(abs(z - expected) <= 1e-6, "without \(name), \(method): \(z)")
            }
        }
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
