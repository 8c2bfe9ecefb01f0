import Foundation

/// Administrative level of a unit, ordered from low (commune) to high (province).
public enum Level: Int, Comparable, CaseIterable, Sendable {
    case commune = 0
    case district = 1
    case province = 2

    /// The spelling used in the instance files.
    public var name: String {
        switch self {
        case .commune: return "commune"
        case .district: return "district"
        case .province: return "province"
        }
    }

    public init?(name: String) {
        guard let level = Level.allCases.first(where: { $0.name == name }) else { return nil }
        self = level
    }

    public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
}

/// Rank of a post or grade of a cadre: `member < deputy < head`.
public enum Rank: Int, Comparable, CaseIterable, Sendable {
    case member = 0
    case deputy = 1
    case head = 2

    /// The spelling used in the instance files.
    public var name: String {
        switch self {
        case .member: return "member"
        case .deputy: return "deputy"
        case .head: return "head"
        }
    }

    public init?(name: String) {
        guard let rank = Rank.allCases.first(where: { $0.name == name }) else { return nil }
        self = rank
    }

    public static func < (a: Rank, b: Rank) -> Bool { a.rawValue < b.rawValue }
}

/// Political block of a post: party, state, or the Front and mass organisations.
public enum Block: String, CaseIterable, Sendable {
    case party, state, front
}

/// Gender as it matters for the retirement age.
public enum Gender: String, CaseIterable, Sendable {
    case m, f
}

/// How a cadre reaches a post (SPEC §4).
public enum MoveType: String, CaseIterable, Sendable {
    case stay, within, horizontal, down, up

    /// Position in `allCases` (0 stay, 1 within, 2 horizontal, 3 down, 4 up), for tables indexed by type.
    @inline(__always)
    public var index: Int {
        switch self {
        case .stay: return 0
        case .within: return 1
        case .horizontal: return 2
        case .down: return 3
        case .up: return 4
        }
    }

    /// Move types that may carry a quota in `min_moves`.
    public static let quotaTypes: [MoveType] = [.within, .horizontal, .down, .up]
}

/// A commune, ward or town, or an agency at district or province level.
public struct Unit: Sendable {
    public var id: String
    public var name: String
    public var level: Level
    public var weak: Bool
    /// Line in units.csv, for messages.
    public var line: Int
}

/// One chair to fill: a title in a unit.
public struct Post: Sendable {
    public var id: String
    /// Index into `Instance.units`.
    public var unit: Int
    public var title: String
    public var rank: Rank
    public var block: Block
    public var key: Bool
    public var restricted: Bool
    public var skills: SkillSet
    /// Overrides the policy's tenure limit for this post.
    public var maxYears: Int?
    public var line: Int
    /// The joint group (posts.csv `joint`, SPEC §11.1); empty: a group of one.
    public var joint: String = ""
}

/// A person who can hold a post.
public struct Cadre: Sendable {
    public var id: String
    public var name: String
    public var gender: Gender
    public var birthYear: Int
    /// Index into `Instance.units` of the commune the cadre is local to; nil = local nowhere.
    public var home: Int?
    /// Index into `Instance.units` of the unit the cadre works in now.
    public var unit: Int
    /// Index into `Instance.posts` of the post held now.
    public var post: Int?
    public var since: Int?
    public var grade: Rank
    public var skills: SkillSet
    public var rating: Int
    /// Unit indices the cadre would welcome, sorted.
    public var wants: [Int]
    public var line: Int
    /// Ethnic-minority cadre (cadres.csv `minority`, SPEC §11.2; default false).
    public var minority: Bool = false
    /// The other posts of a joint group the cadre lists in cadres.csv `post` (SPEC §11.1), in
    /// posts.csv order after `post`, which is the first of them. Empty on the solving side's grouped instance.
    public var alsoHolds: [Int] = []
    /// The rank and block the cadre holds now when they differ from those of `post` (on the grouped
    /// instance of SPEC §11.1: the highest rank of the posts it lists, the block of the first); nil otherwise.
    public var rankNow: Rank?
    public var blockNow: Block?

    /// Every post the cadre lists now: `post`, then `alsoHolds` (empty without a post).
    public var heldPosts: [Int] { post.map { [$0] + alsoHolds } ?? [] }
}

/// A committee's pin on a pair.
public enum PinAction: String, Sendable {
    case fix, forbid
}

/// A row of relations.csv (SPEC §11.4): two cadres who may not both hold posts in one unit (C8).
public struct Relation: Sendable {
    public var cadre: Int
    public var other: Int
    /// Free text shown in reasons ("siblings"); empty when not given.
    public var kind: String
    public var line: Int

    public init(cadre: Int, other: Int, kind: String = "", line: Int) {
        self.cadre = cadre
        self.other = other
        self.kind = kind
        self.line = line
    }
}

/// A row of pins.csv, resolved to indices.
public struct Pin: Sendable {
    public var cadre: Int
    public var post: Int
    public var action: PinAction
    public var line: Int

    public init(cadre: Int, post: Int, action: PinAction, line: Int) {
        self.cadre = cadre
        self.post = post
        self.action = action
        self.line = line
    }

    /// Where a pin was given, as a person reads it: pins.csv and its line, or, for line 0, the
    /// command line (`solve --fix` / `--forbid`).
    public static func place(line: Int, action: PinAction) -> String {
        line > 0 ? tr("pin.file", ["line": String(line)]) : tr("pin.commandLine", ["option": "--\(action.rawValue)"])
    }
}

/// An exact non-negative decimal fraction, so that `ceil(min × n)` is computed without rounding error.
public struct Fraction: Sendable, Equatable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int

    public init(numerator: Int, denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Parses a plain decimal such as `0.5`, `1`, `.25` or `1e-1`; nil if it is not one.
    public init?(decimal text: String) {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        if s.hasPrefix("+") { s = s.dropFirst() }
        guard !s.isEmpty, !s.hasPrefix("-") else { return nil }
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let ex = Int(s[s.index(after: e)...]), abs(ex) < 12 else { return nil }
            exponent = ex
            s = s[..<e]
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        let whole = String(parts[0])
        let frac = parts.count == 2 ? String(parts[1]) : ""
        guard !(whole.isEmpty && frac.isEmpty),
              (whole + frac).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // Keep the numbers small enough that later products cannot overflow.
        let digits = (whole + frac).drop(while: { $0 == "0" })
        guard digits.count <= 12, frac.count <= 12 else { return nil }
        var num = Int(digits.isEmpty ? "0" : String(digits))!
        var den = 1
        // Scale by powers of ten, refusing anything that would overflow.
        func times10(_ x: inout Int, _ k: Int) -> Bool {
            for _ in 0..<k {
                let (r, o) = x.multipliedReportingOverflow(by: 10)
                if o || r >= 1 << 52 { return false }
                x = r
            }
            return true
        }
        guard times10(&den, frac.count) else { return nil }
        if exponent > 0 {
            guard times10(&num, exponent) else { return nil }
        } else if exponent < 0 {
            guard times10(&den, -exponent) else { return nil }
        }
        let g = Fraction.gcd(num, den)
        self.numerator = num / g
        self.denominator = den / g
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }

    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    /// `ceil(self × n)`, exactly.
    public func ceilTimes(_ n: Int) -> Int {
        let product = numerator * n
        return (product + denominator - 1) / denominator
    }

    public var description: String {
        "\(doubleValue)"
    }
}

/// What the holder of a counted post must be for a share target (SPEC §11.2 `of`).
public enum ShareKind: String, Sendable, CaseIterable {
    case nonLocal = "non_local", female, young, minority

    /// The holder in a planner's words: "a non-local", "a woman"…
    public var holder: String {
        switch self {
        case .nonLocal: return tr("holder.nonLocal")
        case .female: return tr("holder.female")
        case .young: return tr("holder.young")
        case .minority: return tr("holder.minority")
        }
    }

    /// The target's name in a planner's words: "non-local share", "women's share"…
    public var shareName: String {
        switch self {
        case .nonLocal: return tr("share.nonLocal")
        case .female: return tr("share.female")
        case .young: return tr("share.young")
        case .minority: return tr("share.minority")
        }
    }
}

/// A share target (SPEC §6 C4, §11.2): among the posts its filters keep, at least `need` are held by
/// a cadre of kind `of` — over all of them, or in each unit separately (`perUnit`).
public struct ShareTarget: Sendable {
    public var of: ShareKind = .nonLocal
    public var level: Level?
    public var key: Bool?
    public var rank: Rank?
    public var block: Block?
    /// The share (`min`), unless `atLeast` gives a number of posts instead.
    public var min: Fraction
    public var atLeast: Int?
    public var perUnit = false
    /// Line of the entry in policy.yaml.
    public var line: Int
    /// Where it is written: `non_local_share[1]` or `shares[2]` (the key a suggestion changes).
    public var name = ""

    public init(of: ShareKind = .nonLocal, level: Level? = nil, key: Bool? = nil, rank: Rank? = nil, block: Block? = nil,
                min: Fraction, atLeast: Int? = nil, perUnit: Bool = false, line: Int = 0, name: String = "") {
        self.of = of
        self.level = level
        self.key = key
        self.rank = rank
        self.block = block
        self.min = min
        self.atLeast = atLeast
        self.perUnit = perUnit
        self.line = line
        self.name = name
    }

    /// Whether post `p` of `instance` matches every given filter.
    public func matches(_ p: Post, in instance: Instance) -> Bool {
        if let level, instance.units[p.unit].level != level { return false }
        if let key, p.key != key { return false }
        if let rank, p.rank != rank { return false }
        if let block, p.block != block { return false }
        return true
    }

    /// The posts of `instance` the target covers (S), in file order — the solving side's reading.
    /// On a grouped instance (SPEC §11.1) the groups with a post in S; `size` counts their posts.
    public func posts(in instance: Instance) -> [Int] {
        instance.posts.indices.filter { instance.shareWeight(self, post: $0) > 0 }
    }

    /// |S| of a set of the instance's posts: the posts of S behind them (on a grouped instance a
    /// group can count for several).
    public func size(_ set: [Int], in instance: Instance) -> Int {
        instance.joint == nil ? set.count : set.reduce(0) { $0 + instance.shareWeight(self, post: $1) }
    }

    /// The groups of posts whose need is counted separately: all of `set`, or with `perUnit` the
    /// posts of each unit that has some, by unit index.
    public func groups(_ set: [Int], in instance: Instance) -> [[Int]] {
        perUnit ? Dictionary(grouping: set) { instance.posts[$0].unit }.sorted { $0.key < $1.key }.map(\.value) : [set]
    }

    /// Posts held by a qualifying cadre needed among `posts` posts: `at_least`, or `ceil(min × posts)`.
    public func need(posts: Int) -> Int { atLeast ?? min.ceilTimes(posts) }

    /// Whether two targets count the same posts the same way (a target listed twice).
    public func sameSet(as other: ShareTarget) -> Bool {
        of == other.of && level == other.level && key == other.key && rank == other.rank && block == other.block
            && perUnit == other.perUnit
    }

    /// A short human label such as `level=commune, key=true, min=0.5` (`of=female, …, per_unit` for §11.2 targets).
    public var label: String {
        var parts: [String] = []
        if of != .nonLocal { parts.append("of=\(of.rawValue)") }
        if let level { parts.append("level=\(level.name)") }
        if let key { parts.append("key=\(key)") }
        if let rank { parts.append("rank=\(rank.name)") }
        if let block { parts.append("block=\(block.rawValue)") }
        if let atLeast { parts.append("at_least=\(atLeast)") } else { parts.append("min=\(min.doubleValue)") }
        if perUnit { parts.append("per_unit") }
        return parts.joined(separator: ", ")
    }
}

/// Objective weights (SPEC §7).
public struct Weights: Sendable, Equatable {
    public var within: Double = 40
    public var horizontal: Double = 100
    public var down: Double = 100
    public var up: Double = 100
    public var crossBlock: Double = 20
    public var release: Double = 500
    public var preference: Double = 15
    public var weakRating: Double = 20
    public var score: Double = 1

    public init() {}

    /// Base cost of a move type.
    public func base(_ type: MoveType) -> Double {
        switch type {
        case .stay: return 0
        case .within: return within
        case .horizontal: return horizontal
        case .down: return down
        case .up: return up
        }
    }

    /// The policy.yaml keys, in documentation order.
    public static let keys = ["within", "horizontal", "down", "up", "cross_block", "release",
                              "preference", "weak_rating", "score"]

    /// Reads or writes a weight by its policy.yaml key.
    public subscript(key: String) -> Double? {
        get {
            switch key {
            case "within": return within
            case "horizontal": return horizontal
            case "down": return down
            case "up": return up
            case "cross_block": return crossBlock
            case "release": return release
            case "preference": return preference
            case "weak_rating": return weakRating
            case "score": return score
            default: return nil
            }
        }
        set {
            guard let v = newValue else { return }
            switch key {
            case "within": within = v
            case "horizontal": horizontal = v
            case "down": down = v
            case "up": up = v
            case "cross_block": crossBlock = v
            case "release": release = v
            case "preference": preference = v
            case "weak_rating": weakRating = v
            case "score": score = v
            default: break
            }
        }
    }
}

/// The planning policy of policy.yaml, with SPEC §3 defaults applied.
public struct Policy: Sendable {
    public var year: Int
    public var retirementAge: [Gender: Int] = [.m: 62, .f: 60]
    /// Tenure limits per rank; a rank absent from the map has no limit.
    public var maxYears: [Rank: Int] = [.head: 8, .deputy: 5]
    public var minYearsLeft: Int = 10
    public var minYearsLeftExempt: Int = 5
    /// E8 (SPEC §11.3): years a cadre must have held the current post before taking another; nil: no rule.
    public var minYearsInPost: Int?
    public var allowDemotion: Bool = false
    public var weakMinRating: Int?
    /// Every share target (C4): the `non_local_share` entries, then the `shares` entries (SPEC §11.2).
    public var shareTargets: [ShareTarget] = []
    /// Age below which a cadre counts as young for share targets (`young_age`, default 40).
    public var youngAge = 40
    public var maxArrivalsPerUnit: Int?
    public var maxMoves: Int?
    public var minMoves: [MoveType: Int] = [:]
    public var weights = Weights()
    /// The phases of a phased plan (SPEC §11.5), years strictly increasing; empty: one phase in `year`.
    public var phases: [Phase] = []

    public init(year: Int) {
        self.year = year
    }

    /// Whether the policy asks for a phased plan (`phases`, SPEC §11.5).
    public var isPhased: Bool { !phases.isEmpty }
}

/// One phase of a phased plan (SPEC §11.5): its year, and the caps, quotas and share targets that
/// hold at that phase (the policy's own caps and quotas bound the totals, its targets the last phase).
public struct Phase: Sendable {
    public var year: Int
    /// Moves and releases made at this phase (C6 of the phase).
    public var maxMoves: Int?
    /// Arrivals in each unit at this phase (C5 of the phase).
    public var maxArrivalsPerUnit: Int?
    /// Moves of each type made at this phase (C7 of the phase).
    public var minMoves: [MoveType: Int] = [:]
    /// Share targets among the holders at this phase, ages in `year` (C4 of the phase).
    public var shareTargets: [ShareTarget] = []
    /// Line of the entry in policy.yaml.
    public var line: Int
    /// Where it is written: `phases[2]`.
    public var name: String

    public init(year: Int, line: Int = 0, name: String = "") {
        self.year = year
        self.line = line
        self.name = name
    }
}

/// A whole instance: units, posts, cadres, pins, scores and policy, with ids resolved to indices.
///
/// Every array is in file order; that order is the tie-breaking order everywhere.
public struct Instance: Sendable {
    // The data, and below it the lookups derived from it. Every change to the data goes through an
    // accessor that rebuilds the lookups, so they are never stale.
    @usableFromInline var _units: [Unit]
    @usableFromInline var _posts: [Post]
    @usableFromInline var _cadres: [Cadre]
    @usableFromInline var _pins: [Pin]
    @usableFromInline var _scores: [Int: Double]

    public var units: [Unit] {
        @inlinable get { _units }
        _modify { yield &_units; reindex() }
    }
    public var posts: [Post] {
        @inlinable get { _posts }
        _modify { yield &_posts; reindex() }
    }
    public var cadres: [Cadre] {
        @inlinable get { _cadres }
        _modify { yield &_cadres; reindex() }
    }
    public var pins: [Pin] {
        @inlinable get { _pins }
        _modify { yield &_pins; reindex() }
    }
    /// Committee fit scores keyed by `pairKey(cadre, post)`.
    public var scores: [Int: Double] {
        @inlinable get { _scores }
        _modify { yield &_scores; reindex() }
    }
    public var policy: Policy
    /// Pairs of relatives (relations.csv, rule C8), in file order.
    public var relations: [Relation] = []
    /// On the grouped instance the solver works on (`grouped()`, SPEC §11.1): the posts behind each
    /// of its posts. Nil on an instance as read.
    public var joint: JointLayout?
    /// Skill tag names; `SkillSet` bits index this array.
    public var skillNames: [String]

    public private(set) var unitIndex: [String: Int] = [:]
    public private(set) var postIndex: [String: Int] = [:]
    public private(set) var cadreIndex: [String: Int] = [:]
    /// Pairs named by a `forbid` pin, as `pairKey`.
    public private(set) var forbidden: Set<Int> = []
    /// Whether cadre c is named by any `forbid` pin: E7 hashes a pair only for those (a forbid pin
    /// made every pair of a 3,000-post instance pay a hash lookup, 8 % of a re-solve).
    public private(set) var forbidsCadre: [Bool] = []
    /// Post holder now: `holder[p]` is the cadre index holding post p, if any.
    public private(set) var holder: [Int?] = []
    /// Flat copies of the fields the rules read; see `RuleTables`.
    public private(set) var tables = RuleTables(units: [], posts: [], cadres: [])

    public init(units: [Unit], posts: [Post], cadres: [Cadre], pins: [Pin], scores: [Int: Double],
                policy: Policy, skillNames: [String], relations: [Relation] = []) {
        self.relations = relations
        _units = units
        _posts = posts
        _cadres = cadres
        _pins = pins
        _scores = scores
        self.policy = policy
        self.skillNames = skillNames
        reindex()
    }

    /// Rebuilds the id maps and derived lookups; every change to units, posts, cadres, pins or
    /// scores calls it (many changes at once: build the arrays first, then one `Instance`).
    @usableFromInline mutating func reindex() {
        unitIndex = Dictionary(units.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        postIndex = Dictionary(posts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        cadreIndex = Dictionary(cadres.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        forbidden = Set(pins.filter { $0.action == .forbid }.map { pairKey($0.cadre, $0.post) })
        forbidsCadre = Array(repeating: false, count: cadres.count)
        for pin in pins where pin.action == .forbid && cadres.indices.contains(pin.cadre) { forbidsCadre[pin.cadre] = true }
        holder = Array(repeating: nil, count: posts.count)
        for (c, cadre) in cadres.enumerated() {
            for p in cadre.heldPosts where holder[p] == nil { holder[p] = c }
        }
        tables = RuleTables(units: units, posts: posts, cadres: cadres)
    }

    /// Appends a cadre and updates the lookups (cheaper than `reindex()` for one cadre).
    public mutating func appendCadre(_ cadre: Cadre) {
        let c = _cadres.count
        _cadres.append(cadre)
        if cadreIndex[cadre.id] == nil { cadreIndex[cadre.id] = c }
        for p in cadre.heldPosts where holder[p] == nil { holder[p] = c }
        forbidsCadre.append(false)
        tables.append(cadre, posts: _posts)
    }

    /// A single integer naming the pair (cadre, post).
    @inline(__always)
    public func pairKey(_ cadre: Int, _ post: Int) -> Int { cadre &* posts.count &+ post }
}
