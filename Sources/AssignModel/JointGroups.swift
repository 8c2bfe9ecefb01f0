/// The joint groups of an instance (SPEC §11.1), kept beside the grouped instance the solver works on.
///
/// A joint group (posts with one non-empty `joint` value) is held by one cadre and behaves as one
/// post. The solving side reads it that way: `Instance.grouped()` makes each group one post of a new
/// instance (rank the highest, block the first post's, restricted if any is, skills the union, limit
/// the smallest of its posts' limits, scores summed), and this layout remembers the posts behind each
/// group, so that share targets count posts (`Instance.shareWeight`) and the plan lists every post
/// (`PlanSolver.makePlan`). The independent checker does not use it: `PlainReading` reads the groups
/// from posts.csv itself.
public final class JointLayout: Sendable {
    /// Every post of posts.csv, in file order.
    public let posts: [Post]
    /// The posts of each group (indices into `posts`), in posts.csv order; group g is post g of the grouped instance.
    public let members: [[Int]]
    /// The group of each post of `posts`.
    public let groupOf: [Int]
    /// The posts each cadre lists in cadres.csv `post` (indices into `posts`), in posts.csv order.
    public let listed: [[Int]]

    init(posts: [Post], members: [[Int]], groupOf: [Int], listed: [[Int]]) {
        self.posts = posts
        self.members = members
        self.groupOf = groupOf
        self.listed = listed
    }

    /// The `joint` value of group g; empty for a group of one.
    public func name(_ g: Int) -> String { posts[members[g][0]].joint }
}

extension Instance {
    /// Whether the instance as read has joint posts (a non-empty `joint`, SPEC §11.1) and is not grouped yet.
    public var hasJointPosts: Bool { joint == nil && posts.contains { !$0.joint.isEmpty } }

    /// The instance the solver works on: each joint group one post (SPEC §11.1); `self` when there
    /// are no joint posts, or when already grouped.
    ///
    /// Group g's post has the id, unit, block, key and line of its first post (posts.csv order), the
    /// highest rank, restricted if any post is, the union of the skills, `maxYears` the smallest limit
    /// of its posts (each by its own `max_years` and rank), and the titles joined by " + ". A cadre
    /// holds the group of the posts it lists, with the highest of their ranks and the block of the
    /// first as what it holds now; pins name the group of their post (a pin repeated on two posts of
    /// one group counts once); a pair's score is the sum over the group's posts.
    public func grouped() -> Instance {
        guard hasJointPosts else { return self }
        var members: [[Int]] = []
        var groupOf = [Int](repeating: -1, count: posts.count)
        var byName: [String: Int] = [:]
        for (p, post) in posts.enumerated() {
            if !post.joint.isEmpty, let g = byName[post.joint] {
                members[g].append(p)
                groupOf[p] = g
                continue
            }
            groupOf[p] = members.count
            if !post.joint.isEmpty { byName[post.joint] = members.count }
            members.append([p])
        }
        let groupPosts: [Post] = members.map { m in
            var q = posts[m[0]]
            guard m.count > 1 else { return q }
            q.rank = m.map { posts[$0].rank }.max()!
            q.restricted = m.contains { posts[$0].restricted }
            q.skills = SkillSet(m.flatMap { posts[$0].skills.members })
            q.maxYears = m.compactMap { limit(post: $0) }.min()
            q.title = m.map { posts[$0].title }.joined(separator: " + ")
            return q
        }
        var listed: [[Int]] = []
        let groupCadres: [Cadre] = cadres.map { cadre in
            var c = cadre
            guard let p = cadre.post else { listed.append([]); return c }
            let mine = cadre.heldPosts.sorted()
            listed.append(mine)
            let g = groupOf[p]
            c.post = g
            c.alsoHolds = []
            let rank = mine.map { posts[$0].rank }.max()!
            c.rankNow = rank == groupPosts[g].rank ? nil : rank
            c.blockNow = posts[mine[0]].block == groupPosts[g].block ? nil : posts[mine[0]].block
            return c
        }
        var groupPins: [Pin] = []
        var seen = Set<[Int]>()
        for pin in pins {
            let g = groupOf[pin.post]
            if seen.insert([pin.cadre, g, pin.action == .fix ? 1 : 0]).inserted {
                groupPins.append(Pin(cadre: pin.cadre, post: g, action: pin.action, line: pin.line))
            }
        }
        // Summed in key order, so that the same files give the same sums to the last bit.
        var groupScores: [Int: Double] = [:]
        for key in scores.keys.sorted() {
            let c = key / posts.count, p = key % posts.count
            groupScores[c * groupPosts.count + groupOf[p], default: 0] += scores[key]!
        }
        var out = Instance(units: units, posts: groupPosts, cadres: groupCadres, pins: groupPins, scores: groupScores,
                           policy: policy, skillNames: skillNames, relations: relations)
        out.joint = JointLayout(posts: posts, members: members, groupOf: groupOf, listed: listed)
        return out
    }

    /// How many posts behind post p a share target counts (SPEC §11.2 with §11.1: C4 counts posts,
    /// its filters read each post's own row): on a grouped instance the posts of group p that match
    /// the filters, else 1 or 0.
    public func shareWeight(_ target: ShareTarget, post p: Int) -> Int {
        guard let joint else { return target.matches(posts[p], in: self) ? 1 : 0 }
        return joint.members[p].reduce(0) { $0 + (target.matches(joint.posts[$1], in: self) ? 1 : 0) }
    }

    /// The posts behind post p, in posts.csv order: its group's posts on a grouped instance, else p itself.
    public func postsBehind(_ p: Int) -> [Post] {
        guard let joint else { return [posts[p]] }
        return joint.members[p].map { joint.posts[$0] }
    }
}
