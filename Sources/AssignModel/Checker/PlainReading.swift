/// The contract's rules (SPEC §4–§7) read a second time, plainly, for the independent checker.
///
/// It works from the `Unit`, `Post`, `Cadre`, `Pin` and `Policy` values of an instance and nothing
/// else: no `RuleTables`, no bit masks, no `Instance.moveType`, `cost` or `brokenMask` — those are
/// the solving side's fast reading, and a mistake there must not pass the check. It is written for
/// clarity, not speed (it allocates, and it recomputes each quantity where it is needed); `PlainReadingTests`
/// compares the two readings pair by pair on generated instances.
public struct PlainReading: Sendable {
    public let units: [Unit]
    public let posts: [Post]
    public let cadres: [Cadre]
    public let policy: Policy
    /// pins.csv line of each forbid pin, by (cadre, post).
    let forbidLine: [Pair: Int]
    /// The committee's score of a pair, read from the instance's own table (its key is the
    /// instance's `pairKey`, so the checker does not restate how pairs are keyed).
    let scoreOf: @Sendable (Int, Int) -> Double
    let skillNames: [String]

    struct Pair: Hashable, Sendable { var cadre: Int, post: Int }

    public init(_ instance: Instance) {
        units = instance.units
        posts = instance.posts
        cadres = instance.cadres
        policy = instance.policy
        var forbid: [Pair: Int] = [:]
        for pin in instance.pins where pin.action == .forbid { forbid[Pair(cadre: pin.cadre, post: pin.post)] = pin.line }
        forbidLine = forbid
        scoreOf = { [instance] c, p in instance.scores[instance.pairKey(c, p)] ?? 0 }
        skillNames = instance.skillNames
    }

    // MARK: §4 derived quantities

    /// `age(c) = Y − birth_year`.
    public func age(_ c: Int) -> Int { policy.year - cadres[c].birthYear }

    /// `years_left(c) = retirement_age[gender] − age(c)`.
    public func yearsLeft(_ c: Int) -> Int {
        let retirement: Int
        switch cadres[c].gender {
        case .m: retirement = policy.retirementAge[.m] ?? 62
        case .f: retirement = policy.retirementAge[.f] ?? 60
        }
        return retirement - age(c)
    }

    /// A cadre with no years of service left retires: takes no post and is no release.
    public func isRetiring(_ c: Int) -> Bool { yearsLeft(c) <= 0 }

    /// Years in the current post, nil without one.
    public func tenure(_ c: Int) -> Int? {
        guard cadres[c].post != nil else { return nil }
        return policy.year - (cadres[c].since ?? policy.year)
    }

    /// The post's own `max_years`, else the policy's for its rank, else none.
    public func limit(post p: Int) -> Int? {
        if let own = posts[p].maxYears { return own }
        return policy.maxYears[posts[p].rank]
    }

    /// The holder has reached the limit of the post held and must leave the unit.
    public func mustLeave(_ c: Int) -> Bool {
        guard let q = cadres[c].post, let limit = limit(post: q), let tenure = tenure(c) else { return false }
        return tenure >= limit
    }

    /// `stay`, `within`, or by the levels of the two units `down`, `up` or `horizontal`.
    public func moveType(cadre c: Int, post p: Int) -> MoveType {
        let cadre = cadres[c], post = posts[p]
        if cadre.post == p { return .stay }
        if post.unit == cadre.unit { return .within }
        let from = units[cadre.unit].level, to = units[post.unit].level
        if to < from { return .down }
        if to > from { return .up }
        return .horizontal
    }

    /// c holds a post q, the type is not stay, and the blocks of p and q differ.
    public func isCrossBlock(cadre c: Int, post p: Int) -> Bool {
        guard let q = cadres[c].post, q != p else { return false }
        return posts[q].block != posts[p].block
    }

    /// c's home is not p's unit (a cadre from outside is non-local everywhere).
    public func isNonLocal(cadre c: Int, post p: Int) -> Bool { cadres[c].home != posts[p].unit }

    // MARK: §5 eligibility

    /// Each eligibility rule the pair breaks, with a sentence saying how; empty when eligible.
    public func broken(cadre c: Int, post p: Int) -> [(rule: RuleID, message: String)] {
        let cadre = cadres[c], post = posts[p]
        var out: [(RuleID, String)] = []
        let missing = post.skills.members.filter { !cadre.skills.contains($0) }
        if !missing.isEmpty {
            out.append((.E1, "\(cadre.id) lacks the skill(s) \(missing.map { skillNames[$0] }.joined(separator: ", ")) required by \(post.id)"))
        }
        if post.restricted && !isNonLocal(cadre: c, post: p) {
            out.append((.E2, "\(post.id) is reserved for non-locals and \(cadre.id) is local to \(units[post.unit].id)"))
        }
        if mustLeave(c) && post.unit == cadre.unit {
            out.append((.E3, "\(cadre.id) has held their post \(tenure(c) ?? 0) years (limit \(cadre.post.flatMap(limit(post:)) ?? 0)) and must leave \(units[cadre.unit].id)"))
        }
        let type = moveType(cadre: c, post: p)
        if type == .horizontal || type == .down || type == .up {
            let needed = mustLeave(c) || post.restricted ? policy.minYearsLeftExempt : policy.minYearsLeft
            if yearsLeft(c) < needed {
                out.append((.E4, "\(cadre.id) has \(yearsLeft(c)) years of service left; a move to another unit needs \(needed)"))
            }
        }
        if post.rank > cadre.grade {
            out.append((.E5, "rank \(post.rank.name) of \(post.id) is above the grade \(cadre.grade.name) of \(cadre.id)"))
        } else if !policy.allowDemotion, let q = cadre.post, post.rank < posts[q].rank {
            out.append((.E5, "rank \(post.rank.name) of \(post.id) is below the rank \(posts[q].rank.name) \(cadre.id) holds now"))
        }
        if units[post.unit].weak, post.rank == .head, let minimum = policy.weakMinRating, cadre.rating < minimum {
            out.append((.E6, "\(post.id) heads weak unit \(units[post.unit].id) and needs rating ≥ \(minimum); \(cadre.id) has \(cadre.rating)"))
        }
        if isRetiring(c) {
            out.append((.E7, "\(cadre.id) reaches retirement age by \(policy.year)"))
        } else if let line = forbidLine[Pair(cadre: c, post: p)] {
            out.append((.E7, "a forbid pin (pins.csv line \(line)) excludes \(cadre.id) from \(post.id)"))
        }
        // E8 (SPEC §11.3): a cadre who holds a post now and has held it fewer than min_years_in_post
        // years may take only that post.
        if let minimum = policy.minYearsInPost, let q = cadre.post, q != p, let years = tenure(c), years < minimum {
            out.append((.E8, "\(cadre.id) has held \(posts[q].id) for \(years) years, fewer than min_years_in_post \(minimum), and may take no other post"))
        }
        return out
    }

    // MARK: §7 objective

    /// The committee's score of the pair, 0 when none is given.
    public func score(cadre c: Int, post p: Int) -> Double { scoreOf(c, p) }

    /// `cost(c, p)` of SPEC §7, term by term.
    public func cost(cadre c: Int, post p: Int) -> Double {
        let w = policy.weights, post = posts[p]
        var cost: Double
        switch moveType(cadre: c, post: p) {
        case .stay: cost = 0
        case .within: cost = w.within
        case .horizontal: cost = w.horizontal
        case .down: cost = w.down
        case .up: cost = w.up
        }
        if isCrossBlock(cadre: c, post: p) { cost += w.crossBlock }
        if cadres[c].wants.contains(post.unit) { cost -= w.preference }
        if units[post.unit].weak && post.rank == .head { cost -= w.weakRating * Double(cadres[c].rating) / 100 }
        cost -= w.score * score(cadre: c, post: p)
        return cost
    }

    // MARK: §6 share targets

    /// Whether cadre c, holding post p, counts for a share target of kind `kind` (SPEC §11.2): a
    /// non-local for p, a woman, younger than `young_age` in the plan year, or from an ethnic minority.
    public func counts(_ kind: ShareKind, cadre c: Int, post p: Int) -> Bool {
        switch kind {
        case .nonLocal: return isNonLocal(cadre: c, post: p)
        case .female: return cadres[c].gender == .f
        case .young: return age(c) < policy.youngAge
        case .minority: return cadres[c].minority
        }
    }

    /// The posts a share target covers: every given filter keeps only posts with that value.
    public func posts(of target: ShareTarget) -> [Int] {
        posts.indices.filter { p in
            let post = posts[p]
            if let level = target.level, units[post.unit].level != level { return false }
            if let key = target.key, post.key != key { return false }
            if let rank = target.rank, post.rank != rank { return false }
            if let block = target.block, post.block != block { return false }
            return true
        }
    }
}
