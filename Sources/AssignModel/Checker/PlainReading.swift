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
    /// The joint group of each post (SPEC §11.1), numbered by first post in posts.csv order.
    public let groupOf: [Int]
    /// The posts of each group, in posts.csv order.
    public let groups: [[Int]]

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
        // SPEC §11.1: posts with one non-empty `joint` value form a group; an empty one is a group of one.
        var groupOf: [Int] = [], groups: [[Int]] = [], named: [String: Int] = [:]
        for (p, post) in instance.posts.enumerated() {
            if !post.joint.isEmpty, let g = named[post.joint] {
                groupOf.append(g)
                groups[g].append(p)
            } else {
                if !post.joint.isEmpty { named[post.joint] = groups.count }
                groupOf.append(groups.count)
                groups.append([p])
            }
        }
        self.groupOf = groupOf
        self.groups = groups
    }

    // MARK: §11.1 joint groups: a group behaves as one post

    /// The posts of p's group (p alone when it has no `joint`).
    public func group(of p: Int) -> [Int] { groups[groupOf[p]] }

    /// The highest rank of the group's posts.
    public func rank(of p: Int) -> Rank { group(of: p).map { posts[$0].rank }.max()! }

    /// The block of the group's first post.
    public func block(of p: Int) -> Block { posts[group(of: p)[0]].block }

    /// Whether any post of the group is reserved for non-locals.
    public func isRestricted(_ p: Int) -> Bool { group(of: p).contains { posts[$0].restricted } }

    /// The skills any post of the group requires.
    public func skills(of p: Int) -> [Int] { Array(Set(group(of: p).flatMap { posts[$0].skills.members })).sorted() }

    /// The posts cadre c lists now (cadres.csv `post`), in posts.csv order.
    public func held(_ c: Int) -> [Int] { cadres[c].heldPosts.sorted() }

    /// The rank c holds now: the highest of the posts it lists.
    public func rankNow(_ c: Int) -> Rank? { held(c).map { posts[$0].rank }.max() }

    /// The block c holds now: that of the first post it lists in posts.csv order.
    public func blockNow(_ c: Int) -> Block? { held(c).first.map { posts[$0].block } }

    /// Whether c holds p's group now (holds any of its posts).
    public func holdsGroup(cadre c: Int, post p: Int) -> Bool { held(c).contains { groupOf[$0] == groupOf[p] } }

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

    /// The limit of p's group: the smallest over its posts of each post's own `max_years`, else the
    /// policy's for that post's own rank; none if none of them has one.
    public func limit(post p: Int) -> Int? {
        group(of: p).compactMap { q in posts[q].maxYears ?? policy.maxYears[posts[q].rank] }.min()
    }

    /// The holder has reached the limit of the post held and must leave the unit.
    public func mustLeave(_ c: Int) -> Bool {
        guard let q = cadres[c].post, let limit = limit(post: q), let tenure = tenure(c) else { return false }
        return tenure >= limit
    }

    /// `stay` (c holds p's group now), `within`, or by the levels of the two units `down`, `up` or `horizontal`.
    public func moveType(cadre c: Int, post p: Int) -> MoveType {
        let cadre = cadres[c], post = posts[p]
        if holdsGroup(cadre: c, post: p) { return .stay }
        if post.unit == cadre.unit { return .within }
        let from = units[cadre.unit].level, to = units[post.unit].level
        if to < from { return .down }
        if to > from { return .up }
        return .horizontal
    }

    /// c holds a post now, the type is not stay, and the block of p's group differs from c's current block.
    public func isCrossBlock(cadre c: Int, post p: Int) -> Bool {
        guard let now = blockNow(c), !holdsGroup(cadre: c, post: p) else { return false }
        return now != block(of: p)
    }

    /// c's home is not p's unit (a cadre from outside is non-local everywhere).
    public func isNonLocal(cadre c: Int, post p: Int) -> Bool { cadres[c].home != posts[p].unit }

    // MARK: §5 eligibility

    /// Each eligibility rule the pair (c, p's group) breaks, with a sentence saying how; empty when eligible.
    public func broken(cadre c: Int, post p: Int) -> [(rule: RuleID, message: String)] {
        let cadre = cadres[c], post = posts[p]
        var out: [(RuleID, String)] = []
        let missing = skills(of: p).filter { !cadre.skills.contains($0) }
        if !missing.isEmpty {
            out.append((.E1, tr("explain.E1", ["cadre": cadre.id, "skills": missing.map { skillNames[$0] }.joined(separator: ", "), "post": post.id])))
        }
        if isRestricted(p) && !isNonLocal(cadre: c, post: p) {
            out.append((.E2, tr("explain.E2", ["post": post.id, "cadre": cadre.id, "unit": units[post.unit].id])))
        }
        if mustLeave(c) && post.unit == cadre.unit {
            out.append((.E3, tr("explain.E3", ["cadre": cadre.id, "tenure": String(tenure(c) ?? 0),
                                               "limit": String(cadre.post.flatMap(limit(post:)) ?? 0), "unit": units[cadre.unit].id])))
        }
        let type = moveType(cadre: c, post: p)
        if type == .horizontal || type == .down || type == .up {
            let needed = mustLeave(c) || isRestricted(p) ? policy.minYearsLeftExempt : policy.minYearsLeft
            if yearsLeft(c) < needed {
                out.append((.E4, tr("check.E4", ["cadre": cadre.id, "left": String(yearsLeft(c)), "needed": String(needed)])))
            }
        }
        let rank = rank(of: p)
        if rank > cadre.grade {
            out.append((.E5, tr("check.E5.above", ["rank": rank.label, "post": post.id, "grade": cadre.grade.label, "cadre": cadre.id])))
        } else if !policy.allowDemotion, let now = rankNow(c), rank < now {
            out.append((.E5, tr("check.E5.below", ["rank": rank.label, "post": post.id, "now": now.label, "cadre": cadre.id])))
        }
        if units[post.unit].weak, rank == .head, let minimum = policy.weakMinRating, cadre.rating < minimum {
            out.append((.E6, tr("explain.E6", ["post": post.id, "unit": units[post.unit].id, "minimum": String(minimum), "cadre": cadre.id,
                                               "rating": String(cadre.rating)])))
        }
        if isRetiring(c) {
            out.append((.E7, tr("explain.E7.retiring", ["cadre": cadre.id, "year": String(policy.year)])))
        } else if let line = group(of: p).lazy.compactMap({ self.forbidLine[Pair(cadre: c, post: $0)] }).first {
            out.append((.E7, tr("check.E7.forbid", ["where": Pin.place(line: line, action: .forbid), "cadre": cadre.id, "post": post.id])))
        }
        // E8 (SPEC §11.3): a cadre who holds a post now and has held it fewer than min_years_in_post
        // years may take only that post.
        if let minimum = policy.minYearsInPost, let q = cadre.post, !holdsGroup(cadre: c, post: p), let years = tenure(c), years < minimum {
            out.append((.E8, tr("check.E8", ["cadre": cadre.id, "post": posts[q].id, "years": String(years), "minimum": String(minimum)])))
        }
        return out
    }

    // MARK: §7 objective

    /// The committee's score of the pair, 0 when none is given.
    public func score(cadre c: Int, post p: Int) -> Double { scoreOf(c, p) }

    /// `cost(c, p)` of SPEC §7 for p's group, term by term (the score summed over the group's posts, §11.1).
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
        if units[post.unit].weak && rank(of: p) == .head { cost -= w.weakRating * Double(cadres[c].rating) / 100 }
        cost -= w.score * group(of: p).reduce(0) { $0 + score(cadre: c, post: $1) }
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
