/// One broken rule found in a plan.
public struct Violation: Sendable, Equatable, CustomStringConvertible {
    /// The rule broken; nil for an inconsistency of the plan file itself (a wrong cost, type, total or bound).
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
        "\(rule?.label ?? tr("check.planFile")): \(message)"
    }
}

/// How a plan meets one share target (C4): the posts it covers, how many need a non-local holder,
/// and how many have one now and in the plan.
public struct ShareOutcome: Sendable, Equatable {
    /// The target's label, e.g. `level=commune, key=true, min=0.5`.
    public var label: String
    /// Posts the target covers.
    public var posts: Int
    /// Of those, posts held by a cadre of the target's kind in the plan.
    public var achieved: Int
    /// `ceil(min × posts)`.
    public var needed: Int
    /// Of those, posts held by a cadre of the target's kind before the plan.
    public var now: Int

    /// With `per_unit`: the units whose own need the plan does not meet (their ids).
    public var unitsShort: [String] = []
    /// What the holder must be (`of`).
    public var of: ShareKind = .nonLocal

    public init(label: String, posts: Int, achieved: Int, needed: Int, now: Int = 0, unitsShort: [String] = [],
                of: ShareKind = .nonLocal) {
        self.label = label
        self.posts = posts
        self.achieved = achieved
        self.needed = needed
        self.now = now
        self.unitsShort = unitsShort
        self.of = of
    }

    public var isMet: Bool { achieved >= needed && unitsShort.isEmpty }
}

/// A move quota (C7) against what the plan does.
public struct QuotaOutcome: Sendable, Equatable {
    public var type: MoveType
    public var quota: Int
    public var achieved: Int
    public var isMet: Bool { achieved >= quota }
}

/// What a plan does, counted once by the checker from the plan and the instance: every figure that
/// the summary, the report, the batch table and the diff show.
public struct PlanOutcome: Sendable {
    /// Objective recomputed from the assignments and releases (SPEC §7).
    public var objective: Double = 0
    /// Assignments per move type (every type present, 0 when none).
    public var byType: [MoveType: Int] = Dictionary(uniqueKeysWithValues: MoveType.allCases.map { ($0, 0) })
    public var crossBlock = 0
    /// Assignments other than stay, plus releases (C6).
    public var moves = 0
    /// Cadres who hold a post now, are not retiring and get none, by id (`IdentifierOrder`).
    public var released: [Int] = []
    /// Cadres who reach retirement age by the plan year, by id (`IdentifierOrder`).
    public var retiring: [Int] = []
    /// New holder of each post (cadre index), nil where the plan leaves it empty.
    public var holder: [Int?] = []
    /// Post of each cadre in the plan, nil without one.
    public var post: [Int?] = []
    /// Arrivals per unit (C5): posts of the unit given to cadres working elsewhere now.
    public var arrivals: [Int] = []
    /// One per share target of the policy, in policy order (C4).
    public var shares: [ShareOutcome] = []
    /// One per quota of the policy, in `MoveType.quotaTypes` order (C7).
    public var quotas: [QuotaOutcome] = []
    /// Relations of relations.csv kept by the plan (C8), and how many there are.
    public var relationsKept = 0
    public var relations = 0

    public var releases: Int { released.count }
}

/// What the independent checker found: violations, and what the plan does.
public struct CheckReport: Sendable {
    public var violations: [Violation]
    public var outcome: PlanOutcome
    /// False when the file states no plan (infeasible or no_plan): then only its consistency is checked.
    public var hasPlan: Bool
    /// What each phase of a phased plan does (SPEC §11.5); empty for a plan of one phase.
    public var phases: [PhaseOutcome] = []
    public var isValid: Bool { violations.isEmpty }
    public var objective: Double { outcome.objective }
    public var moves: Int { outcome.moves }
    public var releases: Int { outcome.releases }
}

/// Re-checks a plan against every rule (E1–E8, C1–C8), its stated objective and bound, from the plan
/// and the instance alone.
///
/// It is a second reading of the contract, not the solver's: eligibility, move types, costs and
/// share sets come from `PlainReading`, which works on the instance's values and shares no code
/// with the formulation. Each rule is counted here once; `CheckReport.outcome` carries the counts.
public enum PlanChecker {
    ///
    /// A phased plan, or any plan of an instance whose policy has `phases`, is checked by `PhasedChecker`.
    public static func check(_ plan: Plan, against instance: Instance) -> CheckReport {
        if instance.policy.isPhased || plan.isPhased { return PhasedChecker.check(plan, against: instance) }
        let rules = PlainReading(instance)
        var v: [Violation] = []
        var outcome = PlanOutcome()
        let posts = instance.posts, cadres = instance.cadres, units = instance.units
        outcome.holder = Array(repeating: nil, count: posts.count)
        outcome.post = Array(repeating: nil, count: cadres.count)
        outcome.arrivals = Array(repeating: 0, count: units.count)
        outcome.retiring = cadres.indices.filter(rules.isRetiring).sorted { IdentifierOrder.precedes(cadres[$0].id, cadres[$1].id) }

        // A file that states no plan: it must list none. (That no plan exists cannot be checked here.)
        guard plan.status == .optimal || plan.status == .feasible else {
            if !plan.assignments.isEmpty || !plan.released.isEmpty {
                v.append(Violation(rule: nil, message: tr("check.statesButLists", ["status": plan.status.rawValue, "assignments": String(plan.assignments.count),
                                                                           "releases": String(plan.released.count)])))
            }
            if plan.objective != nil {
                v.append(Violation(rule: nil, message: tr("check.statesButObjective", ["status": plan.status.rawValue])))
            }
            return CheckReport(violations: v, outcome: outcome, hasPlan: false)
        }

        let postIndex = Dictionary(posts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let cadreIndex = Dictionary(cadres.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var pairs: [(c: Int, p: Int, a: Assignment)] = []
        for a in plan.assignments {
            guard let p = postIndex[a.post] else {
                v.append(Violation(rule: nil, message: tr("check.unknownPost", ["post": a.post]), cadres: [a.cadre], posts: [a.post]))
                continue
            }
            guard let c = cadreIndex[a.cadre] else {
                // Not a broken rule but a plan that names someone the instance does not have.
                v.append(Violation(rule: nil, message: tr("check.unknownCadre", ["cadre": a.cadre]), cadres: [a.cadre], posts: [a.post]))
                continue
            }
            // A doubled post or cadre breaks C1 or C2; the pair is still checked against E1–E8. The posts
            // of one joint group (SPEC §11.1) are one post: a cadre holds all of them.
            if let other = outcome.holder[p] {
                v.append(Violation(rule: .C1, message: tr("check.C1.twice", ["post": a.post, "a": cadres[other].id, "b": a.cadre]),
                                   cadres: [cadres[other].id, a.cadre], posts: [a.post]))
            }
            if let other = outcome.post[c], rules.groupOf[other] != rules.groupOf[p] {
                v.append(Violation(rule: .C2, message: tr("check.C2.two", ["cadre": a.cadre, "a": posts[other].id, "b": a.post]),
                                   cadres: [a.cadre], posts: [posts[other].id, a.post]))
            }
            if outcome.holder[p] == nil { outcome.holder[p] = c }
            if outcome.post[c] == nil { outcome.post[c] = p }
            pairs.append((c, p, a))
        }
        // C1 every post has exactly one cadre.
        for (p, post) in posts.enumerated() where outcome.holder[p] == nil {
            v.append(Violation(rule: .C1, message: tr("check.C1.none", ["post": post.id, "title": post.title, "unit": units[post.unit].id]), posts: [post.id]))
        }
        // C1 for joint groups (SPEC §11.1): one cadre holds every post of a group.
        for group in rules.groups where group.count > 1 {
            let holders = group.compactMap { outcome.holder[$0] }
            if let first = holders.first, holders.contains(where: { $0 != first }) {
                let who = group.compactMap { p in outcome.holder[p].map { "\(posts[p].id) to \(cadres[$0].id)" } }
                v.append(Violation(rule: .C1, message: tr("check.C1.split", ["group": posts[group[0]].joint, "who": who.joined(separator: ", ")]),
                                   cadres: Array(Set(holders.map { cadres[$0].id })).sorted(), posts: group.map { posts[$0].id }))
            }
        }
        // E1–E8 for each pair (a cadre and a group, counted once), and the plan's own statements about each post.
        var counted = Set<[Int]>()
        var groupPairs: [(c: Int, p: Int)] = []
        for (c, p, a) in pairs {
            let cadre = cadres[c], post = posts[p]
            let g = rules.groupOf[p]
            let first = counted.insert([c, g]).inserted
            if first {
                groupPairs.append((c, p))
                for (rule, message) in rules.broken(cadre: c, post: p) {
                    v.append(Violation(rule: rule, message: message, cadres: [cadre.id], posts: [post.id]))
                }
            }
            let type = rules.moveType(cadre: c, post: p)
            let cross = rules.isCrossBlock(cadre: c, post: p)
            let groupCost = rules.cost(cadre: c, post: p)
            // The group's cost stands on its first post, 0 on the others.
            let stated = rules.groups[g][0] == p ? groupCost : 0
            let joint = post.joint.isEmpty ? nil : post.joint
            if a.joint != joint {
                v.append(Violation(rule: nil, message: tr("check.jointKey", ["post": post.id, "stated": a.joint.map { "'\($0)'" } ?? tr("check.none"),
                                                                      "actual": joint.map { "'\($0)'" } ?? tr("check.none")]), cadres: [cadre.id], posts: [post.id]))
            }
            if a.type != type {
                v.append(Violation(rule: nil, message: tr("check.type", ["cadre": cadre.id, "post": post.id, "stated": a.type.rawValue, "actual": type.rawValue]), cadres: [cadre.id], posts: [post.id]))
            }
            if a.crossBlock != cross {
                v.append(Violation(rule: nil, message: tr("check.cross", ["cadre": cadre.id, "post": post.id, "stated": String(a.crossBlock), "actual": String(cross)]), cadres: [cadre.id], posts: [post.id]))
            }
            if !a.cost.isNaN, !close(a.cost, stated) {
                v.append(Violation(rule: nil, message: tr("check.cost", ["cadre": cadre.id, "post": post.id, "stated": "\(a.cost)", "actual": "\(stated)"]), cadres: [cadre.id], posts: [post.id]))
            }
            guard first else { continue }
            outcome.objective += groupCost
            outcome.byType[type, default: 0] += 1
            if cross { outcome.crossBlock += 1 }
            if type != .stay { outcome.moves += 1 }
            if cadre.unit != post.unit { outcome.arrivals[post.unit] += 1 }
        }
        // Releases: every cadre who holds a post now, is not retiring and gets none.
        outcome.released = cadres.indices.filter { cadres[$0].post != nil && outcome.post[$0] == nil && !rules.isRetiring($0) }
            .sorted { IdentifierOrder.precedes(cadres[$0].id, cadres[$1].id) }
        let expectedIDs = outcome.released.map { cadres[$0].id }
        if Set(plan.released) != Set(expectedIDs) || plan.released.count != expectedIDs.count {
            let missing = expectedIDs.filter { !plan.released.contains($0) }
            let extra = plan.released.filter { !expectedIDs.contains($0) }
            var parts: [String] = []
            if !missing.isEmpty { parts.append(tr("check.released.missing", ["list": missing.joined(separator: ", ")])) }
            if !extra.isEmpty { parts.append(tr("check.released.extra", ["list": extra.joined(separator: ", ")])) }
            if parts.isEmpty { parts.append(tr("check.released.twice")) }
            v.append(Violation(rule: nil, message: tr("check.released", ["parts": parts.joined(separator: "; ")]), cadres: missing + extra))
        }
        let policy = instance.policy
        outcome.objective += policy.weights.release * Double(outcome.released.count)
        outcome.moves += outcome.released.count

        // C3 every fix pin holds.
        for pin in instance.pins where pin.action == .fix && outcome.holder[pin.post] != pin.cadre {
            let c = cadres[pin.cadre].id, p = posts[pin.post].id
            v.append(Violation(rule: .C3, message: tr("check.C3", ["cadre": c, "post": p, "where": Pin.place(line: pin.line, action: .fix)]), cadres: [c], posts: [p]))
        }
        // C4 share targets: ceil(min × |S|) computed exactly (or at_least), against the plan's holders.
        var holderNow = [Int?](repeating: nil, count: posts.count)
        for c in cadres.indices { for q in rules.held(c) { holderNow[q] = c } }
        // SPEC §11.2: the holder must be of the target's kind; with per_unit the need holds in each unit
        // that has posts in S, over that unit's posts.
        for target in policy.shareTargets {
            let set = rules.posts(of: target)
            func counted(_ p: Int, _ holder: [Int?]) -> Bool { holder[p].map { rules.counts(target.of, cadre: $0, post: p) } ?? false }
            let groups = target.perUnit ? Dictionary(grouping: set) { posts[$0].unit }.sorted { $0.key < $1.key }.map(\.value) : [set]
            var needed = 0, achieved = 0
            var short: [String] = []
            for group in groups {
                let need = target.need(posts: group.count)
                let have = group.filter { counted($0, outcome.holder) }.count
                needed += need
                achieved += have
                if have < need {
                    // A per-unit group is never empty; the one group of a plain target may be (at_least over no posts).
                    let unit = target.perUnit ? units[posts[group[0]].unit].id : nil
                    let place = unit.map { tr("check.C4.place", ["unit": $0]) } ?? ""
                    if let unit { short.append(unit) }
                    v.append(Violation(rule: .C4, message: tr("check.C4", ["name": target.name.isEmpty ? "" : target.name + " ", "label": target.label,
                                                                 "need": String(need), "posts": String(group.count), "place": place,
                                                                 "holder": target.of.holder, "have": String(have)]),
                                       posts: group.filter { !counted($0, outcome.holder) }.map { posts[$0].id }))
                }
            }
            let before = set.filter { counted($0, holderNow) }.count
            outcome.shares.append(ShareOutcome(label: target.label, posts: set.count, achieved: achieved, needed: needed,
                                               now: before, unitsShort: short, of: target.of))
        }
        // C5 arrivals per unit.
        if let cap = policy.maxArrivalsPerUnit {
            for (u, n) in outcome.arrivals.enumerated() where n > cap {
                let arriving = groupPairs.filter { posts[$0.p].unit == u && cadres[$0.c].unit != u }
                v.append(Violation(rule: .C5, message: tr("check.C5", ["unit": units[u].id, "n": String(n), "cap": String(cap)]),
                                   cadres: arriving.map { cadres[$0.c].id }, posts: arriving.map { posts[$0.p].id }))
            }
        }
        // C6 move cap.
        if let cap = policy.maxMoves, outcome.moves > cap {
            v.append(Violation(rule: .C6, message: tr("check.C6", ["moves": String(outcome.moves), "cap": String(cap)])))
        }
        // C7 quotas per move type.
        for t in MoveType.quotaTypes {
            guard let quota = policy.minMoves[t] else { continue }
            let q = QuotaOutcome(type: t, quota: quota, achieved: outcome.byType[t, default: 0])
            outcome.quotas.append(q)
            if !q.isMet {
                v.append(Violation(rule: .C7, message: tr("check.C7", ["n": String(q.achieved), "type": t.label, "quota": String(quota)])))
            }
        }
        // C8 relatives: never two of a related pair holding posts in one unit (SPEC §11.4).
        outcome.relations = instance.relations.count
        for relation in instance.relations {
            let a = relation.cadre, b = relation.other
            guard a < cadres.count, b < cadres.count, let p = outcome.post[a], let q = outcome.post[b],
                  posts[p].unit == posts[q].unit else {
                outcome.relationsKept += 1
                continue
            }
            let kind = relation.kind.isEmpty ? "" : " (\(relation.kind))"
            v.append(Violation(rule: .C8, message: tr("check.C8", ["a": cadres[a].id, "b": cadres[b].id, "kind": kind, "line": String(relation.line),
                                                             "unit": units[posts[p].unit].id]),
                               cadres: [cadres[a].id, cadres[b].id], posts: [posts[p].id, posts[q].id]))
        }
        v += statedFigures(plan, objective: outcome.objective)
        v = inRuleOrder(v)
        return CheckReport(violations: v, outcome: outcome, hasPlan: true)
    }

    /// The plan's stated objective against `objective` (recomputed), and its bound: never above the
    /// objective, equal to it when optimal.
    static func statedFigures(_ plan: Plan, objective: Double) -> [Violation] {
        var v: [Violation] = []
        if let stated = plan.objective {
            if !close(stated, objective) {
                v.append(Violation(rule: nil, message: tr("check.objective", ["stated": "\(stated)", "actual": "\(objective)"])))
            }
            if let bound = plan.bound {
                if bound > stated && !close(bound, stated) {
                    v.append(Violation(rule: nil, message: tr("check.boundAbove", ["bound": "\(bound)", "stated": "\(stated)"])))
                } else if plan.status == .optimal && !close(bound, stated) {
                    v.append(Violation(rule: nil, message: tr("check.boundBelow", ["bound": "\(bound)", "stated": "\(stated)"])))
                }
            } else if plan.status == .optimal {
                v.append(Violation(rule: nil, message: tr("check.noBound")))
            }
        } else {
            v.append(Violation(rule: nil, message: tr("check.noObjective")))
        }
        return v
    }

    /// Rule order, then discovery order: stable and deterministic.
    static func inRuleOrder(_ v: [Violation]) -> [Violation] {
        func order(_ x: Violation) -> Int { x.rule.map { RuleID.allCases.firstIndex(of: $0)! } ?? RuleID.allCases.count }
        return v.enumerated().sorted { (order($0.element), $0.offset) < (order($1.element), $1.offset) }.map(\.element)
    }

    /// Equal within the SPEC's relative tolerance of 1e-6.
    static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-6 * max(1, abs(a), abs(b))
    }
}
