/// What one phase of a phased plan does (SPEC §11.5), counted by the checker.
public struct PhaseOutcome: Sendable {
    public var year: Int
    /// Moves made at this phase, per type (every quota type present, 0 when none).
    public var byType: [MoveType: Int] = Dictionary(uniqueKeysWithValues: MoveType.quotaTypes.map { ($0, 0) })
    /// Moves and releases made at this phase (C6 of the phase).
    public var moves = 0
    public var crossBlock = 0
    /// Cadres released at this phase, by index.
    public var released: [Int] = []
    /// Cadres who retire at this phase (held a group at the previous phase, or now for the first).
    public var retired: [Int] = []
    /// Arrivals per unit made at this phase (C5 of the phase).
    public var arrivals: [Int] = []
    /// The share targets that hold at this phase (its own, then at the last phase the policy's), in that order.
    public var shares: [ShareOutcome] = []
    /// The phase's own quotas (C7 of the phase), in `MoveType.quotaTypes` order.
    public var quotas: [QuotaOutcome] = []
    /// The cost of this phase's moves and releases (and at the last phase the keepers' stays).
    public var cost = 0.0
}

/// Re-checks a phased plan (SPEC §11.5) against every rule at every phase, its costs, its lists of
/// releases and retirements, its objective and bound, from the plan and the instance as read.
///
/// Like `PlanChecker`, a second reading of the contract: it reads each cadre's holdings phase by
/// phase from the plan file, finds where each one changes (a move, a release or a retirement), and
/// judges every holding with `PlainReading` in that phase's year. Each violation names its phase.
public enum PhasedChecker {
    public static func check(_ plan: Plan, against instance: Instance) -> CheckReport {
        var v: [Violation] = []
        var outcome = PlanOutcome()
        let posts = instance.posts, cadres = instance.cadres, units = instance.units
        let policy = instance.policy
        let years = policy.phases.map(\.year)
        let T = years.count
        func at(_ t: Int, _ rule: RuleID?, _ message: String, cadres: [String] = [], posts: [String] = []) {
            v.append(Violation(rule: rule, message: tr("check.atPhase", ["year": String(years[t]), "message": message]),
                               cadres: cadres, posts: posts))
        }
        guard plan.status == .optimal || plan.status == .feasible else {
            if !(plan.phases ?? []).allSatisfy({ $0.assignments.isEmpty && $0.released.isEmpty }) || !plan.assignments.isEmpty {
                v.append(Violation(rule: nil, message: tr("check.statesButLists", ["status": plan.status.rawValue,
                                                                                  "assignments": String(plan.phases?.reduce(0) { $0 + $1.assignments.count } ?? plan.assignments.count),
                                                                                  "releases": String(plan.phases?.reduce(0) { $0 + $1.released.count } ?? plan.released.count)])))
            }
            if plan.objective != nil {
                v.append(Violation(rule: nil, message: tr("check.statesButObjective", ["status": plan.status.rawValue])))
            }
            return CheckReport(violations: v, outcome: outcome, hasPlan: false)
        }
        guard let phases = plan.phases, phases.map(\.year) == years else {
            v.append(Violation(rule: nil, message: tr("check.phaseYears", ["stated": plan.phases.map { $0.map { String($0.year) }.joined(separator: ", ") } ?? "–",
                                                                          "policy": years.map(String.init).joined(separator: ", ")])))
            return CheckReport(violations: v, outcome: outcome, hasPlan: true)
        }
        // The instance read in each phase's year, with the targets that hold then.
        let readings: [PlainReading] = policy.phases.enumerated().map { t, phase in
            var seen = instance
            seen.policy.year = phase.year
            seen.policy.phases = []
            seen.policy.shareTargets = phase.shareTargets + (t == T - 1 ? policy.shareTargets : [])
            return PlainReading(seen)
        }
        let now = PlainReading(instance)
        let postIndex = Dictionary(posts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let cadreIndex = Dictionary(cadres.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        // Holdings, phase by phase: C1 and C2 at each phase.
        var holds = [[Int?]](repeating: Array(repeating: nil, count: cadres.count), count: T)  // group
        var entries: [[(c: Int, p: Int, a: Assignment)]] = Array(repeating: [], count: T)
        for t in 0..<T {
            var holder = [Int?](repeating: nil, count: posts.count)
            var post = [Int?](repeating: nil, count: cadres.count)
            for a in phases[t].assignments {
                guard let p = postIndex[a.post] else {
                    at(t, nil, tr("check.unknownPost", ["post": a.post]), cadres: [a.cadre], posts: [a.post]); continue
                }
                guard let c = cadreIndex[a.cadre] else {
                    at(t, nil, tr("check.unknownCadre", ["cadre": a.cadre]), cadres: [a.cadre], posts: [a.post]); continue
                }
                if let other = holder[p] {
                    at(t, .C1, tr("check.C1.twice", ["post": a.post, "a": cadres[other].id, "b": a.cadre]), cadres: [cadres[other].id, a.cadre], posts: [a.post])
                }
                if let other = post[c], now.groupOf[other] != now.groupOf[p] {
                    at(t, .C2, tr("check.C2.two", ["cadre": a.cadre, "a": posts[other].id, "b": a.post]), cadres: [a.cadre], posts: [posts[other].id, a.post])
                }
                if holder[p] == nil { holder[p] = c }
                if post[c] == nil { post[c] = p; holds[t][c] = now.groupOf[p] }
                entries[t].append((c, p, a))
            }
            for (p, q) in posts.enumerated() where holder[p] == nil {
                at(t, .C1, tr("check.C1.none", ["post": q.id, "title": q.title, "unit": units[q.unit].id]), posts: [q.id])
            }
            for group in now.groups where group.count > 1 {
                let hs = group.compactMap { holder[$0] }
                if let first = hs.first, hs.contains(where: { $0 != first }) {
                    let who = group.compactMap { p in holder[p].map { "\(posts[p].id) to \(cadres[$0].id)" } }
                    at(t, .C1, tr("check.C1.split", ["group": posts[group[0]].joint, "who": who.joined(separator: ", ")]),
                       cadres: Array(Set(hs.map { cadres[$0].id })).sorted(), posts: group.map { posts[$0].id })
                }
            }
        }

        // Each cadre's path: what it holds now, where it changes, and whether that is allowed.
        enum Change { case none, move(group: Int, phase: Int), release(phase: Int) }
        var change = [Change](repeating: .none, count: cadres.count)
        let nowGroup: [Int?] = cadres.indices.map { c in now.held(c).first.map { now.groupOf[$0] } }
        let retiresAt: [Int] = cadres.indices.map { c in (0..<T).first { readings[$0].isRetiring(c) } ?? T }
        func first(_ g: Int) -> Int { now.groups[g][0] }
        for c in cadres.indices {
            let id = cadres[c].id
            var previous = nowGroup[c]
            for t in 0..<T {
                let g = holds[t][c]
                if t >= retiresAt[c] {
                    if let g {
                        at(t, .E7, tr("explain.E7.retiring", ["cadre": id, "year": String(years[t])]), cadres: [id], posts: [posts[first(g)].id])
                    }
                    continue
                }
                if g != previous {
                    if case .none = change[c] {
                        change[c] = g.map { .move(group: $0, phase: t) } ?? .release(phase: t)
                    } else {
                        at(t, .C2, tr("check.movesTwice", ["cadre": id]), cadres: [id], posts: g.map { [posts[first($0)].id] } ?? [])
                    }
                    previous = g
                }
                guard let g else { continue }
                let p = first(g)
                if g == nowGroup[c] {
                    // Still holding the group it holds now: allowed in this phase's year.
                    for (rule, message) in readings[t].broken(cadre: c, post: p) { at(t, rule, message, cadres: [id], posts: [posts[p].id]) }
                } else if case .move(g, t) = change[c] {
                    for (rule, message) in readings[t].broken(cadre: c, post: p) { at(t, rule, message, cadres: [id], posts: [posts[p].id]) }
                    // Tenure in the new group counts from Y_t: it must not reach the limit by the last phase.
                    if t < T - 1, let limit = readings[t].limit(post: p), years[T - 1] - years[t] >= limit {
                        at(t, .E3, tr("check.phaseLimit", ["cadre": id, "post": posts[p].id, "limit": String(limit), "last": String(years[T - 1])]),
                           cadres: [id], posts: [posts[p].id])
                    }
                }
            }
        }

        // The plan's statements on each entry, the phase's counts, releases and retirements.
        var phaseOutcomes: [PhaseOutcome] = []
        var totalByType: [MoveType: Int] = [:]
        var totalArrivals = [Int](repeating: 0, count: units.count)
        for t in 0..<T {
            let reading = readings[t]
            var po = PhaseOutcome(year: years[t])
            po.arrivals = Array(repeating: 0, count: units.count)
            var counted = Set<Int>()  // cadres whose group cost is counted at this phase
            for (c, p, a) in entries[t] {
                let g = now.groupOf[p]
                var type = MoveType.stay, cross = false, cost = 0.0
                if case .move(g, t) = change[c] {
                    type = reading.moveType(cadre: c, post: p)
                    cross = reading.isCrossBlock(cadre: c, post: p)
                    cost = reading.cost(cadre: c, post: p)
                } else if t == T - 1, case .none = change[c], nowGroup[c] == g, retiresAt[c] == T {
                    cost = reading.cost(cadre: c, post: p)  // the keeper's stay, once
                }
                let stated = first(g) == p ? cost : 0
                if a.type != type {
                    at(t, nil, tr("check.type", ["cadre": a.cadre, "post": a.post, "stated": a.type.rawValue, "actual": type.rawValue]), cadres: [a.cadre], posts: [a.post])
                }
                if a.crossBlock != cross {
                    at(t, nil, tr("check.cross", ["cadre": a.cadre, "post": a.post, "stated": String(a.crossBlock), "actual": String(cross)]), cadres: [a.cadre], posts: [a.post])
                }
                if !a.cost.isNaN, !PlanChecker.close(a.cost, stated) {
                    at(t, nil, tr("check.cost", ["cadre": a.cadre, "post": a.post, "stated": "\(a.cost)", "actual": "\(stated)"]), cadres: [a.cadre], posts: [a.post])
                }
                let joint = posts[p].joint.isEmpty ? nil : posts[p].joint
                if a.joint != joint {
                    at(t, nil, tr("check.jointKey", ["post": a.post, "stated": a.joint.map { "'\($0)'" } ?? tr("check.none"),
                                                     "actual": joint.map { "'\($0)'" } ?? tr("check.none")]), cadres: [a.cadre], posts: [a.post])
                }
                guard counted.insert(c).inserted else { continue }
                po.cost += cost
                if type != .stay {
                    po.byType[type, default: 0] += 1
                    po.moves += 1
                    if cross { po.crossBlock += 1 }
                    if cadres[c].unit != posts[p].unit { po.arrivals[posts[p].unit] += 1 }
                }
            }
            for c in cadres.indices {
                if case .release(t) = change[c] { po.released.append(c) }
                if retiresAt[c] == t, (t == 0 ? nowGroup[c] : holds[t - 1][c]) != nil { po.retired.append(c) }
            }
            let byID: (Int, Int) -> Bool = { IdentifierOrder.precedes(cadres[$0].id, cadres[$1].id) }
            po.released.sort(by: byID)
            po.retired.sort(by: byID)
            po.moves += po.released.count
            po.cost += policy.weights.release * Double(po.released.count)
            compare(phases[t].released, po.released.map { cadres[$0].id }, t: t, key: "check.released", at: at)
            compare(phases[t].retired, po.retired.map { cadres[$0].id }, t: t, key: "check.retired", at: at)

            // C4 at this phase, ages in its year.
            let holder: [Int?] = posts.indices.map { p in entries[t].first { $0.p == p }?.c }
            var holderNow = [Int?](repeating: nil, count: posts.count)
            for c in cadres.indices { for q in now.held(c) { holderNow[q] = c } }
            for target in reading.policy.shareTargets {
                let set = reading.posts(of: target)
                func qualifies(_ p: Int, _ h: [Int?]) -> Bool { h[p].map { reading.counts(target.of, cadre: $0, post: p) } ?? false }
                let groups = target.perUnit ? Dictionary(grouping: set) { posts[$0].unit }.sorted { $0.key < $1.key }.map(\.value) : [set]
                var needed = 0, achieved = 0
                var short: [String] = []
                for group in groups {
                    let need = target.need(posts: group.count)
                    let have = group.filter { qualifies($0, holder) }.count
                    needed += need
                    achieved += have
                    if have < need {
                        let unit = target.perUnit ? units[posts[group[0]].unit].id : nil
                        if let unit { short.append(unit) }
                        at(t, .C4, tr("check.C4", ["name": target.name.isEmpty ? "" : target.name + " ", "label": target.label, "need": String(need),
                                                   "posts": String(group.count), "place": unit.map { tr("check.C4.place", ["unit": $0]) } ?? "",
                                                   "holder": target.of.holder, "have": String(have)]),
                           posts: group.filter { !qualifies($0, holder) }.map { posts[$0].id })
                    }
                }
                po.shares.append(ShareOutcome(label: target.label, posts: set.count, achieved: achieved, needed: needed,
                                              now: set.filter { qualifies($0, holderNow) }.count, unitsShort: short, of: target.of))
            }
            // C5, C6, C7 of the phase.
            let phase = policy.phases[t]
            if let cap = phase.maxArrivalsPerUnit {
                for (u, n) in po.arrivals.enumerated() where n > cap {
                    at(t, .C5, tr("check.C5", ["unit": units[u].id, "n": String(n), "cap": String(cap)]))
                }
            }
            if let cap = phase.maxMoves, po.moves > cap {
                at(t, .C6, tr("check.C6", ["moves": String(po.moves), "cap": String(cap)]))
            }
            for type in MoveType.quotaTypes {
                guard let quota = phase.minMoves[type] else { continue }
                let q = QuotaOutcome(type: type, quota: quota, achieved: po.byType[type, default: 0])
                po.quotas.append(q)
                if !q.isMet { at(t, .C7, tr("check.C7", ["n": String(q.achieved), "type": type.label, "quota": String(quota)])) }
            }
            // C8 at this phase.
            for relation in instance.relations {
                let a = relation.cadre, b = relation.other
                guard a < cadres.count, b < cadres.count, let ga = holds[t][a], let gb = holds[t][b],
                      posts[first(ga)].unit == posts[first(gb)].unit else { continue }
                let kind = relation.kind.isEmpty ? "" : " (\(relation.kind))"
                at(t, .C8, tr("check.C8", ["a": cadres[a].id, "b": cadres[b].id, "kind": kind, "line": String(relation.line),
                                           "unit": units[posts[first(ga)].unit].id]),
                   cadres: [cadres[a].id, cadres[b].id], posts: [posts[first(ga)].id, posts[first(gb)].id])
            }
            for (type, n) in po.byType { totalByType[type, default: 0] += n }
            for u in units.indices { totalArrivals[u] += po.arrivals[u] }
            outcome.objective += po.cost
            outcome.moves += po.moves
            outcome.crossBlock += po.crossBlock
            outcome.released += po.released
            phaseOutcomes.append(po)
        }
        // C3: a fix pin's cadre holds the post at the last phase.
        for pin in instance.pins where pin.action == .fix && holds[T - 1][pin.cadre] != now.groupOf[pin.post] {
            let c = cadres[pin.cadre].id, p = posts[pin.post].id
            at(T - 1, .C3, tr("check.C3", ["cadre": c, "post": p, "where": Pin.place(line: pin.line, action: .fix)]), cadres: [c], posts: [p])
        }
        // The totals against the policy's own C5, C6 and C7.
        if let cap = policy.maxArrivalsPerUnit {
            for (u, n) in totalArrivals.enumerated() where n > cap {
                v.append(Violation(rule: .C5, message: tr("check.C5.total", ["unit": units[u].id, "n": String(n), "cap": String(cap)])))
            }
        }
        if let cap = policy.maxMoves, outcome.moves > cap {
            v.append(Violation(rule: .C6, message: tr("check.C6.total", ["moves": String(outcome.moves), "cap": String(cap)])))
        }
        for type in MoveType.quotaTypes {
            guard let quota = policy.minMoves[type] else { continue }
            let q = QuotaOutcome(type: type, quota: quota, achieved: totalByType[type, default: 0])
            outcome.quotas.append(q)
            if !q.isMet { v.append(Violation(rule: .C7, message: tr("check.C7.total", ["n": String(q.achieved), "type": type.label, "quota": String(quota)]))) }
        }
        outcome.byType = Dictionary(uniqueKeysWithValues: MoveType.allCases.map { ($0, totalByType[$0, default: 0]) })
        outcome.shares = phaseOutcomes.last?.shares ?? []
        outcome.relations = instance.relations.count
        v += PlanChecker.statedFigures(plan, objective: outcome.objective)
        v = PlanChecker.inRuleOrder(v)
        var report = CheckReport(violations: v, outcome: outcome, hasPlan: true)
        report.phases = phaseOutcomes
        return report
    }

    /// A list of cadre ids the plan states against the one the checker expects (released or retired).
    private static func compare(_ stated: [String], _ expected: [String], t: Int, key: String,
                                at: (Int, RuleID?, String, [String], [String]) -> Void) {
        guard Set(stated) != Set(expected) || stated.count != expected.count else { return }
        let missing = expected.filter { !stated.contains($0) }
        let extra = stated.filter { !expected.contains($0) }
        var parts: [String] = []
        if !missing.isEmpty { parts.append(tr("check.released.missing", ["list": missing.joined(separator: ", ")])) }
        if !extra.isEmpty { parts.append(tr("check.released.extra", ["list": extra.joined(separator: ", ")])) }
        if parts.isEmpty { parts.append(tr("check.released.twice")) }
        at(t, nil, tr(key, ["parts": parts.joined(separator: "; ")]), missing + extra, [])
    }
}
