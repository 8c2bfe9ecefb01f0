/// The instance's fields that the rules read, as flat arrays of plain numbers.
///
/// Eligibility (E1–E8) and costs run once per cadre × post pair — tens of millions of times on a
/// province. Reading them from `Cadre` and `Post` values would copy strings and arrays (reference
/// counting on every access); these tables hold only what the rules need, with skill sets
/// flattened into `words` 64-bit words per cadre or post. Rebuilt by `Instance` whenever its data changes.
public struct RuleTables: Sendable {
    public let words: Int
    public private(set) var cadreSkills: [UInt64]
    public let postSkills: [UInt64]
    public private(set) var cadreHome: [Int32]
    public private(set) var cadreUnit: [Int32]
    public private(set) var cadrePost: [Int32]
    /// Block of what the cadre holds now (`Block.allCases` index; `Cadre.blockNow`, else its post's); 0 without a post.
    public private(set) var cadreBlock: [UInt8]
    public private(set) var cadreGrade: [UInt8]
    public private(set) var cadreRating: [Int32]
    public let postUnit: [Int32]
    public let postRank: [UInt8]
    public let postRestricted: [Bool]
    public let postBlock: [UInt8]
    public let unitLevel: [Int8]
    public let unitWeak: [Bool]
    /// Wanted units of cadre c: `wantsUnit[wantsStart[c]..<wantsStart[c+1]]`.
    public private(set) var wantsStart: [Int32]
    public private(set) var wantsUnit: [Int32]

    init(units: [Unit], posts: [Post], cadres: [Cadre]) {
        let words = max(1, (cadres.map(\.skills.words.count) + posts.map(\.skills.words.count)).max() ?? 1)
        self.words = words
        func flatten(_ sets: [SkillSet]) -> [UInt64] {
            var out = [UInt64](repeating: 0, count: sets.count * words)
            for (i, s) in sets.enumerated() { for (w, x) in s.words.enumerated() { out[i * words + w] = x } }
            return out
        }
        cadreSkills = flatten(cadres.map(\.skills))
        postSkills = flatten(posts.map(\.skills))
        cadreHome = cadres.map { Int32($0.home ?? -1) }
        cadreUnit = cadres.map { Int32($0.unit) }
        cadrePost = cadres.map { Int32($0.post ?? -1) }
        cadreBlock = cadres.map { Self.blockNow($0, posts) }
        cadreGrade = cadres.map { UInt8($0.grade.rawValue) }
        cadreRating = cadres.map { Int32($0.rating) }
        postUnit = posts.map { Int32($0.unit) }
        postRank = posts.map { UInt8($0.rank.rawValue) }
        postRestricted = posts.map(\.restricted)
        postBlock = posts.map { Self.index($0.block) }
        unitLevel = units.map { Int8($0.level.rawValue) }
        unitWeak = units.map(\.weak)
        var start: [Int32] = [0]
        var wanted: [Int32] = []
        for c in cadres {
            wanted.append(contentsOf: c.wants.map(Int32.init))
            start.append(Int32(wanted.count))
        }
        wantsStart = start
        wantsUnit = wanted
    }

    /// Adds one cadre's row (its skill set must fit in `words` words).
    mutating func append(_ c: Cadre, posts: [Post]) {
        var w = c.skills.words
        precondition(w.count <= words || w[words...].allSatisfy { $0 == 0 }, "a new skill tag needs reindex()")
        w = Array(w.prefix(words)) + Array(repeating: 0, count: max(0, words - w.count))
        cadreSkills.append(contentsOf: w)
        cadreHome.append(Int32(c.home ?? -1))
        cadreUnit.append(Int32(c.unit))
        cadrePost.append(Int32(c.post ?? -1))
        cadreBlock.append(Self.blockNow(c, posts))
        cadreGrade.append(UInt8(c.grade.rawValue))
        cadreRating.append(Int32(c.rating))
        wantsUnit.append(contentsOf: c.wants.map(Int32.init))
        wantsStart.append(Int32(wantsUnit.count))
    }

    /// A block's position in `Block.allCases`.
    static func index(_ block: Block) -> UInt8 { UInt8(Block.allCases.firstIndex(of: block)!) }

    /// The `cadreBlock` entry of cadre c: its `blockNow`, else its post's block; 0 without a post.
    static func blockNow(_ c: Cadre, _ posts: [Post]) -> UInt8 {
        (c.blockNow ?? c.post.map { posts[$0].block }).map(index) ?? 0
    }

    /// E1: every skill of post p is among cadre c's.
    @inline(__always)
    public func hasSkills(cadre c: Int, post p: Int) -> Bool {
        let a = p * words, b = c * words
        for w in 0..<words where postSkills[a + w] & ~cadreSkills[b + w] != 0 { return false }
        return true
    }

    /// Whether cadre c wants unit u.
    @inline(__always)
    public func wants(cadre c: Int, unit u: Int32) -> Bool {
        for k in Int(wantsStart[c])..<Int(wantsStart[c + 1]) where wantsUnit[k] == u { return true }
        return false
    }
}
