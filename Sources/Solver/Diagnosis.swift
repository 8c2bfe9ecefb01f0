import AssignModel
import Foundation

/// Why an instance has no plan, in a planner's terms, and the smallest policy changes that restore one.
public struct Diagnosis: Sendable {
    /// One finding: a rule and the posts, units and cadres that cannot satisfy it together.
    public struct Blocker: Sendable {
        public var rule: RuleID
        public var message: String
        public var posts: [String] = []
        public var units: [String] = []
        public var cadres: [String] = []
    }

    /// A change to one policy number, holding the others, that makes a plan exist (verified by solving).
    public struct Suggestion: Sendable {
        public var rule: RuleID
        /// The key as in policy.yaml, e.g. `max_arrivals_per_unit`, `min_moves.down`, `non_local_share[1].min`.
        public var key: String
        public var from: Double
        public var value: Double
        /// Objective of the plan that the change allows; nil when the time limit came before it was solved.
        public var objective: Double?
        /// False when the time limit stopped the search between a value proven to restore a plan and
        /// smaller ones not yet tried: the change works, but a smaller one may too.
        public var provenSmallest = true

        public init(rule: RuleID, key: String, from: Double, value: Double, objective: Double?, provenSmallest: Bool = true) {
            self.rule = rule
            self.key = key
            self.from = from
            self.value = value
            self.objective = objective
            self.provenSmallest = provenSmallest
        }
    }

    /// A committee pin whose removal alone restores a plan (verified by solving without it).
    public struct PinRemoval: Sendable {
        public var line: Int
        public var cadre: String
        public var post: String
        public var action: PinAction
        /// Objective of the plan without the pin; nil when the time limit came before it was solved.
        public var objective: Double?
    }

    public var blockers: [Blocker]
    public var suggestions: [Suggestion]
    /// Pins each of which, removed alone, restores a plan.
    public var pinRemovals: [PinRemoval] = []
    /// True when the time limit stopped the search for suggestions before every policy number was tried.
    public var stoppedByTimeLimit = false

    public init(blockers: [Blocker], suggestions: [Suggestion], stoppedByTimeLimit: Bool = false) {
        self.blockers = blockers
        self.suggestions = suggestions
        self.stoppedByTimeLimit = stoppedByTimeLimit
    }

    /// The diagnosis as JSON (for `--diagnosis FILE`).
    public var json: JSON {
        .object([
            ("status", .string("infeasible")),
            ("blockers", .array(blockers.map { b in
                .object([("rule", .string(b.rule.rawValue)), ("title", .string(b.rule.title)), ("message", .string(b.message)),
                         ("posts", .array(b.posts.map(JSON.string))), ("units", .array(b.units.map(JSON.string))),
                         ("cadres", .array(b.cadres.map(JSON.string)))])
            })),
            ("suggestions", .array(suggestions.map { s in
                .object([("rule", .string(s.rule.rawValue)), ("key", .string(s.key)), ("from", .number(s.from)),
                         ("value", .number(s.value)), ("objective", s.objective.map(JSON.number) ?? .null),
                         ("proven_smallest", .bool(s.provenSmallest))])
            })),
            ("pin_removals", .array(pinRemovals.map { r in
                .object([("line", .int(r.line)), ("cadre", .string(r.cadre)), ("post", .string(r.post)),
                         ("action", .string(r.action.rawValue)), ("objective", r.objective.map(JSON.number) ?? .null)])
            })),
            ("complete", .bool(!stoppedByTimeLimit)),
        ])
    }

    /// The diagnosis in plain words.
    public var text: String {
        var lines: [String] = []
        if blockers.isEmpty {
            lines.append("  " + tr("diag.together"))
        }
        for b in blockers {
            lines.append("  - \(b.rule.label): \(b.message)")
        }
        if !pinRemovals.isEmpty {
            lines.append("  " + tr("diag.pins"))
            for r in pinRemovals {
                let objective = r.objective.map { tr("diag.objective", ["z": JSON.format($0)]) } ?? tr("diag.objective.none")
                lines.append("    " + tr(r.line > 0 ? "diag.pinLine" : "diag.pinLine.cli",
                                           ["line": String(r.line), "option": "--\(r.action.rawValue)", "action": r.action.rawValue, "cadre": r.cadre, "post": r.post,
                                                        "objective": objective]))
            }
        }
        if suggestions.isEmpty {
            lines.append(stoppedByTimeLimit
                         ? "  " + tr("diag.noSuggestion.timeLimit") : "  " + tr("diag.noSuggestion"))
        } else {
            lines.append("  " + tr("diag.suggestions"))
            for s in suggestions {
                let objective = s.objective.map { tr("diag.objective", ["z": JSON.format($0)]) } ?? tr("diag.objective.none")
                let smallest = s.provenSmallest ? "" : tr("diag.notSmallest")
                lines.append("    \(s.key): \(JSON.format(s.from)) → \(JSON.format(s.value))  (\(s.rule.label); \(objective)\(smallest))")
            }
            if stoppedByTimeLimit {
                lines.append("  " + tr("diag.stopped"))
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Finds blockers of an infeasible instance and verified policy suggestions.
public enum Diagnoser {
    /// The diagnosis of `instance`; a phased instance's is `PhasedDiagnoser`'s (as `PlanSolver.solve`
    /// and `PlanChecker.check` hand phased instances on), so callers need not ask which.
    public static func diagnose(_ instance: Instance, options: SolveOptions = SolveOptions()) -> Diagnosis {
        if instance.policy.isPhased { return PhasedDiagnoser.diagnose(instance, options: options) }
        let instance = instance.grouped()
        let facts = instance.allFacts()
        let candidates = CandidateSet(instance: instance, facts: facts)
        var blockers: [Diagnosis.Blocker] = []
        blockers += emptyPosts(instance, facts, candidates)
        blockers += ineligiblePins(instance, facts)
        blockers += contradictoryPins(instance)
        if let hall = hallViolator(instance, candidates) { blockers.append(hall) }
        blockers += arrivalCaps(instance, candidates)
        blockers += shareTargets(instance, candidates)
        blockers += quotas(instance, candidates)
        if let moves = moveCap(instance, facts, candidates) { blockers.append(moves) }
        blockers += relatives(instance, candidates)
        let (found, stopped) = suggestions(instance, options: options)
        var diagnosis = Diagnosis(blockers: blockers, suggestions: found, stoppedByTimeLimit: stopped)
        let (removals, pinsStopped) = pinRemovals(instance, blockers: blockers, options: options)
        diagnosis.pinRemovals = removals
        diagnosis.stoppedByTimeLimit = diagnosis.stoppedByTimeLimit || pinsStopped
        return diagnosis
    }

    /// The fix pins of `pins` as "line N (C → P)".
    static func describe(_ pins: [Pin], _ instance: Instance) -> String {
        pins.map { pin in
            let args = ["line": String(pin.line), "option": "--\(pin.action.rawValue)", "cadre": instance.cadres[pin.cadre].id,
                        "post": instance.posts[pin.post].id]
            return tr(pin.line > 0 ? "diag.pinRef" : "diag.pinRef.cli", args)
        }
            .joined(separator: ", ")
    }

    /// Fix pins that contradict each other or a cap by themselves: one cadre fixed to two posts, two
    /// cadres fixed to one post, more fixed arrivals into a unit than its cap, more fixed moves than
    /// the move cap.
    static func contradictoryPins(_ instance: Instance) -> [Diagnosis.Blocker] {
        let fixes = instance.pins.filter { $0.action == .fix }
        var out: [Diagnosis.Blocker] = []
        for (c, pins) in Dictionary(grouping: fixes, by: \.cadre).sorted(by: { $0.key < $1.key }) where pins.count > 1 {
            let cadre = instance.cadres[c]
            out.append(.init(rule: .C3, message: tr("diag.pins.twoPosts", ["pins": describe(pins, instance), "name": cadre.name, "cadre": cadre.id,
                                                           "count": String(pins.count), "rule": RuleID.C2.label]),
                             posts: pins.map { instance.posts[$0.post].id }, cadres: [cadre.id]))
        }
        for (p, pins) in Dictionary(grouping: fixes, by: \.post).sorted(by: { $0.key < $1.key }) where pins.count > 1 {
            let post = instance.posts[p]
            out.append(.init(rule: .C3, message: tr("diag.pins.twoCadres", ["pins": describe(pins, instance), "post": post.id, "title": post.title,
                                                            "count": String(pins.count), "rule": RuleID.C1.label]),
                             posts: [post.id], units: [instance.units[post.unit].id], cadres: pins.map { instance.cadres[$0.cadre].id }))
        }
        if let cap = instance.policy.maxArrivalsPerUnit {
            let arrivals = fixes.filter { instance.cadres[$0.cadre].unit != instance.posts[$0.post].unit }
            for (u, pins) in Dictionary(grouping: arrivals, by: { instance.posts[$0.post].unit }).sorted(by: { $0.key < $1.key }) where pins.count > cap {
                out.append(.init(rule: .C3, message: tr("diag.pins.arrivals", ["pins": describe(pins, instance), "count": String(pins.count),
                                                               "unit": instance.units[u].id, "cap": String(cap), "rule": RuleID.C5.label]),
                                 posts: pins.map { instance.posts[$0.post].id }, units: [instance.units[u].id], cadres: pins.map { instance.cadres[$0.cadre].id }))
            }
        }
        if let cap = instance.policy.maxMoves {
            let moves = fixes.filter { instance.moveType(cadre: $0.cadre, post: $0.post) != .stay }
            if moves.count > cap {
                out.append(.init(rule: .C3, message: tr("diag.pins.moves", ["count": String(moves.count), "cap": String(cap), "rule": RuleID.C6.label,
                                                            "pins": describe(Array(moves.prefix(12)), instance) + (moves.count > 12 ? ", …" : "")]),
                                 posts: moves.map { instance.posts[$0.post].id }, cadres: moves.map { instance.cadres[$0.cadre].id }))
            }
        }
        return out
    }

    /// Relatives C8 cannot separate: both fixed by pins into one unit, or a unit whose posts only the
    /// two of them (and no one else) can hold while it has two or more posts to fill — named with the
    /// relation's line, the pins and the posts.
    static func relatives(_ instance: Instance, _ cs: CandidateSet) -> [Diagnosis.Blocker] {
        guard !instance.relations.isEmpty else { return [] }
        var out: [Diagnosis.Blocker] = []
        let fixes = instance.pins.filter { $0.action == .fix }
        for relation in instance.relations {
            let a = relation.cadre, b = relation.other
            let kind = relation.kind.isEmpty ? "" : " (\(relation.kind))"
            let who = tr("diag.relatives.who", ["a": instance.cadres[a].id, "b": instance.cadres[b].id, "kind": kind,
                                                "line": String(relation.line)])
            let pa = fixes.filter { $0.cadre == a }, pb = fixes.filter { $0.cadre == b }
            for x in pa {
                for y in pb where instance.posts[x.post].unit == instance.posts[y.post].unit {
                    let u = instance.posts[x.post].unit
                    out.append(.init(rule: .C8, message: tr("diag.relatives.pinned", ["who": who, "unit": instance.units[u].id, "pins": describe([x, y], instance)]),
                                     posts: [instance.posts[x.post].id, instance.posts[y.post].id], units: [instance.units[u].id],
                                     cadres: [instance.cadres[a].id, instance.cadres[b].id]))
                }
            }
        }
        // A unit with two or more posts that only a related pair can fill (every eligible cadre of each
        // of those posts is one of the two). Only posts with at most two eligible cadres can be such
        // posts: found once, not once per relation.
        let narrow = instance.posts.indices.filter { p in
            let range = cs.range(ofPost: p)
            return !range.isEmpty && Set(range.map { cs.cadre[$0] }).count <= 2
        }
        for relation in instance.relations {
            let a = Int32(relation.cadre), b = Int32(relation.other)
            var byUnit: [Int: [Int]] = [:]
            for p in narrow where cs.range(ofPost: p).allSatisfy({ cs.cadre[$0] == a || cs.cadre[$0] == b }) {
                byUnit[instance.posts[p].unit, default: []].append(p)
            }
            for (u, posts) in byUnit.sorted(by: { $0.key < $1.key }) where posts.count >= 2 {
                out.append(.init(rule: .C8, message: tr("diag.relatives.only", ["posts": posts.map { instance.posts[$0].id }.joined(separator: ", "),
                                                               "unit": instance.units[u].id, "a": instance.cadres[Int(a)].id,
                                                               "b": instance.cadres[Int(b)].id, "line": String(relation.line)]),
                                 posts: posts.map { instance.posts[$0].id }, units: [instance.units[u].id],
                                 cadres: [instance.cadres[Int(a)].id, instance.cadres[Int(b)].id]))
            }
        }
        return out
    }

    /// Most pins tried one by one when no blocker names a pin.
    static let pinsTriedAlone = 20

    /// Pins whose removal alone restores a plan: the fix pins a blocker names, or, when none does,
    /// every pin of a short pins.csv (up to `pinsTriedAlone`). Each is verified by solving without it.
    static func pinRemovals(_ instance: Instance, blockers: [Diagnosis.Blocker], options: SolveOptions)
        -> (found: [Diagnosis.PinRemoval], stopped: Bool) {
        guard !instance.pins.isEmpty else { return ([], false) }
        let named = Set(blockers.filter { $0.rule == .C3 }.flatMap { b in b.cadres.flatMap { c in b.posts.map { "\(c)\u{1f}\($0)" } } })
        var tried = instance.pins.indices.filter { i in
            let pin = instance.pins[i]
            return pin.action == .fix && named.contains("\(instance.cadres[pin.cadre].id)\u{1f}\(instance.posts[pin.post].id)")
        }
        if tried.isEmpty && instance.pins.count <= pinsTriedAlone { tried = Array(instance.pins.indices) }
        var out: [Diagnosis.PinRemoval] = []
        for i in tried {
            if let deadline = options.deadline, Date() >= deadline { return (out, true) }
            var copy = instance
            copy.pins.remove(at: i)
            var o = options
            o.progress = nil
            o.tieBreak = false
            let r = PlanSolver.solve(copy, options: o)
            guard r.status == .optimal || r.status == .feasible else {
                if r.status == .noSolution { return (out, true) }
                continue
            }
            let pin = instance.pins[i]
            out.append(.init(line: pin.line, cadre: instance.cadres[pin.cadre].id, post: instance.posts[pin.post].id,
                             action: pin.action, objective: r.status == .optimal ? r.plan?.objective : nil))
        }
        return (out, false)
    }

    // MARK: blockers

    /// Posts with no eligible cadre, and how many candidates each rule removed.
    static func emptyPosts(_ instance: Instance, _ facts: [CadreFacts], _ cs: CandidateSet) -> [Diagnosis.Blocker] {
        var out: [Diagnosis.Blocker] = []
        for p in instance.posts.indices where cs.range(ofPost: p).isEmpty {
            var tally = RuleTally()
            for c in instance.cadres.indices { tally.add(instance.brokenMask(cadre: c, post: p, facts: facts[c])) }
            let post = instance.posts[p]
            let rule = tally.ranked.first?.rule ?? .C1
            out.append(.init(rule: rule, message: tr("diag.emptyPost", ["post": post.id, "title": post.title, "unit": instance.units[post.unit].id,
                                                            "tally": tally.text()]),
                             posts: [post.id], units: [instance.units[post.unit].id]))
        }
        return out
    }

    /// Fix pins on ineligible pairs.
    static func ineligiblePins(_ instance: Instance, _ facts: [CadreFacts]) -> [Diagnosis.Blocker] {
        instance.pins.filter { $0.action == .fix }.compactMap { pin in
            let broken = instance.brokenRules(cadre: pin.cadre, post: pin.post, facts: facts[pin.cadre])
            guard !broken.isEmpty else { return nil }
            let c = instance.cadres[pin.cadre].id, p = instance.posts[pin.post].id
            return .init(rule: .C3, message: tr("diag.pinIneligible", ["cadre": c, "post": p, "where": Pin.place(line: pin.line, action: .fix)])
                         + broken.map { "\($0.label): \(instance.explain($0, cadre: pin.cadre, post: pin.post, facts: facts[pin.cadre]))" }.joined(separator: "; "),
                         posts: [p], cadres: [c])
        }
    }

    /// A group of posts whose eligible cadres are fewer than the posts (Hall's condition), found by
    /// a failed augmenting-path search: the posts it reached and the cadres they can take.
    static func hallViolator(_ instance: Instance, _ cs: CandidateSet) -> Diagnosis.Blocker? {
        let n = instance.posts.count
        var rowMatch = [Int](repeating: -1, count: n)
        var colMatch = [Int](repeating: -1, count: instance.cadres.count)
        for p in 0..<n where !cs.range(ofPost: p).isEmpty {
            // Breadth-first search for an augmenting path from post p.
            var parentOfColumn = [Int: Int]()
            var queue = [p]
            var visitedRows = [p]
            var head = 0
            var freeColumn = -1
            search: while head < queue.count {
                let r = queue[head]
                head += 1
                for k in cs.range(ofPost: r) {
                    let c = Int(cs.cadre[k])
                    if parentOfColumn[c] != nil { continue }
                    parentOfColumn[c] = r
                    if colMatch[c] < 0 { freeColumn = c; break search }
                    queue.append(colMatch[c])
                    visitedRows.append(colMatch[c])
                }
            }
            if freeColumn < 0 {
                let posts = visitedRows.sorted()
                let cadres = parentOfColumn.keys.sorted()
                guard posts.count >= 2 else { continue }  // a single empty post is reported on its own
                return .init(rule: .C1,
                             message: tr("diag.hall", ["posts": String(posts.count), "cadres": String(cadres.count),
                                                       "list": posts.prefix(12).map { instance.posts[$0].id }.joined(separator: ", ")
                                                           + (posts.count > 12 ? ", …" : "")]),
                             posts: posts.map { instance.posts[$0].id },
                             units: Array(Set(posts.map { instance.units[instance.posts[$0].unit].id })).sorted(),
                             cadres: cadres.map { instance.cadres[$0].id })
            }
            var c = freeColumn
            while true {
                let r = parentOfColumn[c]!
                let previous = rowMatch[r]
                rowMatch[r] = c
                colMatch[c] = r
                if r == p { break }
                c = previous
            }
        }
        return nil
    }

    /// Units with more posts that only outsiders can fill than the arrival cap allows.
    static func arrivalCaps(_ instance: Instance, _ cs: CandidateSet) -> [Diagnosis.Blocker] {
        guard let cap = instance.policy.maxArrivalsPerUnit else { return [] }
        var outsidersOnly = [[Int]](repeating: [], count: instance.units.count)
        for p in instance.posts.indices {
            let u = instance.posts[p].unit
            let range = cs.range(ofPost: p)
            if !range.isEmpty && range.allSatisfy({ instance.cadres[Int(cs.cadre[$0])].unit != u }) { outsidersOnly[u].append(p) }
        }
        return instance.units.indices.filter { outsidersOnly[$0].count > cap }.map { u in
            .init(rule: .C5, message: tr(outsidersOnly[u].count == 1 ? "diag.arrivals.one" : "diag.arrivals",
                                   ["unit": instance.units[u].id, "count": String(outsidersOnly[u].count), "cap": String(cap)]),
                  posts: outsidersOnly[u].map { instance.posts[$0].id }, units: [instance.units[u].id])
        }
    }

    /// Share targets with fewer posts that any non-local could take than the target needs.
    static func shareTargets(_ instance: Instance, _ cs: CandidateSet) -> [Diagnosis.Blocker] {
        var out: [Diagnosis.Blocker] = []
        for (t, target) in instance.policy.shareTargets.enumerated() {
            func counts(_ c: Int, _ p: Int) -> Bool { instance.counts(target.of, cadre: c, post: p) }
            for group in target.groups(target.posts(in: instance), in: instance) {
                let size = target.size(group, in: instance)
                let needed = target.need(posts: size)
                // Posts some qualifying cadre could hold, and the distinct qualifying cadres who could hold one.
                let possible = group.filter { p in cs.range(ofPost: p).contains { counts(Int(cs.cadre[$0]), p) } }
                var people = Set<Int32>()
                for p in group { for k in cs.range(ofPost: p) where counts(Int(cs.cadre[k]), p) { people.insert(cs.cadre[k]) } }
                guard min(possible.count, people.count) < needed else { continue }
                let unit = target.perUnit ? instance.units[instance.posts[group[0]].unit].id : nil
                let place = unit.map { tr("diag.share.place", ["unit": $0]) } ?? ""
                let name = target.name.isEmpty ? tr("diag.share.name", ["n": String(t + 1)]) : target.name
                out.append(.init(rule: .C4, message: tr(people.count == 1 ? "diag.share.one" : "diag.share",
                                                        ["name": name, "label": target.label, "needed": String(needed),
                                                         "size": String(size), "place": place, "holder": target.of.holder,
                                                         "possible": String(possible.count), "people": String(people.count)]),
                                 posts: group.filter { !possible.contains($0) }.map { instance.posts[$0].id },
                                 units: unit.map { [$0] } ?? []))
            }
        }
        return out
    }

    /// Move quotas larger than the posts that could be filled by a move of that type.
    static func quotas(_ instance: Instance, _ cs: CandidateSet) -> [Diagnosis.Blocker] {
        MoveType.quotaTypes.compactMap { type in
            guard let quota = instance.policy.minMoves[type], quota > 0 else { return nil }
            let possible = instance.posts.indices.filter { p in
                cs.range(ofPost: p).contains { instance.moveType(cadre: Int(cs.cadre[$0]), post: p) == type }
            }
            guard possible.count < quota else { return nil }
            return .init(rule: .C7, message: tr("diag.quota", ["quota": String(quota), "type": type.label, "possible": String(possible.count)]))
        }
    }

    /// A move cap below the moves the instance forces: holders who cannot stay, and posts without a holder who may stay.
    static func moveCap(_ instance: Instance, _ facts: [CadreFacts], _ cs: CandidateSet) -> Diagnosis.Blocker? {
        guard let cap = instance.policy.maxMoves else { return nil }
        var forced: [Int] = []
        for p in instance.posts.indices {
            let h = instance.holder[p]
            let canStay = h.map { c in cs.range(ofPost: p).contains { Int(cs.cadre[$0]) == c } } ?? false
            if !canStay { forced.append(p) }
        }
        guard forced.count > cap else { return nil }
        return .init(rule: .C6, message: tr("diag.moveCap", ["forced": String(forced.count), "cap": String(cap)]),
                     posts: forced.map { instance.posts[$0].id })
    }

    // MARK: suggestions

    /// For each restricting policy number, the smallest change (holding the others) that restores a
    /// plan, found by bisection over values where feasibility is monotone and verified by solving.
    static func suggestions(_ instance: Instance, options: SolveOptions) -> (found: [Diagnosis.Suggestion], stopped: Bool) {
        var out: [Diagnosis.Suggestion] = []
        var stopped = false
        /// Whether the changed policy has a plan: true, false, or nil when the time limit came first.
        func feasible(_ change: (inout Policy) -> Void) -> Bool? {
            var copy = instance
            change(&copy.policy)
            var o = options
            o.firstPlan = true
            o.tieBreak = false
            o.progress = nil
            switch PlanSolver.solve(copy, options: o).status {
            case .optimal, .feasible: return true
            case .infeasible: return false
            default: return nil
            }
        }
        /// The optimum under the changed policy (nil, and the search marked stopped, when the time limit came first).
        func objective(_ change: (inout Policy) -> Void) -> Double? {
            var copy = instance
            change(&copy.policy)
            var o = options
            o.progress = nil
            o.tieBreak = false
            let r = PlanSolver.solve(copy, options: o)
            let z = r.status == .optimal || r.status == .feasible ? r.plan?.objective : nil
            if z == nil { stopped = true }
            return z
        }
        /// Smallest value in `range` (ascending, feasibility monotone increasing) that is feasible, with the
        /// optimum it allows. Probes stop plans at the first one found. A probe stopped by the time limit is
        /// never read as infeasible: before any feasible value the search ends without a suggestion; after
        /// one, that value is returned, marked as not proven smallest.
        func smallestFeasible(_ range: ClosedRange<Int>, _ apply: @escaping (inout Policy, Int) -> Void)
            -> (value: Int, objective: Double?, proven: Bool)? {
            options.progress?(SolveProgress(phase: "diagnosis", detail: tr("detail.suggestions", ["n": String(out.count)])))
            switch feasible({ apply(&$0, range.upperBound) }) {
            case true?: break
            case false?: return nil
            case nil: stopped = true; return nil
            }
            var lo = range.lowerBound, hi = range.upperBound
            var proven = true
            search: while lo < hi {
                let mid = (lo + hi) / 2
                switch feasible({ apply(&$0, mid) }) {
                case true?: hi = mid
                case false?: lo = mid + 1
                case nil: proven = false; stopped = true; break search
                }
            }
            return (hi, objective({ apply(&$0, hi) }), proven)
        }
        let policy = instance.policy
        let posts = instance.posts.count
        if let cap = policy.maxArrivalsPerUnit {
            let most = instance.units.indices.map { u in instance.posts.filter { $0.unit == u }.count }.max() ?? 0
            if cap < most, let (v, z, proven) = smallestFeasible((cap + 1)...most, { $0.maxArrivalsPerUnit = $1 }) {
                out.append(.init(rule: .C5, key: "max_arrivals_per_unit", from: Double(cap), value: Double(v), objective: z, provenSmallest: proven))
            }
        }
        if let cap = policy.maxMoves {
            let most = posts + instance.cadres.count
            if cap < most, let (v, z, proven) = smallestFeasible((cap + 1)...most, { $0.maxMoves = $1 }) {
                out.append(.init(rule: .C6, key: "max_moves", from: Double(cap), value: Double(v), objective: z, provenSmallest: proven))
            }
        }
        for t in MoveType.quotaTypes {
            guard let q = policy.minMoves[t], q > 0 else { continue }
            // Lowering a quota: feasibility grows as the quota falls; search on q − value.
            if let (d, z, proven) = smallestFeasible(1...q, { $0.minMoves[t] = q - $1 }) {
                out.append(.init(rule: .C7, key: "min_moves.\(t.rawValue)", from: Double(q), value: Double(q - d), objective: z, provenSmallest: proven))
            }
        }
        for (i, target) in policy.shareTargets.enumerated() {
            let name = target.name.isEmpty ? "non_local_share[\(i + 1)]" : target.name
            if let atLeast = target.atLeast {
                // at_least: lower the number of posts.
                guard atLeast > 0 else { continue }
                if let (d, z, proven) = smallestFeasible(1...atLeast, { p, d in p.shareTargets[i].atLeast = atLeast - d }) {
                    out.append(.init(rule: .C4, key: "\(name).at_least", from: Double(atLeast), value: Double(atLeast - d),
                                     objective: z, provenSmallest: proven))
                }
                continue
            }
            // min: shares k/D, D the posts of S (per_unit: of its largest unit), from the one that needs as many
            // posts as now downwards; every unit's need falls with k, so feasibility grows as k falls.
            let size = target.groups(target.posts(in: instance), in: instance).map { target.size($0, in: instance) }.max() ?? 0
            let needed = target.min.ceilTimes(size)
            guard needed > 0, size > 0 else { continue }
            if let (d, z, proven) = smallestFeasible(1...needed, { p, d in
                p.shareTargets[i].min = Fraction(numerator: needed - d, denominator: size)
            }) {
                out.append(.init(rule: .C4, key: "\(name).min", from: target.min.doubleValue,
                                 value: Double(needed - d) / Double(size), objective: z, provenSmallest: proven))
            }
        }
        // young_age: raising it makes more cadres young, which only helps (every target is a lower bound).
        if policy.shareTargets.contains(where: { $0.of == .young }) {
            let oldest = instance.cadres.map { policy.year - $0.birthYear }.max() ?? policy.youngAge
            if oldest >= policy.youngAge,
               let (v, z, proven) = smallestFeasible((policy.youngAge + 1)...(oldest + 1), { $0.youngAge = $1 }) {
                out.append(.init(rule: .C4, key: "young_age", from: Double(policy.youngAge), value: Double(v), objective: z,
                                 provenSmallest: proven))
            }
        }
        if let r = policy.weakMinRating, r > 0,
           let (d, z, proven) = smallestFeasible(1...r, { $0.weakMinRating = r - $1 }) {
            out.append(.init(rule: .E6, key: "weak_min_rating", from: Double(r), value: Double(r - d), objective: z, provenSmallest: proven))
        }
        if policy.minYearsLeft > 0, let (d, z, proven) = smallestFeasible(1...policy.minYearsLeft, { $0.minYearsLeft = policy.minYearsLeft - $1 }) {
            out.append(.init(rule: .E4, key: "min_years_left", from: Double(policy.minYearsLeft), value: Double(policy.minYearsLeft - d), objective: z, provenSmallest: proven))
        }
        if policy.minYearsLeftExempt > 0,
           let (d, z, proven) = smallestFeasible(1...policy.minYearsLeftExempt, { $0.minYearsLeftExempt = policy.minYearsLeftExempt - $1 }) {
            out.append(.init(rule: .E4, key: "min_years_left_exempt", from: Double(policy.minYearsLeftExempt),
                             value: Double(policy.minYearsLeftExempt - d), objective: z, provenSmallest: proven))
        }
        if let m = policy.minYearsInPost, m > 0,
           let (d, z, proven) = smallestFeasible(1...m, { $0.minYearsInPost = m - $1 }) {
            out.append(.init(rule: .E8, key: "min_years_in_post", from: Double(m), value: Double(m - d), objective: z, provenSmallest: proven))
        }
        if !policy.allowDemotion {
            switch feasible({ $0.allowDemotion = true }) {
            case true?:
                out.append(.init(rule: .E5, key: "allow_demotion", from: 0, value: 1, objective: objective({ $0.allowDemotion = true })))
            case false?: break
            case nil: stopped = true
            }
        }
        return (out, stopped)
    }
}
