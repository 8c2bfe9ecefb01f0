/// The rules of SPEC §5–§6, each with an id and a name a planner reads in reasons and diagnoses.
public enum RuleID: String, CaseIterable, Sendable, Comparable {
    case E1, E2, E3, E4, E5, E6, E7, E8
    case C1, C2, C3, C4, C5, C6, C7, C8

    /// Human-readable name, used in plan reasons, checker output and diagnoses, in the process's language.
    public var title: String { tr("rule.\(rawValue)") }

    /// `E3 term limit`.
    public var label: String { "\(rawValue) \(title)" }

    /// The rule in plain words, as SPEC §5–§6 states it, in the process's language.
    public var text: String { tr("ruletext.\(rawValue)") }

    /// Eligibility rules (E…) remove pairs; plan rules (C…) are rows of the model.
    public var isEligibility: Bool { rawValue.hasPrefix("E") }

    /// The eligibility rules, in rule order.
    public static let eligibility: [RuleID] = allCases.filter(\.isEligibility)

    /// The plan rules, in rule order.
    public static let planRules: [RuleID] = allCases.filter { !$0.isEligibility }

    public static func < (a: RuleID, b: RuleID) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A set of rules as bits, for allocation-free eligibility checks.
public struct RuleMask: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ rule: RuleID) { rawValue = 1 << UInt16(RuleID.allCases.firstIndex(of: rule)!) }

    public static let E1 = RuleMask(.E1), E2 = RuleMask(.E2), E3 = RuleMask(.E3), E4 = RuleMask(.E4)
    public static let E5 = RuleMask(.E5), E6 = RuleMask(.E6), E7 = RuleMask(.E7), E8 = RuleMask(.E8)

    /// Whether `rule` is in the set.
    public func contains(_ rule: RuleID) -> Bool { contains(RuleMask(rule)) }

    /// The rules in the set, in rule order.
    public var rules: [RuleID] {
        RuleID.allCases.enumerated().filter { rawValue & (1 << UInt16($0.offset)) != 0 }.map(\.element)
    }
}

/// How many pairs each eligibility rule rules out (a pair breaking two rules counts for both).
public struct RuleTally: Sendable {
    public private(set) var counts: [RuleID: Int] = [:]

    public init() {}

    public mutating func add(_ broken: RuleMask) {
        guard !broken.isEmpty else { return }
        for rule in RuleID.eligibility where broken.contains(rule) { counts[rule, default: 0] += 1 }
    }

    /// The rules that rule anything out, most first (rule order on ties).
    public var ranked: [(rule: RuleID, count: Int)] {
        counts.map { ($0.key, $0.value) }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }
    }

    /// `E3 term limit rules out 4, E1 skills rules out 2`, the `limit` largest.
    public func text(limit: Int = .max) -> String {
        ranked.prefix(limit).map { tr("tally.item", ["rule": $0.rule.label, "count": String($0.count)]) }.joined(separator: ", ")
    }
}

/// Quantities of SPEC §4 for one cadre, computed once per instance.
public struct CadreFacts: Sendable {
    public var age: Int
    public var yearsLeft: Int
    public var retiring: Bool
    /// Years in the current post; nil without a post.
    public var tenure: Int?
    /// Tenure limit of the current post, if any.
    public var limit: Int?
    public var mustLeave: Bool
    /// Rank of the current post, if any.
    public var currentRank: Rank?
}

extension Instance {
    /// Tenure limit of post `p`: the post's own, else the policy's for its rank, else none.
    public func limit(post p: Int) -> Int? {
        posts[p].maxYears ?? policy.maxYears[posts[p].rank]
    }

    /// SPEC §4 quantities of cadre `c`.
    public func facts(_ c: Int) -> CadreFacts {
        let cadre = cadres[c]
        let age = policy.year - cadre.birthYear
        let yearsLeft = (policy.retirementAge[cadre.gender] ?? 60) - age
        var tenure: Int?, limit: Int?, rank: Rank?
        if let p = cadre.post {
            tenure = policy.year - (cadre.since ?? policy.year)
            limit = self.limit(post: p)
            rank = cadre.rankNow ?? cadre.heldPosts.map { posts[$0].rank }.max()
        }
        let mustLeave = tenure != nil && limit != nil && tenure! >= limit!
        return CadreFacts(age: age, yearsLeft: yearsLeft, retiring: yearsLeft <= 0, tenure: tenure,
                          limit: limit, mustLeave: mustLeave, currentRank: rank)
    }

    /// SPEC §4 quantities of every cadre, by index.
    public func allFacts() -> [CadreFacts] { cadres.indices.map(facts) }

    /// Move type of giving post `p` to cadre `c`.
    @inline(__always)
    public func moveType(cadre c: Int, post p: Int) -> MoveType {
        let t = tables
        if t.cadrePost[c] == Int32(p) { return .stay }
        let target = t.postUnit[p], from = t.cadreUnit[c]
        if target == from { return .within }
        let a = t.unitLevel[Int(from)], b = t.unitLevel[Int(target)]
        if b < a { return .down }
        if b > a { return .up }
        return .horizontal
    }

    /// Whether giving `p` to `c` crosses blocks (SPEC §4).
    @inline(__always)
    public func isCrossBlock(cadre c: Int, post p: Int) -> Bool {
        let q = Int(tables.cadrePost[c])
        guard q >= 0, q != p else { return false }
        return tables.cadreBlock[c] != tables.postBlock[p]
    }

    /// Whether `c` is non-local for `p`: c's home is not p's unit.
    @inline(__always)
    public func isNonLocal(cadre c: Int, post p: Int) -> Bool {
        tables.cadreHome[c] != tables.postUnit[p]
    }

    /// Whether p's unit is in c's wants.
    @inline(__always)
    public func wants(cadre c: Int, post p: Int) -> Bool {
        tables.wants(cadre: c, unit: tables.postUnit[p])
    }

    /// Whether cadre c holding post p counts for a share target of kind `kind` (SPEC §11.2): the
    /// solving side's reading (the formulation, reasons and diagnoses; the checker has its own).
    @inline(__always)
    public func counts(_ kind: ShareKind, cadre c: Int, post p: Int) -> Bool {
        switch kind {
        case .nonLocal: return tables.cadreHome[c] != tables.postUnit[p]
        case .female: return cadres[c].gender == .f
        case .young: return policy.year - cadres[c].birthYear < policy.youngAge
        case .minority: return cadres[c].minority
        }
    }

    /// Whether `p` is a head post of a weak unit.
    @inline(__always)
    public func isWeakHead(post p: Int) -> Bool {
        tables.postRank[p] == UInt8(Rank.head.rawValue) && tables.unitWeak[Int(tables.postUnit[p])]
    }

    /// The eligibility rules (E1–E8) that the pair (c, p) breaks, as a bit set; empty when eligible.
    ///
    /// The solving side's reading of SPEC §5: the formulation, the reasons and the diagnoses call
    /// it; the independent checker does not (it has `PlainReading`, and a property test compares the
    /// two pair by pair). It allocates nothing and reads only `tables`, because it runs once per
    /// candidate pair.
    @inline(__always)
    public func brokenMask(cadre c: Int, post p: Int, facts f: CadreFacts) -> RuleMask {
        var broken: RuleMask = []
        let t = tables
        let postUnit = t.postUnit[p], cadreUnit = t.cadreUnit[c]
        let restricted = t.postRestricted[p], rank = t.postRank[p]
        // E1 skills: every tag of p is among c's skills.
        if !t.hasSkills(cadre: c, post: p) { broken.insert(.E1) }
        // E2 locality: a restricted post needs a non-local.
        if restricted && t.cadreHome[c] == postUnit { broken.insert(.E2) }
        // E3 term limit: who must leave may take no post in the current unit.
        if f.mustLeave && postUnit == cadreUnit { broken.insert(.E3) }
        // E4 horizon: enough service left for a move to another unit.
        if postUnit != cadreUnit {
            let needed = (f.mustLeave || restricted) ? policy.minYearsLeftExempt : policy.minYearsLeft
            if f.yearsLeft < needed { broken.insert(.E4) }
        }
        // E5 rank: not above the grade, and no demotion unless allowed.
        if rank > t.cadreGrade[c] { broken.insert(.E5) }
        else if !policy.allowDemotion, let r = f.currentRank, Int(rank) < r.rawValue { broken.insert(.E5) }
        // E6 weak units: their head posts need a strong rating.
        if let minimum = policy.weakMinRating, rank == UInt8(Rank.head.rawValue), t.unitWeak[Int(postUnit)],
           t.cadreRating[c] < minimum {
            broken.insert(.E6)
        }
        // E7 not retiring and not forbidden by a pin.
        if f.retiring || (!forbidden.isEmpty && forbidsCadre[c] && forbidden.contains(pairKey(c, p))) { broken.insert(.E7) }
        // E8 stability: too short a time in the current post to take any other.
        if let minimum = policy.minYearsInPost, let tenure = f.tenure, tenure < minimum, t.cadrePost[c] != Int32(p) {
            broken.insert(.E8)
        }
        return broken
    }

    /// Every eligibility rule (E1–E8) that the pair (c, p) breaks, in rule order; empty when eligible.
    public func brokenRules(cadre c: Int, post p: Int, facts f: CadreFacts) -> [RuleID] {
        brokenMask(cadre: c, post: p, facts: f).rules
    }

    /// Whether (c, p) is an eligible pair.
    public func isEligible(cadre c: Int, post p: Int, facts f: CadreFacts) -> Bool {
        brokenMask(cadre: c, post: p, facts: f).isEmpty
    }

    /// A plain-language explanation of why rule `rule` removes the pair (c, p).
    public func explain(_ rule: RuleID, cadre c: Int, post p: Int, facts f: CadreFacts) -> String {
        let cadre = cadres[c], post = posts[p]
        switch rule {
        case .E1:
            let missing = post.skills.members.filter { !cadre.skills.contains($0) }.map { skillNames[$0] }
            return tr("explain.E1", ["cadre": cadre.id, "skills": missing.joined(separator: ", "), "post": post.id])
        case .E2:
            return tr("explain.E2", ["post": post.id, "cadre": cadre.id, "unit": units[post.unit].id])
        case .E3:
            return tr("explain.E3", ["cadre": cadre.id, "tenure": String(f.tenure ?? 0), "limit": String(f.limit ?? 0),
                                     "unit": units[cadre.unit].id])
        case .E4:
            return tr("explain.E4", ["cadre": cadre.id, "left": String(f.yearsLeft)])
        case .E5:
            let now = f.currentRank.map { tr("explain.E5.now", ["rank": $0.label]) } ?? ""
            return tr("explain.E5", ["rank": post.rank.label, "post": post.id, "cadre": cadre.id, "grade": cadre.grade.label,
                                     "now": now])
        case .E6:
            return tr("explain.E6", ["post": post.id, "unit": units[post.unit].id, "minimum": String(policy.weakMinRating ?? 0),
                                     "cadre": cadre.id, "rating": String(cadre.rating)])
        case .E7:
            return f.retiring ? tr("explain.E7.retiring", ["cadre": cadre.id, "year": String(policy.year)])
                : tr("explain.E7.forbid", ["cadre": cadre.id, "post": post.id])
        case .E8:
            return tr("explain.E8", ["cadre": cadre.id, "tenure": String(f.tenure ?? 0),
                                     "minimum": String(policy.minYearsInPost ?? 0)])
        default:
            return rule.label
        }
    }

    /// Committee score of the pair, 0 when not given.
    public func score(cadre c: Int, post p: Int) -> Double {
        scores.isEmpty ? 0 : scores[pairKey(c, p)] ?? 0
    }

    /// Objective cost of giving post p to cadre c (SPEC §7).
    @inline(__always)
    public func cost(cadre c: Int, post p: Int) -> Double {
        let w = policy.weights
        var cost = w.base(moveType(cadre: c, post: p))
        if isCrossBlock(cadre: c, post: p) { cost += w.crossBlock }
        if wants(cadre: c, post: p) { cost -= w.preference }
        if isWeakHead(post: p) { cost -= w.weakRating * Double(tables.cadreRating[c]) / 100 }
        if !scores.isEmpty { cost -= w.score * score(cadre: c, post: p) }
        return cost
    }

    /// Whether cadre c holds a post now and is not retiring, so that having no post is a release.
    public func releasable(_ c: Int, facts f: CadreFacts) -> Bool {
        cadres[c].post != nil && !f.retiring
    }
}
