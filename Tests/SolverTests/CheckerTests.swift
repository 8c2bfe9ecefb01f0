import AssignModel
import Solver
import Testing

/// The independent checker finds each kind of broken plan, naming the rule, cadres and posts.
@Suite("Plan checker")
struct CheckerTests {
    func optimalPlan(_ name: String = "tiny") throws -> (Instance, Plan) {
        let instance = try Examples.load(name)
        return (instance, try #require(PlanSolver.solve(instance).plan))
    }

    @Test("accepts the solver's plan and recomputes its objective")
    func acceptsOptimal() throws {
        let (instance, plan) = try optimalPlan()
        let report = PlanChecker.check(plan, against: instance)
        #expect(report.isValid)
        #expect(report.objective == 896)
        #expect(report.releases == 1)
    }

    @Test("joint posts (SPEC §11.1): a split group breaks C1, the group's cost on its second post and a wrong joint key are caught, and the whole group counts for E1 and C2")
    func jointGroups() throws {
        let (instance, plan) = try optimalPlan("tiny-v2")
        #expect(PlanChecker.check(plan, against: instance).isValid)
        // CL-PB (second post of CL-2, held by C11) given to C10: the group is split.
        var split = plan
        let i = try #require(split.assignments.firstIndex { $0.post == "CL-PB" })
        split.assignments[i].cadre = "C10"
        let report = PlanChecker.check(split, against: instance)
        #expect(report.violations.contains { $0.rule == .C1 && $0.message.contains("CL-2 is split") })
        // C10 now holds a post of CL-2 and is not counted as holding two posts (one group).
        #expect(!report.violations.contains { $0.rule == .C2 })
        // The cost moved from the first post to the second, and a joint key dropped.
        var moved = plan
        let first = try #require(moved.assignments.firstIndex { $0.post == "VL-BT" })
        let second = try #require(moved.assignments.firstIndex { $0.post == "VL-HD" })
        (moved.assignments[first].cost, moved.assignments[second].cost) = (0, moved.assignments[first].cost)
        moved.assignments[second].joint = nil
        let messages = PlanChecker.check(moved, against: instance).violations.filter { $0.rule == nil }.map(\.message)
        #expect(messages.contains { $0.contains("VL-BT is stated to cost 0") })
        #expect(messages.contains { $0.contains("VL-HD is stated to cost 84") })
        #expect(messages.contains { $0.contains("VL-HD is stated as of joint group none but is of 'VL-1'") })
        // C04 (law only) given CL-1 (Bí thư needs party): E1 over the group's skills, named on each post.
        var unskilled = plan
        for post in ["CL-BT", "CL-HD"] {
            let k = try #require(unskilled.assignments.firstIndex { $0.post == post })
            unskilled.assignments[k].cadre = "C04"
        }
        #expect(PlanChecker.check(unskilled, against: instance).violations.contains { $0.rule == .E1 && $0.cadres == ["C04"] })
    }

    @Test("a post left empty breaks C1 and the released list")
    func missingPost() throws {
        var (instance, plan) = try optimalPlan()
        plan.assignments.removeAll { $0.post == "TK-PV" }
        let report = PlanChecker.check(plan, against: instance)
        #expect(report.violations.contains { $0.rule == .C1 && $0.posts == ["TK-PV"] })
    }

    @Test("a cadre given two posts breaks C2")
    func twoPosts() throws {
        var (instance, plan) = try optimalPlan()
        let i = try #require(plan.assignments.firstIndex { $0.post == "TK-PV" })
        plan.assignments[i].cadre = "C09"
        let report = PlanChecker.check(plan, against: instance)
        #expect(report.violations.contains { $0.rule == .C2 && $0.cadres == ["C09"] })
    }

    @Test("a locally held restricted post breaks E2 and E3 and the stated cost is caught")
    func swappedBack() throws {
        var (instance, plan) = try optimalPlan()
        // Put every ward secretary back in place.
        for (post, cadre) in [("AX-BT", "C01"), ("AP-BT", "C02"), ("AS-BT", "C03"), ("HH-BT", "C04")] {
            let i = try #require(plan.assignments.firstIndex { $0.post == post })
            plan.assignments[i].cadre = cadre
        }
        let report = PlanChecker.check(plan, against: instance)
        let rules = Set(report.violations.compactMap(\.rule))
        #expect(rules.isSuperset(of: [.E2, .E3, .E6]))
        #expect(report.violations.contains { $0.rule == nil && $0.message.contains("stated as 'horizontal'") })
        #expect(report.violations.contains { $0.rule == .E6 && $0.cadres == ["C04"] && $0.posts == ["HH-BT"] })
    }

    @Test("a wrong objective or released list is reported")
    func wrongTotals() throws {
        var (instance, plan) = try optimalPlan()
        plan.objective = 895
        plan.released = []
        let report = PlanChecker.check(plan, against: instance)
        #expect(report.violations.contains { $0.message.contains("stated objective 895") })
        #expect(report.violations.contains { $0.message.contains("released list") && $0.cadres == ["C10"] })
    }

    @Test("the arrival cap and share target are counted from the plan")
    func capsAndShares() throws {
        let (base, plan) = try optimalPlan()
        var instance = base
        instance.policy.maxArrivalsPerUnit = 0
        instance.policy.shareTargets = [ShareTarget(level: .commune, key: true, rank: nil,
                                                     min: Fraction(numerator: 1, denominator: 1), line: 1)]
        instance.policy.maxMoves = 2
        instance.policy.minMoves = [.down: 1]
        let rules = Set(PlanChecker.check(plan, against: instance).violations.compactMap(\.rule))
        #expect(rules.isSuperset(of: [.C4, .C5, .C6, .C7]))
    }

    @Test("a plan file round-trips through JSON and still checks")
    func roundTrip() throws {
        let (instance, plan) = try optimalPlan("district-20")
        let text = plan.json.serialized()
        let read = try Plan.parse(Data(text.utf8), file: "plan.json")
        #expect(read.assignments == plan.assignments)
        #expect(read.released == plan.released)
        #expect(PlanChecker.check(read, against: instance).isValid)
    }

    @Test("malformed plan JSON is an input error naming the file")
    func malformedPlan() {
        #expect(throws: InputErrors.self) { try Plan.parse(Data("{\"status\": ".utf8), file: "p.json") }
        #expect(throws: InputErrors.self) { try Plan.parse(Data("{\"status\": \"great\"}".utf8), file: "p.json") }
    }
}

import Foundation
