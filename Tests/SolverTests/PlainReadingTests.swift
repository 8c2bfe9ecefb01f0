import AssignModel
import Foundation
import Solver
import Testing

/// The checker's plain reading of the contract against the solver's fast one, pair by pair, and the
/// checker against plans with a violation of every rule planted by hand.
@Suite("Independent checker")
struct PlainReadingTests {
    /// A generated instance with every policy option varied by `seed`: plan year, retirement ages,
    /// tenure limits (per rank and per post), horizons, demotion, weak rating, time in post (E8), weights, wants,
    /// outsiders, restricted posts, forbid pins and scores.
    static func varied(seed: UInt64) throws -> Instance {
        var instance = try InstanceGenerator(communes: 4 + Int(seed % 3), agencies: 2 + Int(seed % 2), seed: seed,
                                             weakPercent: 40, weakMinRating: 50 + Int(seed % 30)).readBack()
        var rng = SplitMix64(seed: seed)
        var policy = instance.policy
        policy.year += Int(rng.next() % 5) - 2
        policy.retirementAge = [.m: 58 + Int(rng.next() % 8), .f: 55 + Int(rng.next() % 8)]
        policy.maxYears = rng.next() % 3 == 0 ? [.member: 6] : [.head: 3 + Int(rng.next() % 6), .deputy: 2 + Int(rng.next() % 5)]
        policy.minYearsLeft = 3 + Int(rng.next() % 12)
        policy.minYearsLeftExempt = Int(rng.next() % 6)
        policy.allowDemotion = rng.next() % 2 == 0
        policy.weakMinRating = rng.next() % 4 == 0 ? nil : 40 + Int(rng.next() % 50)
        for key in Weights.keys { policy.weights[key] = Double(rng.next() % 200) / 4 - 5 }
        // E8 from its own stream, so that the draws above and below stay those of earlier versions.
        var stability = SplitMix64(seed: seed &+ 8_000)
        policy.minYearsInPost = stability.next() % 3 == 0 ? nil : 1 + Int(stability.next() % 5)
        instance.policy = policy
        for p in instance.posts.indices {
            if rng.next() % 7 == 0 { instance.posts[p].maxYears = Int(rng.next() % 6) }
            if rng.next() % 9 == 0 { instance.posts[p].restricted.toggle() }
        }
        for c in instance.cadres.indices {
            if rng.next() % 11 == 0 { instance.cadres[c].home = nil }
            if rng.next() % 5 == 0 { instance.cadres[c].wants = [Int(rng.next() % UInt64(instance.units.count))] }
        }
        var pins: [Pin] = []
        var scores: [Int: Double] = [:]
        for c in instance.cadres.indices {
            for p in instance.posts.indices {
                if rng.next() % 40 == 0 { pins.append(Pin(cadre: c, post: p, action: .forbid, line: pins.count + 2)) }
                if rng.next() % 13 == 0 { scores[c * instance.posts.count + p] = Double(rng.next() % 1000) / 37 - 9 }
            }
        }
        instance.pins = pins
        instance.scores = scores
        return instance
    }

    @Test("the fast eligibility, move type, cross-block flag and cost agree with the plain reading on every pair",
          arguments: Array(UInt64(1)...24))
    func fastAgreesWithPlain(seed: UInt64) throws {
        let instance = try Self.varied(seed: seed)
        let plain = PlainReading(instance)
        let facts = instance.allFacts()
        for c in instance.cadres.indices {
            for p in instance.posts.indices {
                let fast = instance.brokenRules(cadre: c, post: p, facts: facts[c])
                let slow = plain.broken(cadre: c, post: p).map(\.rule)
                #expect(fast == slow, "seed \(seed): \(instance.cadres[c].id) → \(instance.posts[p].id)")
                #expect(instance.moveType(cadre: c, post: p) == plain.moveType(cadre: c, post: p))
                #expect(instance.isCrossBlock(cadre: c, post: p) == plain.isCrossBlock(cadre: c, post: p))
                let a = instance.cost(cadre: c, post: p), b = plain.cost(cadre: c, post: p)
                #expect(abs(a - b) <= 1e-9 * max(1, abs(a)), "seed \(seed): cost of \(instance.cadres[c].id) → \(instance.posts[p].id)")
            }
        }
    }

    /// `varied(seed:)` with joint groups (SPEC §11.1): in every commune the posts are paired in file
    /// order into groups; the holder of a group's first post lists the whole group when its grade
    /// allows (every other seed), and the holder of the second post then holds nothing — otherwise
    /// both keep listing their one post (a group just formed, two holders).
    static func jointVaried(seed: UInt64) throws -> Instance {
        withJointGroups(try varied(seed: seed), seed: seed)
    }

    /// `instance` with the commune posts paired into joint groups as `jointVaried` describes (with
    /// `pairAll` false, only the first two posts of each commune).
    static func withJointGroups(_ instance: Instance, seed: UInt64, pairAll: Bool = true) -> Instance {
        var instance = instance
        var posts = instance.posts, cadres = instance.cadres
        var rng = SplitMix64(seed: seed &+ 9_000)
        for u in instance.units.indices where instance.units[u].level == .commune {
            let mine = posts.indices.filter { posts[$0].unit == u }
            for k in stride(from: 0, to: mine.count - 1, by: 2) where pairAll || k == 0 {
                let (a, b) = (mine[k], mine[k + 1])
                posts[a].joint = "\(instance.units[u].id)-\(k / 2)"
                posts[b].joint = posts[a].joint
                guard rng.next() % 2 == 0, let ha = instance.holder[a] else { continue }
                guard cadres[ha].grade >= max(posts[a].rank, posts[b].rank) else { continue }
                if let hb = instance.holder[b] { cadres[hb].post = nil; cadres[hb].since = nil }
                cadres[ha].alsoHolds = [b]
            }
        }
        instance.posts = posts
        instance.cadres = cadres
        return instance
    }

    @Test("with joint groups, the fast reading of the grouped instance agrees with the plain reading of the posts on every pair",
          arguments: Array(UInt64(1)...12))
    func groupedAgreesWithPlain(seed: UInt64) throws {
        let instance = try Self.jointVaried(seed: seed)
        let grouped = instance.grouped()
        #expect(grouped.posts.count < instance.posts.count)
        let plain = PlainReading(instance)
        let facts = grouped.allFacts()
        for c in grouped.cadres.indices {
            for g in grouped.posts.indices {
                let p = grouped.joint!.members[g][0]
                let label = "seed \(seed): \(grouped.cadres[c].id) → \(grouped.posts[g].id)"
                #expect(grouped.brokenRules(cadre: c, post: g, facts: facts[c]) == plain.broken(cadre: c, post: p).map(\.rule), "\(label)")
                // Any post of the group reads the same.
                for q in grouped.joint!.members[g] {
                    #expect(grouped.moveType(cadre: c, post: g) == plain.moveType(cadre: c, post: q), "\(label)")
                    #expect(grouped.isCrossBlock(cadre: c, post: g) == plain.isCrossBlock(cadre: c, post: q), "\(label)")
                }
                let a = grouped.cost(cadre: c, post: g), b = plain.cost(cadre: c, post: p)
                #expect(abs(a - b) <= 1e-9 * max(1, abs(a)), "\(label): cost")
            }
        }
    }

    @Test("with joint groups, column generation and the full model reach the same optimum and the checker accepts both plans",
          arguments: Array(UInt64(1)...8))
    func jointMethodsAgree(seed: UInt64) throws {
        // A generated district (a plan exists for most seeds) with joint groups and a women's share.
        var instance = Self.withJointGroups(try InstanceGenerator(communes: 5, agencies: 3, seed: seed).readBack(), seed: seed,
                                           pairAll: false)
        instance.policy.shareTargets.append(ShareTarget(of: .female, level: .commune, min: Fraction(numerator: 1, denominator: 4), name: "shares[1]"))
        #expect(try expectMethodsAgree(instance, "seed \(seed)", absolute: 1e-6) != nil, "seed \(seed): no plan")
    }

    @Test("across the varied instances every eligibility rule removes some pair")
    func everyRuleExercised() throws {
        var seen = Set<RuleID>()
        for seed in UInt64(1)...24 {
            let instance = try Self.varied(seed: seed)
            let plain = PlainReading(instance)
            for c in instance.cadres.indices { for p in instance.posts.indices { seen.formUnion(plain.broken(cadre: c, post: p).map(\.rule)) } }
        }
        #expect(seen == Set(RuleID.eligibility))
    }

    // MARK: planted violations

    /// The first varied instance that has a plan (deterministic), with its optimal plan.
    static func solved() throws -> (Instance, Plan) {
        for seed in UInt64(1)...40 {
            let instance = try varied(seed: seed)
            guard let plan = PlanSolver.solve(instance).plan else { continue }
            #expect(PlanChecker.check(plan, against: instance).isValid)
            return (instance, plan)
        }
        throw CheckerTestError.noFeasibleInstance
    }

    enum CheckerTestError: Error { case noFeasibleInstance }

    /// The plan with post `p` given to cadre `c` (type, flag and cost restated so that only rules break).
    static func give(_ p: Int, to c: Int, in plan: Plan, _ instance: Instance) -> Plan {
        var plan = plan
        let i = plan.assignments.firstIndex { $0.post == instance.posts[p].id }!
        plan.assignments[i].cadre = instance.cadres[c].id
        plan.assignments[i].type = instance.moveType(cadre: c, post: p)
        plan.assignments[i].crossBlock = instance.isCrossBlock(cadre: c, post: p)
        plan.assignments[i].cost = .nan
        plan.objective = PlanChecker.check(plan, against: instance).objective
        return plan
    }

    @Test("a plan that breaks one eligibility rule is refused with that rule's id", arguments: RuleID.eligibility)
    func plantedEligibility(rule: RuleID) throws {
        // The first varied instance with a plan and a pair the solver's reading says breaks exactly this rule.
        for seed in UInt64(1)...40 {
            let instance = try Self.varied(seed: seed)
            let facts = instance.allFacts()
            var found: (c: Int, p: Int)?
            search: for c in instance.cadres.indices {
                for p in instance.posts.indices where instance.brokenRules(cadre: c, post: p, facts: facts[c]) == [rule] {
                    found = (c, p)
                    break search
                }
            }
            guard let (c, p) = found, let plan = PlanSolver.solve(instance).plan else { continue }
            let report = PlanChecker.check(Self.give(p, to: c, in: plan, instance), against: instance)
            #expect(report.violations.contains { $0.rule == rule && $0.cadres == [instance.cadres[c].id] && $0.posts == [instance.posts[p].id] })
            #expect(!report.violations.contains { $0.rule.map(\.isEligibility) == true && $0.rule != rule })
            return
        }
        Issue.record("no varied instance has a plan and a pair that breaks only \(rule)")
    }

    @Test("a plan that breaks one plan rule is refused with that rule's id", arguments: RuleID.planRules)
    func plantedPlanRule(rule: RuleID) throws {
        var (instance, plan) = try Self.solved()
        switch rule {
        case .C1: plan.assignments.removeLast()
        case .C2:
            let other = plan.assignments[0].cadre
            plan.assignments[1].cadre = other
        case .C3:
            let a = plan.assignments[0]
            let c = try #require(instance.cadres.indices.first { instance.cadres[$0].id != a.cadre })
            instance.pins.append(Pin(cadre: c, post: 0, action: .fix, line: 99))
        case .C4: instance.policy.shareTargets = [ShareTarget(min: Fraction(numerator: 1, denominator: 1))]
        case .C5: instance.policy.maxArrivalsPerUnit = 0
        case .C6: instance.policy.maxMoves = 0
        case .C7: instance.policy.minMoves = [.up: instance.posts.count + 1]
        case .C8:
            // Two cadres the plan puts in one unit become relatives.
            let byUnit = Dictionary(grouping: plan.assignments) { instance.posts[instance.postIndex[$0.post]!].unit }
            let pair = try #require(byUnit.values.sorted { $0[0].post < $1[0].post }.first { $0.count >= 2 })
            instance.relations = [Relation(cadre: instance.cadreIndex[pair[0].cadre]!, other: instance.cadreIndex[pair[1].cadre]!, line: 2)]
        default: Issue.record("no planted case for \(rule)")
        }
        let report = PlanChecker.check(plan, against: instance)
        #expect(report.violations.contains { $0.rule == rule }, "\(report.violations)")
    }

    @Test("a plan naming an unknown cadre or post is a fault of the plan file, not a broken C1 or C2")
    func unknownNames() throws {
        let (instance, plan) = try Self.solved()
        var odd = plan
        odd.assignments[0].cadre = "NO-SUCH-CADRE"
        odd.assignments[1].post = "NO-SUCH-POST"
        let v = PlanChecker.check(odd, against: instance).violations
        #expect(v.contains { $0.rule == nil && $0.message.contains("unknown cadre 'NO-SUCH-CADRE'") })
        #expect(v.contains { $0.rule == nil && $0.message.contains("unknown post 'NO-SUCH-POST'") })
        // The posts left without a holder still break C1.
        #expect(v.contains { $0.rule == .C1 })
    }

    @Test("a wrong objective, a bound above it, an optimal plan with a gap, and an 'infeasible' file with a plan are refused")
    func statedTotals() throws {
        let (instance, plan) = try Self.solved()
        let z = try #require(plan.objective)
        var wrong = plan
        wrong.objective = z + 1
        #expect(PlanChecker.check(wrong, against: instance).violations.contains { $0.rule == nil && $0.message.contains("stated objective") })
        var above = plan
        above.bound = z + 5
        #expect(PlanChecker.check(above, against: instance).violations.contains { $0.message.contains("above the objective") })
        var gap = plan
        gap.bound = z - 5
        #expect(PlanChecker.check(gap, against: instance).violations.contains { $0.message.contains("states 'optimal'") })
        gap.status = .feasible
        #expect(PlanChecker.check(gap, against: instance).isValid)
        var claim = plan
        claim.status = .infeasible
        #expect(PlanChecker.check(claim, against: instance).violations.contains { $0.message.contains("states 'infeasible'") })
        claim.assignments = []
        claim.released = []
        claim.objective = nil
        claim.bound = nil
        let empty = PlanChecker.check(claim, against: instance)
        #expect(empty.isValid && !empty.hasPlan)
    }
}
