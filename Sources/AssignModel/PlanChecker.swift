/// One broken rule found in a plan.
public struct Violation: Sendable, Equatable, CustomStringConvertible {
    /// The rule broken; nil for an inconsistency of the plan file itself (a wrong cost, type or total).
    public var rule: RuleID?
    public var message: String
    public var cadres: [String]
    public var posts: [String]

    public init(rule: RuleID?, message: String, cadres: [String] = [], posts: [String] = []) {
        self.rule = rule
        self.message = message
        self.cadres = cadres
        self.posts = posts
    }

    public var description: String {
        "\(rule?.label ?? "plan file"): \(message)"
    }
}

/// What the independent checker found: violations and the objective recomputed from the plan.
public struct CheckReport: Sendable {
    public var violations: [Violation]
    /// Objective recomputed from the assignments and releases (SPEC §7).
    public var objective: Double
    public var moves: Int
    public var releases: Int
    public var isValid: Bool { violations.isEmpty }
}

/// Re-checks a plan against every rule (E1–E7, C1–C7) from the plan and the instance alone.
///
/// It never looks at the integer program: it takes the plan's pairs, recomputes every derived
/// quantity from the instance, and counts each rule directly.
public enum PlanChecker {
    public static func check(_ plan: Plan, against instance: Instance) -> CheckReport {
        var v: [Violation] = []
        let facts = instance.allFacts()
        let policy = instance.policy
        var holderOf = [Int?](repeating: nil, count: instance.posts.count)
        var postOf = [Int?](repeating: nil, count: instance.cadres.count)
        var pairs: [(c: Int, p: Int, a: Assignment)] = []

        for a in plan.assignments {
            guard let p = instance.postIndex[a.post] else {
                v.append(Violation(rule: .C1, message: "assignment names unknown post '\(a.post)'", cadres: [a.cadre], posts: [a.post]))
                continue
            }
            guard let c = instance.cadreIndex[a.cadre] else {
                v.append(Violation(rule: .C2, message: "assignment names unknown cadre '\(a.cadre)'", cadres: [a.cadre], posts: [a.post]))
                continue
            }
            // A doubled post or cadre breaks C1 or C2; the pair is still checked against E1–E7.
            if let other = holderOf[p] {
                v.append(Violation(rule: .C1, message: "post \(a.post) is given twice: to \(instance.cadres[other].id) and \(a.cadre)",
                                   cadres: [instance.cadres[other].id, a.cadre], posts: [a.post]))
            }
            if let other = postOf[c] {
                v.append(Violation(rule: .C2, message: "cadre \(a.cadre) gets two posts: \(instance.posts[other].id) and \(a.post)",
                                   cadres: [a.cadre], posts: [instance.posts[other].id, a.post]))
            }
            if holderOf[p] == nil { holderOf[p] = c }
            if postOf[c] == nil { postOf[c] = p }
            pairs.append((c, p, a))
        }
        // C1 every post has exactly one cadre.
        for (p, post) in instance.posts.enumerated() where holderOf[p] == nil {
            v.append(Violation(rule: .C1, message: "post \(post.id) (\(post.title), \(instance.units[post.unit].id)) has no cadre", posts: [post.id]))
        }
        // E1–E7 for each pair, and the plan's own statements about it.
        var objective = 0.0
        var moves = 0
        var typeCount: [MoveType: Int] = [:]
        var arrivals = [Int](repeating: 0, count: instance.units.count)
        for (c, p, a) in pairs {
            let cadre = instance.cadres[c], post = instance.posts[p]
            for rule in instance.brokenRules(cadre: c, post: p, facts: facts[c]) {
                v.append(Violation(rule: rule, message: instance.explain(rule, cadre: c, post: p, facts: facts[c]),
                                   cadres: [cadre.id], posts: [post.id]))
            }
            let type = instance.moveType(cadre: c, post: p)
            let cross = instance.isCrossBlock(cadre: c, post: p)
            let cost = instance.cost(cadre: c, post: p)
            if a.type != type {
                v.append(Violation(rule: nil, message: "\(cadre.id) → \(post.id) is stated as '\(a.type.rawValue)' but is '\(type.rawValue)'", cadres: [cadre.id], posts: [post.id]))
            }
            if a.crossBlock != cross {
                v.append(Violation(rule: nil, message: "\(cadre.id) → \(post.id) is stated as cross_block \(a.crossBlock) but is \(cross)", cadres: [cadre.id], posts: [post.id]))
            }
            if !a.cost.isNaN, !close(a.cost, cost) {
                v.append(Violation(rule: nil, message: "\(cadre.id) → \(post.id) is stated to cost \(a.cost) but costs \(cost)", cadres: [cadre.id], posts: [post.id]))
            }
            objective += cost
            typeCount[type, default: 0] += 1
            if type != .stay { moves += 1 }
            if cadre.unit != post.unit { arrivals[post.unit] += 1 }
        }
        // Releases: every cadre who holds a post now, is not retiring and gets none.
        let expectedReleased = instance.cadres.indices.filter { postOf[$0] == nil && instance.releasable($0, facts: facts[$0]) }
        let expectedIDs = expectedReleased.map { instance.cadres[$0].id }
        if Set(plan.released) != Set(expectedIDs) || plan.released.count != expectedIDs.count {
            let missing = expectedIDs.filter { !plan.released.contains($0) }
            let extra = plan.released.filter { !expectedIDs.contains($0) }
            var parts: [String] = []
            if !missing.isEmpty { parts.append("not listed but released: \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { parts.append("listed but not released: \(extra.joined(separator: ", "))") }
            if parts.isEmpty { parts.append("a cadre is listed twice") }
            v.append(Violation(rule: nil, message: "released list is wrong (\(parts.joined(separator: "; ")))", cadres: missing + extra))
        }
        objective += policy.weights.release * Double(expectedReleased.count)
        moves += expectedReleased.count

        // C3 every fix pin holds.
        for pin in instance.pins where pin.action == .fix && holderOf[pin.post] != pin.cadre {
            let c = instance.cadres[pin.cadre].id, p = instance.posts[pin.post].id
            v.append(Violation(rule: .C3, message: "fix pin \(c) → \(p) (pins.csv line \(pin.line)) does not hold", cadres: [c], posts: [p]))
        }
        // C4 share targets.
        for target in policy.nonLocalShare {
            let set = instance.posts.indices.filter { target.matches(instance.posts[$0], in: instance) }
            let needed = target.min.ceilTimes(set.count)
            let achieved = set.filter { p in holderOf[p].map { instance.isNonLocal(cadre: $0, post: p) } ?? false }.count
            if achieved < needed {
                v.append(Violation(rule: .C4, message: "share target (\(target.label)) needs \(needed) of \(set.count) posts held by non-locals; the plan has \(achieved)",
                                   posts: set.filter { p in holderOf[p].map { !instance.isNonLocal(cadre: $0, post: p) } ?? true }.map { instance.posts[$0].id }))
            }
        }
        // C5 arrivals per unit.
        if let cap = policy.maxArrivalsPerUnit {
            for (u, n) in arrivals.enumerated() where n > cap {
                let posts = pairs.filter { instance.posts[$0.p].unit == u && instance.cadres[$0.c].unit != u }
                v.append(Violation(rule: .C5, message: "unit \(instance.units[u].id) receives \(n) cadres from other units; the cap is \(cap)",
                                   cadres: posts.map { instance.cadres[$0.c].id }, posts: posts.map { instance.posts[$0.p].id }))
            }
        }
        // C6 move cap.
        if let cap = policy.maxMoves, moves > cap {
            v.append(Violation(rule: .C6, message: "the plan makes \(moves) moves (assignments other than stay, plus releases); the cap is \(cap)"))
        }
        // C7 quotas per move type.
        for t in MoveType.quotaTypes {
            if let quota = policy.minMoves[t], typeCount[t, default: 0] < quota {
                v.append(Violation(rule: .C7, message: "the plan has \(typeCount[t, default: 0]) '\(t.rawValue)' moves; the quota is \(quota)"))
            }
        }
        // The stated objective.
        if plan.status == .optimal || plan.status == .feasible {
            if let stated = plan.objective {
                if !close(stated, objective) {
                    v.append(Violation(rule: nil, message: "stated objective \(stated) differs from the recomputed \(objective)"))
                }
            } else {
                v.append(Violation(rule: nil, message: "the plan states no objective"))
            }
        }
        // Rule order, then discovery order: stable and deterministic.
        func order(_ x: Violation) -> Int { x.rule.map { RuleID.allCases.firstIndex(of: $0)! } ?? RuleID.allCases.count }
        v = v.enumerated().sorted { (order($0.element), $0.offset) < (order($1.element), $1.offset) }.map(\.element)
        return CheckReport(violations: v, objective: objective, moves: moves, releases: expectedReleased.count)
    }

    /// Equal within the SPEC's relative tolerance of 1e-6.
    static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-6 * max(1, abs(a), abs(b))
    }
}
