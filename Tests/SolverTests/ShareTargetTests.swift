import AssignModel
import Foundation
import Solver
import Testing

/// Share targets on any attribute (SPEC §11.2): women, young and ethnic-minority cadres as well as
/// non-locals, with `at_least`, `per_unit` and a `block` filter.
@Suite("Share targets of any attribute (C4, §11.2)")
struct ShareTargetTests {
    /// A generated instance with minority flags on a third of the cadres and share targets of every
    /// kind, each set near what the plain plan already does so that some bind.
    static func shaped(seed: UInt64) throws -> Instance {
        var instance = try InstanceGenerator(communes: 10 + Int(seed % 4), agencies: 4 + Int(seed % 3), seed: seed).readBack()
        var rng = SplitMix64(seed: seed &+ 1_102)
        for c in instance.cadres.indices where rng.next() % 3 == 0 { instance.cadres[c].minority = true }
        var policy = instance.policy
        policy.youngAge = 42 + Int(rng.next() % 6)
        func fraction(_ n: Int, _ d: Int) -> Fraction { Fraction(numerator: n, denominator: d) }
        policy.shareTargets += [
            ShareTarget(of: .female, level: .commune, min: fraction(20 + Int(rng.next() % 10), 100), name: "shares[1]"),
            ShareTarget(of: .young, key: true, min: fraction(0, 1), atLeast: 1 + Int(rng.next() % 3), name: "shares[2]"),
            ShareTarget(of: .minority, level: .commune, min: fraction(1, 10), name: "shares[3]"),
        ]
        if seed % 2 == 0 {
            policy.shareTargets.append(ShareTarget(of: .female, level: .province, block: .party, min: fraction(0, 1), atLeast: 1,
                                                   perUnit: true, name: "shares[4]"))
        }
        instance.policy = policy
        return instance
    }

    @Test("column generation and the full model agree, and the checker recounts every target the same",
          arguments: Array(UInt64(1)...6))
    func methodsAgree(seed: UInt64) throws {
        let instance = try Self.shaped(seed: seed)
        guard let report = try expectMethodsAgree(instance, "seed \(seed)") else { return }
        #expect(report.outcome.shares.count == instance.policy.shareTargets.count)
        #expect(report.outcome.shares.allSatisfy { $0.isMet })
    }

    @Test("the new targets bind: leaving them out makes the optimum cheaper on some instances")
    func targetsBind() throws {
        var changed = 0, solved = 0
        for seed in UInt64(1)...6 {
            let instance = try Self.shaped(seed: seed)
            var plain = instance
            plain.policy.shareTargets = plain.policy.shareTargets.filter { $0.of == .nonLocal }
            guard let z = PlanSolver.solve(instance).plan?.objective, let z0 = PlanSolver.solve(plain).plan?.objective else { continue }
            solved += 1
            if z > z0 + 1e-6 * max(1, abs(z0)) { changed += 1 }
        }
        #expect(solved >= 3, "instances with a plan: \(solved)")
        #expect(changed >= 2, "instances whose optimum the new targets changed: \(changed)")
    }

    @Test("a women's share per unit binds on a small instance, and the plan says who counts")
    func womenPerUnit() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0", "B,commune,0"]
        m.posts = ["A-1,A,head,party,1,0,", "A-2,A,deputy,state,1,0,", "B-1,B,head,party,1,0,", "B-2,B,deputy,state,1,0,"]
        // Men hold every post; one woman waits in each unit's reserve.
        m.cadres = ["c1,m,1980,A,A,A-1,2022,head,,50,", "c2,m,1980,A,A,A-2,2022,deputy,,50,",
                    "c3,m,1980,B,B,B-1,2022,head,,50,", "c4,m,1980,B,B,B-2,2022,deputy,,50,",
                    "w1,f,1985,A,A,,,deputy,,50,", "w2,f,1985,B,B,,,deputy,,50,"]
        m.policy = "year: 2025\nshares:\n  - {of: female, level: commune, at_least: 1, per_unit: true}\n"
        let instance = try m.instance()
        let plan = try #require(PlanSolver.solve(instance).plan)
        // Each unit: its woman takes the deputy post (within 40), the deputy is released (500).
        #expect(plan.objective == 1080)
        let deputies = plan.assignments.filter { $0.post.hasSuffix("-2") }
        #expect(Set(deputies.map(\.cadre)) == ["w1", "w2"])
        #expect(deputies.allSatisfy { $0.reasons.contains { $0.hasPrefix("counts towards the women's share (of=female, level=commune, at_least=1, per_unit)") } })
        let full = try #require(PlanSolver.solve(instance, options: SolveOptions(method: .full)).plan)
        #expect(full.objective == 1080)
        // Without the rule nobody moves.
        var free = instance
        free.policy.shareTargets = []
        #expect(PlanSolver.solve(free).plan?.objective == 0)
        // The checker refuses the plain plan under the rule, unit by unit.
        let plain = try #require(PlanSolver.solve(free).plan)
        let v = PlanChecker.check(plain, against: instance).violations.filter { $0.rule == .C4 }
        #expect(v.count == 2 && v.allSatisfy { $0.message.contains("held by a woman") })
        #expect(v.contains { $0.message.contains("in unit A") } && v.contains { $0.message.contains("in unit B") })
    }

    @Test("a women's share no plan can meet: the diagnosis names it and suggests the largest share that restores a plan")
    func impossibleShare() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0"]
        m.posts = ["A-1,A,head,party,1,0,", "A-2,A,deputy,state,1,0,", "A-3,A,member,state,1,0,", "A-4,A,member,front,1,0,"]
        m.cadres = ["c1,m,1980,A,A,A-1,2022,head,,50,", "c2,m,1980,A,A,A-2,2022,deputy,,50,",
                    "c3,m,1980,A,A,A-3,2022,member,,50,", "c4,m,1980,A,A,A-4,2022,member,,50,", "w1,f,1985,A,A,,,member,,50,"]
        m.policy = "year: 2025\nshares:\n  - {of: female, min: 0.5}\n"
        let instance = try m.instance()
        #expect(PlanSolver.solve(instance).status == .infeasible)
        let d = Diagnoser.diagnose(instance)
        let blocker = try #require(d.blockers.first { $0.rule == .C4 })
        #expect(blocker.message.contains("shares[1]") && blocker.message.contains("needs 2 of 4 posts held by a woman"))
        let s = try #require(d.suggestions.first { $0.key == "shares[1].min" })
        #expect(s.value == 0.25 && s.provenSmallest && s.objective == 540)
        #expect(blocker.message.contains("only 1 such cadre is eligible"))
    }

    @Test("at_least over a set with no posts: infeasible, named by the diagnosis, refused by the checker")
    func atLeastOverNoPosts() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0"]
        m.posts = ["A-1,A,head,party,1,0,"]
        m.cadres = ["c1,m,1980,A,A,A-1,2022,head,,50,"]
        m.policy = "year: 2025\nshares:\n  - {of: female, level: province, at_least: 1}\n"
        let instance = try m.instance()
        #expect(PlanSolver.solve(instance).status == .infeasible)
        #expect(PlanSolver.solve(instance, options: SolveOptions(method: .full)).status == .infeasible)
        let blocker = try #require(Diagnoser.diagnose(instance).blockers.first { $0.rule == .C4 })
        #expect(blocker.message.contains("needs 1 of 0 posts held by a woman"))
        var free = instance
        free.policy.shareTargets = []
        let plan = try #require(PlanSolver.solve(free).plan)
        let v = PlanChecker.check(plan, against: instance).violations.filter { $0.rule == .C4 }
        #expect(v.count == 1 && v[0].message.contains("needs 1 of 0 posts held by a woman; the plan has 0"))
    }
}
