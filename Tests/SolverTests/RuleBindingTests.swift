import AssignModel
import Solver
import Testing

/// For each rule, a small instance where leaving the rule out changes the optimum, and the plan
/// found without it breaks exactly that rule according to the independent checker.
@Suite("Each rule binds")
struct RuleBindingTests {
    /// Solves with every rule and with `rule` left out; checks the optima and the checker's verdicts.
    func expectBinds(_ rule: RuleID, _ mini: MiniInstance, withRule: Double, without: Double,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let instance = try mini.instance()
        let full = PlanSolver.solve(Formulation(instance: instance))
        let relaxed = PlanSolver.solve(Formulation(instance: instance, disabled: [rule]))
        #expect(full.status == .optimal, sourceLocation: sourceLocation)
        #expect(relaxed.status == .optimal, sourceLocation: sourceLocation)
        let a = try #require(full.plan, sourceLocation: sourceLocation)
        let b = try #require(relaxed.plan, sourceLocation: sourceLocation)
        #expect(a.objective == withRule, "optimum with \(rule.label)", sourceLocation: sourceLocation)
        #expect(b.objective == without, "optimum without \(rule.label)", sourceLocation: sourceLocation)
        #expect(PlanChecker.check(a, against: instance).isValid, sourceLocation: sourceLocation)
        let broken = PlanChecker.check(b, against: instance).violations.compactMap(\.rule)
        #expect(broken.contains(rule), "the checker sees \(rule.label) broken in \(broken)", sourceLocation: sourceLocation)
    }

    @Test("E1: a cadre lacking a required skill cannot keep the post")
    func skills() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0"]
        m.posts = ["A-1,A,member,state,0,0,law"]
        m.cadres = ["c1,m,1980,A,A,A-1,2023,member,,50,", "c2,m,1980,A,A,,,member,law,50,"]
        // With E1: c2 takes the post (within 40) and c1 is released (500).
        try expectBinds(.E1, m, withRule: 540, without: 0)
    }

    @Test("E2: a restricted post cannot stay with a local")
    func locality() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0"]
        m.posts = ["A-1,A,member,party,0,1,"]
        m.cadres = ["c1,m,1980,A,A,A-1,2023,member,,50,", "c2,m,1980,,A,,,member,,50,"]
        try expectBinds(.E2, m, withRule: 540, without: 0)
    }

    @Test("E3: a head who reached the term limit leaves the whole unit")
    func termLimit() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0", "B,commune,0"]
        m.posts = ["A-1,A,head,party,0,0,", "B-1,B,head,party,0,0,"]
        m.cadres = ["c1,m,1980,A,A,A-1,2010,head,,50,", "c3,m,1980,B,B,B-1,2024,head,,50,"]
        // With E3: c1 and c3 swap units (2 × horizontal 100).
        try expectBinds(.E3, m, withRule: 200, without: 0)
    }

    @Test("E4: a cadre with too few service years cannot move to another unit")
    func horizon() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0", "B,commune,0", "D,district,0"]
        m.posts = ["B-1,B,member,state,0,0,"]
        // c1 (7 years left, wants B) would cost 100 − 15; c2 comes down from the district for 100.
        m.cadres = ["c1,m,1970,A,A,,,member,,50,B", "c2,m,1980,,D,,,member,,50,"]
        try expectBinds(.E4, m, withRule: 100, without: 85)
    }

    @Test("E5: a post above the cadre's grade is out of reach")
    func rank() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0", "B,commune,0"]
        m.posts = ["A-1,A,head,state,0,0,"]
        m.cadres = ["c1,m,1980,A,A,,,deputy,,50,", "c2,m,1980,B,B,,,head,,50,"]
        try expectBinds(.E5, m, withRule: 100, without: 40)
    }

    @Test("E6: a weak unit's head post needs the minimum rating, even to stay")
    func weakUnit() throws {
        var m = MiniInstance()
        m.units = ["A,commune,1"]
        m.posts = ["A-1,A,head,state,0,0,"]
        m.cadres = ["c1,m,1980,A,A,A-1,2023,head,,60,", "c2,m,1980,A,A,,,head,,80,"]
        m.policy = "year: 2025\nweak_min_rating: 70\n"
        // With E6: c2 takes the post, 40 − 20·0.8 = 24, and c1 is released (500); without: c1 stays, −20·0.6.
        try expectBinds(.E6, m, withRule: 524, without: -12)
    }

    @Test("E7: a forbid pin removes the pair, staying included")
    func forbidPin() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0"]
        m.posts = ["A-1,A,member,state,0,0,"]
        m.cadres = ["c1,m,1980,A,A,A-1,2023,member,,50,", "c2,m,1980,A,A,,,member,,50,"]
        m.pins = ["c1,A-1,forbid"]
        try expectBinds(.E7, m, withRule: 540, without: 0)
    }

    @Test("E7: a retiring cadre takes no post and is not a release")
    func retiring() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0"]
        m.posts = ["A-1,A,member,state,0,0,"]
        // c1 is 63 in 2025, past the men's retirement age 62.
        m.cadres = ["c1,m,1962,A,A,A-1,2023,member,,50,", "c2,m,1980,A,A,,,member,,50,"]
        try expectBinds(.E7, m, withRule: 40, without: 0)
    }

    @Test("E8: a cadre new in their post may stay or be released, but takes no other post")
    func timeInPost() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0", "B,commune,0"]
        m.posts = ["A-1,A,head,party,0,0,", "B-1,B,head,party,0,0,"]
        // c1 took A-1 in 2024 (1 year); c3 has held B-1 since 2010 and must leave B; c2 waits in B.
        m.cadres = ["c1,m,1980,A,A,A-1,2024,head,,50,", "c3,m,1980,B,B,B-1,2010,head,,50,", "c2,m,1980,B,B,,,head,,50,"]
        m.policy = "year: 2025\nmin_years_in_post: 3\n"
        // With E8: c1 stays, c3 is released (500), c2 takes B-1 (within 40). Without: c1 and c3 swap (2 × 100).
        try expectBinds(.E8, m, withRule: 540, without: 200)
    }

    @Test("C8: two relatives may not both hold posts in one unit; the one who leaves is told why")
    func relatives() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0", "B,commune,0"]
        m.posts = ["A-1,A,member,state,0,0,", "A-2,A,member,state,0,0,", "B-1,B,member,state,0,0,"]
        // c1 and c2 both work in A; c3 waits in A. Without C8: both stay, c3 goes to B (100).
        // With C8: one of them goes to B (100) and c3 takes the post left (within 40).
        m.cadres = ["c1,m,1980,A,A,A-1,2020,member,,50,", "c2,m,1980,A,A,A-2,2020,member,,50,", "c3,m,1980,A,A,,,member,,50,"]
        m.relations = ["c1,c2,siblings"]
        try expectBinds(.C8, m, withRule: 140, without: 100)
        let instance = try m.instance()
        for method in SolveOptions.Method.allCases {
            let plan = try #require(PlanSolver.solve(instance, options: SolveOptions(method: method)).plan)
            let mover = try #require(plan.assignments.first { $0.post == "B-1" })
            #expect(mover.cadre == "c1" || mover.cadre == "c2")
            #expect(mover.reasons.contains { $0.hasPrefix("relative (siblings) of Name c") && $0.hasSuffix("relatives may not both hold posts in one unit (C8)") },
                    "\(mover.reasons)")
        }
    }

    @Test("C1: every post is filled, even when filling costs")
    func everyPostFilled() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0"]
        m.posts = ["A-1,A,member,state,0,0,"]
        m.cadres = ["c2,m,1980,A,A,,,member,,50,"]
        try expectBinds(.C1, m, withRule: 40, without: 0)
    }

    @Test("C2: a cadre holds at most one post")
    func onePostPerCadre() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0", "B,commune,0"]
        m.posts = ["A-1,A,member,state,0,0,", "A-2,A,member,state,0,0,"]
        m.cadres = ["c1,m,1980,A,A,A-1,2023,member,,50,", "c2,m,1980,B,B,,,member,,50,"]
        // With C2: c1 stays, c2 arrives horizontally (100). Without: c1 also takes A-2 (within 40).
        try expectBinds(.C2, m, withRule: 100, without: 40)
    }

    @Test("C3: a fix pin holds even when it costs a release")
    func fixPin() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0"]
        m.posts = ["A-1,A,member,state,0,0,"]
        m.cadres = ["c1,m,1980,A,A,A-1,2023,member,,50,", "c2,m,1980,A,A,,,member,,50,"]
        m.pins = ["c2,A-1,fix"]
        try expectBinds(.C3, m, withRule: 540, without: 0)
    }

    @Test("C4: a non-local share target replaces a local holder")
    func shareTargets() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0"]
        m.posts = ["A-1,A,head,party,1,0,"]
        m.cadres = ["c1,m,1980,A,A,A-1,2023,head,,50,", "c2,m,1980,,A,,,head,,50,"]
        m.policy = "year: 2025\nnon_local_share:\n  - {level: commune, key: true, min: 1}\n"
        try expectBinds(.C4, m, withRule: 540, without: 0)
    }

    @Test("C5: the arrival cap keeps a unit from receiving too many outsiders")
    func arrivalCap() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0", "B,commune,0"]
        m.posts = ["A-1,A,member,state,0,0,", "A-2,A,member,state,0,0,"]
        m.cadres = ["c1,m,1980,B,B,,,member,,50,", "c2,m,1980,B,B,,,member,,50,", "c4,m,1980,A,A,,,member,,50,"]
        m.policy = "year: 2025\nmax_arrivals_per_unit: 1\nweights: {within: 150}\n"
        try expectBinds(.C5, m, withRule: 250, without: 200)
    }

    @Test("C6: the move cap forbids a swap worth making")
    func moveCap() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0", "B,commune,0"]
        m.posts = ["A-1,A,member,state,0,0,", "B-1,B,member,state,0,0,"]
        m.cadres = ["c1,m,1980,A,A,A-1,2023,member,,50,", "c2,m,1980,B,B,B-1,2023,member,,50,"]
        m.scores = ["c2,A-1,150", "c1,B-1,150"]
        m.policy = "year: 2025\nmax_moves: 1\n"
        try expectBinds(.C6, m, withRule: 0, without: -100)
    }

    @Test("C7: a quota of down moves forces a district cadre to a commune")
    func moveQuota() throws {
        var m = MiniInstance()
        m.units = ["D,district,0", "A,commune,0"]
        m.posts = ["D-1,D,member,state,0,0,", "A-1,A,member,state,0,0,"]
        m.cadres = ["c1,m,1980,,D,D-1,2023,member,,50,", "c2,m,1980,A,A,A-1,2023,member,,50,"]
        m.policy = "year: 2025\nmin_moves: {down: 1}\n"
        try expectBinds(.C7, m, withRule: 200, without: 0)
    }
}
