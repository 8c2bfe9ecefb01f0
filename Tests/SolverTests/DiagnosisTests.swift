import AssignModel
import Solver
import Testing

/// Infeasible instances are explained in a planner's terms, with suggestions verified by solving.
@Suite("Infeasibility diagnosis")
struct DiagnosisTests {
    @Test("an arrival cap of 0 on the tiny example: the wards are named, and cap 1 restores the published plan")
    func arrivalCap() throws {
        var instance = try Examples.load("tiny")
        instance.policy.maxArrivalsPerUnit = 0
        #expect(PlanSolver.solve(instance).status == .infeasible)
        let d = Diagnoser.diagnose(instance)
        let caps = d.blockers.filter { $0.rule == .C5 }
        #expect(Set(caps.flatMap(\.units)).isSuperset(of: ["AX", "AP", "AS", "HH"]))
        let s = try #require(d.suggestions.first { $0.key == "max_arrivals_per_unit" })
        #expect(s.rule == .C5 && s.from == 0 && s.value == 1)
        #expect(s.objective == 896)
        // The JSON names rule, key and value as policy.yaml does.
        let text = d.json.serialized()
        #expect(text.contains("\"key\": \"max_arrivals_per_unit\""))
        #expect(text.contains("\"value\": 1"))
        #expect(text.contains("\"proven_smallest\": true") && text.contains("\"complete\": true"))
        #expect(!d.text.contains("not proven"))
    }

    @Test("min_years_in_post 9 on the tiny example: the secretaries' posts are named under E8, and 8 restores the published plan")
    func timeInPost() throws {
        var instance = try Examples.load("tiny")
        instance.policy.minYearsInPost = 9
        #expect(PlanSolver.solve(instance).status == .infeasible)
        let d = Diagnoser.diagnose(instance)
        let s = try #require(d.suggestions.first { $0.key == "min_years_in_post" })
        #expect(s.rule == .E8 && s.from == 9 && s.value == 8 && s.provenSmallest)
        #expect(s.objective == 896)
        #expect(d.text.contains("min_years_in_post: 9 → 8"))
    }

    @Test("a share of young cadres beyond reach on tiny-v2: the diagnosis suggests the smallest young_age that restores a plan, verified by solving")
    func youngAge() throws {
        var instance = try Examples.load("tiny-v2")
        let posts = instance.posts.count
        instance.policy.shareTargets.append(ShareTarget(of: .young, min: Fraction(numerator: 0, denominator: 1),
                                                        atLeast: posts * 3 / 4, name: "shares[9]"))
        #expect(PlanSolver.solve(instance).status == .infeasible)
        let d = Diagnoser.diagnose(instance)
        let s = try #require(d.suggestions.first { $0.key == "young_age" })
        #expect(s.rule == .C4 && s.from == 40 && s.value > 40 && s.provenSmallest)
        #expect(d.text.contains("young_age: 40 → \(Int(s.value))"))
        var fixed = instance
        fixed.policy.youngAge = Int(s.value)
        #expect(PlanSolver.solve(fixed).status == .optimal)
        fixed.policy.youngAge = Int(s.value) - 1
        #expect(PlanSolver.solve(fixed).status == .infeasible)
    }

    @Test("a suggestion the time limit cut short says it is not proven smallest, and a search cut short says so")
    func stoppedSearchIsSaid() {
        var d = Diagnosis(blockers: [], suggestions: [
            .init(rule: .C6, key: "max_moves", from: 3, value: 9, objective: nil, provenSmallest: false),
        ], stoppedByTimeLimit: true)
        #expect(d.text.contains("max_moves: 3 → 9"))
        #expect(d.text.contains("not proven the smallest change"))
        #expect(d.text.contains("objective not computed within the time limit"))
        #expect(d.json.serialized().contains("\"proven_smallest\": false"))
        #expect(d.json.serialized().contains("\"objective\": null"))
        d.suggestions = []
        #expect(d.text.contains("time limit ended the search"))
        #expect(!d.text.contains("No change to a single policy number restores a plan"))
    }

    @Test("two posts competing for one qualified cadre are reported together")
    func competingPosts() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0"]
        m.posts = ["A-1,A,member,state,0,0,law", "A-2,A,member,state,0,0,law"]
        m.cadres = ["c1,m,1980,A,A,,,member,law,50,", "c2,m,1980,A,A,,,member,,50,"]
        let instance = try m.instance()
        #expect(PlanSolver.solve(instance).status == .infeasible)
        let d = Diagnoser.diagnose(instance)
        let hall = try #require(d.blockers.first { $0.posts.count == 2 })
        #expect(Set(hall.posts) == ["A-1", "A-2"])
        #expect(hall.cadres == ["c1"])
        #expect(d.suggestions.isEmpty)
    }

    @Test("a quota above what moves can reach is named, and the largest feasible quota suggested")
    func quota() throws {
        var instance = try Examples.load("district-20")
        instance.policy.minMoves = [.up: 40]
        #expect(PlanSolver.solve(instance).status == .infeasible)
        let d = Diagnoser.diagnose(instance)
        let s = try #require(d.suggestions.first { $0.key == "min_moves.up" })
        #expect(s.value < 40)
        // Verified: the suggested quota is feasible and one more is not.
        var ok = instance, over = instance
        ok.policy.minMoves = [.up: Int(s.value)]
        over.policy.minMoves = [.up: Int(s.value) + 1]
        #expect(PlanSolver.solve(ok).status == .optimal)
        #expect(PlanSolver.solve(over).status == .infeasible)
    }
}
