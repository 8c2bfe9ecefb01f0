import Foundation

/// A deterministic synthetic instance of a province after mid-2025 (communes and province
/// agencies, no district level), built together with a witness plan that keeps every rule, so
/// the instance is feasible by construction.
///
/// The same arguments give byte-identical files on every run and machine: all randomness comes
/// from one `SplitMix64` stream seeded with `seed`, drawn in a fixed order, using only integer
/// arithmetic and exact IEEE additions and multiplications; only arrays are iterated.
///
/// ## Shape
///
/// - `communes` commune-level units `X0000…` ("Xã …" 75 %, "Phường …" 25 %, names of two place
///   syllables), each **weak** with probability 20 %; `agencies` province-level agencies `S000…`
///   cycling through 21 real department, party-committee and Front bodies (block from the body).
/// - Each commune has 5 posts: party secretary (head, party, key, restricted, skill `party`),
///   deputy secretary (deputy, party, key, `party`), People's Committee chair (head, state, key,
///   restricted in 70 % of communes, `admin`), vice chair (deputy, state, not key, one of
///   econ/agri/land/finance/culture/edu/law), Front chair (head, front, key, no skill).
/// - Each agency has 5 posts in its block: director (head, key, its primary tag), two deputies
///   (primary tag, secondary tag), two heads of division (member; primary tag, and a random tag
///   or none with 50 % each). No agency post is restricted.
/// - Posts = 5 × (communes + agencies). Skill tags: party, admin, law, finance, econ, agri,
///   land, edu, culture, security, it, health.
///
/// ## Cadres
///
/// - **Holders**: every post has a holder except 1 % left vacant.
/// - **Reserve pool** (no post): 18 % of the post count at first, in a commune or an agency in
///   proportion to their posts; then planned successors (below); then more reserve until the
///   cadres number 1.25 × posts (rounded). About a fifth of all cadres have no post.
/// - Gender: women 25 % of holders, 30 % of reserve.
/// - Service years left (retirement age m 62, f 60): 75 % uniform 10…24 for heads, 10…28 for
///   deputies, 10…30 for members and reserve; 20 % uniform 3…9; 5 % uniform 0…2 (0 = reaches
///   retirement age in the plan year, so retiring). Birth year follows from it.
/// - Tenure in the current post (plan year − since), years 0…12 with weights
///   17, 20, 17, 13, 10, 6, 4, 3, 3, 2, 2, 2, 1 (%), capped so that nobody took the post before
///   age 25: 77 % hold it 0–4 years; 23 % have 5+ (the deputies' limit) and 10 % have 8+ (the
///   heads' limit).
/// - Home of commune holders: local (home = the commune) with 25 % for restricted posts, 60 %
///   for an unrestricted chair, 85 % for the other posts — about two thirds of commune leaders
///   are local. Non-locals come from another commune (70 %) or from outside (empty home, 30 %).
///   Agency holders: a random commune 60 %, outside 40 %. Reserve in a commune: local 60 %,
///   another commune 25 %, outside 15 %; reserve in an agency: a random commune 50 %, outside 50 %.
/// - Grade: holders of head posts `head`; other holders their post's rank (80 %) or one above
///   (20 %). Reserve: head 15 %, deputy 50 %, member 35 %.
/// - Skills: holders have their post's tags plus 0/1/2/3 extra tags (20/40/30/10 %); reserve
///   1/2/3 tags (30/45/25 %). Extra tags are drawn with weight 3 for party and admin, 1 for the rest.
/// - Rating: normal (sum of 12 uniforms) with mean 70 and s.d. 12, rounded, clipped to 0–100.
/// - Wants: 30 % of cadres name 1–2 random units.
///
/// ## Witness (feasibility by construction)
///
/// 1. A holder stays when staying is eligible (E1–E7: not retiring, under the term limit, not
///    local to a restricted post, rated ≥ 60 on a weak unit's head post).
/// 2. If the stayers and the posts left open could not meet a share target (C4), local stayers
///    of matching posts (random ones) are moved off until they can; open posts in a share target
///    must then go to non-locals.
/// 3. Open posts, hardest first (weak-unit heads, restricted, share-target posts, the rest;
///    random within each), take the first eligible cadre, respecting the arrival cap (C5):
///    up to 40 random tries among displaced holders (rotation), then the unit's own reserve,
///    then up to 40 random tries in the whole reserve pool.
/// 4. A post still open gets a **planned successor**: a new reserve cadre in that unit fitted to
///    the post — its tags plus 0–2 extra, grade = the post's rank, 10+ service years, non-local
///    when the post is restricted or in a share target, and for a weak unit's head post a rating
///    redrawn from the same distribution until ≥ 60. These are the only attributes fitted to the
///    witness.
/// 5. Displaced holders left without a post are releases.
///
/// ## Policy
///
/// year, retirement_age {m: 62, f: 60}, max_years {head: 8, deputy: 5}, min_years_left 10,
/// min_years_left_exempt 5, weak_min_rating 60, non_local_share [{level: commune, key: true,
/// min: 0.5}], max_arrivals_per_unit 3, no max_moves, and min_moves {down: k} with
/// k = min(down moves of the witness, ⌊communes / 20⌋), omitted when k = 0.
///
/// ## The 2025 shape (`shape: .y2025`, every version 2 rule)
///
/// - Each commune has 7 posts in 5 groups (SPEC §11.1): `-0` party secretary with `-1` People's
///   Council chair (head, state, key, skill `law`) as joint group `X…-BT`; `-2` deputy secretary with
///   `-3` People's Committee chair as `X…-CT` (a head's group); `-4` vice chair; `-5` Front chair;
///   `-6` People's Council vice chair (deputy, state, not key, no skill). Agencies as above. The
///   generation above then reads "group" for "post" (the holder of a group lists its posts; cadres
///   number 1.25 × groups).
/// - 30 % of communes are mountain communes: a cadre whose home is one is of an ethnic minority
///   with 70 %, any other cadre with 4 % (`minority`).
/// - Policy adds `min_years_in_post: 3`, `young_age: 40` and `shares`: a woman in every commune
///   (`per_unit`, `at_least: 1`), women 20 % of key posts, young cadres 15 % of all posts,
///   minority cadres 10 % of commune key posts (each post of a group counted, SPEC §11.2).
/// - Witness step 2 generalised: while a target (or a unit's part of it) is short, open posts of
///   its set, then random stayers that do not count, are required to go to a cadre of its kind;
///   repeated over all targets until none is short. Planned successors are fitted to every kind
///   required (a woman, aged 30 to young_age − 1, non-local, minority). E8 applies throughout.
/// - relations.csv: max(1, ⌊cadres / 40⌋) pairs; the second cadre works in the first one's unit
///   (70 %) or anywhere; a pair whose members both hold a post of one unit in the witness is
///   skipped (so the witness keeps C8), pairs that both hold posts of one unit now are kept (the
///   plan must split them). Kinds from a fixed list (vợ chồng, anh em ruột, …).
public struct InstanceGenerator: Sendable {
    /// What the instance exercises: `v1` the rules of SPEC §3–§9 only (the benchmark ladder);
    /// `y2025` every version 2 rule as well (joint posts, share targets of every kind, E8, C8).
    public enum Shape: String, Sendable, CaseIterable {
        case v1
        case y2025 = "2025"
    }

    public let communes: Int
    public let agencies: Int
    public let seed: UInt64
    public let year: Int
    /// Cap on arrivals per unit (policy and witness); the benchmark's hard family lowers it.
    public let maxArrivals: Int
    /// Percentage of communes that are weak.
    public let weakPercent: Int
    /// `weak_min_rating` (policy and witness).
    public let weakMinRating: Int
    /// The rules the instance exercises.
    public let shape: Shape

    public init(communes: Int, agencies: Int, seed: UInt64, year: Int = 2025,
                maxArrivals: Int = InstanceGenerator.maxArrivalsPerUnit, weakPercent: Int = 20,
                weakMinRating: Int = InstanceGenerator.weakMinRating, shape: Shape = .v1) {
        self.shape = shape
        precondition(maxArrivals >= 1, "at least one arrival per unit")
        precondition((0...100).contains(weakPercent) && (0...100).contains(weakMinRating))
        self.maxArrivals = maxArrivals
        self.weakPercent = weakPercent
        self.weakMinRating = weakMinRating
        precondition(communes >= 1, "at least one commune")
        precondition(agencies >= 0, "no negative number of agencies")
        self.communes = communes
        self.agencies = agencies
        self.seed = seed
        self.year = year
    }

    /// Posts per unit, communes and agencies alike; in the 2025 shape, joint groups per unit.
    public static let postsPerUnit = 5
    /// Posts per commune in the 2025 shape (5 groups, two of them joint posts of two).
    public static let postsPerCommune2025 = 7

    /// Posts in posts.csv of an instance of this size and shape.
    public static func postCount(communes: Int, agencies: Int, shape: Shape) -> Int {
        (shape == .v1 ? postsPerUnit : postsPerCommune2025) * communes + postsPerUnit * agencies
    }
    /// Skill tags, in the order their bits are numbered.
    public static let tags = ["party", "admin", "law", "finance", "econ", "agri", "land", "edu", "culture",
                              "security", "it", "health"]
    /// Default cap on arrivals per unit written to policy.yaml.
    public static let maxArrivalsPerUnit = 3
    /// Default minimum rating for the head posts of weak units written to policy.yaml.
    public static let weakMinRating = 60

    /// The non-default options, as `plan generate` arguments (empty for the defaults).
    var extraArguments: String {
        var out = ""
        if maxArrivals != Self.maxArrivalsPerUnit { out += " --max-arrivals \(maxArrivals)" }
        if weakPercent != 20 { out += " --weak-percent \(weakPercent)" }
        if weakMinRating != Self.weakMinRating { out += " --weak-min-rating \(weakMinRating)" }
        if shape != .v1 { out += " --shape \(shape.rawValue)" }
        return out
    }

    /// Generates the instance and its witness.
    public func generate() -> GeneratedInstance {
        var generation = Generation(self)
        return generation.run()
    }
}

/// The state of one generation run.
struct Generation {
    let spec: InstanceGenerator
    var rng: SplitMix64
    var instance: Instance
    /// Units and posts as they are made (the instance takes them whole, so its lookups are built once).
    var units: [Unit] = []
    var posts: [Post] = []
    /// Whether commune i is a ward (phường).
    var isWard: [Bool] = []
    /// Number of reserve cadres created as planned successors.
    var successors = 0
    /// 2025 shape: whether commune i is a mountain commune, where most local cadres are of an ethnic minority.
    var mountain: [Bool] = []
    /// 2025 shape: pairs of relatives (cadre indices) and their kind, for relations.csv.
    var relations: [(a: Int, b: Int, kind: String)] = []

    // Distributions (see the documentation of `InstanceGenerator`).
    static let tenureWeights = [17, 20, 17, 13, 10, 6, 4, 3, 3, 2, 2, 2, 1]
    static let yearsLeftWeights = [75, 20, 5]
    static let extraTagWeights = InstanceGenerator.tags.map { $0 == "party" || $0 == "admin" ? 3 : 1 }
    static let viceChairTags = ["econ", "agri", "land", "finance", "culture", "edu", "law"]
    static let searchTries = 40
    /// The 2025 shape's `shares` targets, as written to policy.yaml and as the witness keeps them.
    static let targets2025: [(yaml: String, target: ShareTarget)] = [
        ("{of: female, level: commune, per_unit: true, at_least: 1}",
         ShareTarget(of: .female, level: .commune, min: Fraction(numerator: 0, denominator: 1), atLeast: 1, perUnit: true,
                     name: "shares[1]")),
        ("{of: female, key: true, min: 0.2}",
         ShareTarget(of: .female, key: true, min: Fraction(numerator: 1, denominator: 5), name: "shares[2]")),
        ("{of: young, min: 0.15}",
         ShareTarget(of: .young, min: Fraction(numerator: 3, denominator: 20), name: "shares[3]")),
        ("{of: minority, level: commune, key: true, min: 0.1}",
         ShareTarget(of: .minority, level: .commune, key: true, min: Fraction(numerator: 1, denominator: 10),
                     name: "shares[4]")),
    ]
    /// 2025 shape: `min_years_in_post`.
    static let minYearsInPost2025 = 3
    /// Kinds of relation written to relations.csv.
    static let relationKinds = ["vợ chồng", "anh em ruột", "chị em ruột", "cha con", "mẹ con", "anh em rể", "chú cháu",
                                "cô cháu"]

    init(_ spec: InstanceGenerator) {
        self.spec = spec
        rng = SplitMix64(seed: spec.seed)
        var policy = Policy(year: spec.year)
        policy.retirementAge = [.m: 62, .f: 60]
        policy.maxYears = [.head: 8, .deputy: 5]
        policy.minYearsLeft = 10
        policy.minYearsLeftExempt = 5
        policy.weakMinRating = spec.weakMinRating
        policy.shareTargets = [ShareTarget(level: .commune, key: true, rank: nil,
                                            min: Fraction(numerator: 1, denominator: 2), line: 0)]
        policy.maxArrivalsPerUnit = spec.maxArrivals
        if spec.shape == .y2025 {
            policy.minYearsInPost = Self.minYearsInPost2025
            policy.shareTargets += Self.targets2025.map(\.target)
        }
        instance = Instance(units: [], posts: [], cadres: [], pins: [], scores: [:], policy: policy,
                            skillNames: InstanceGenerator.tags)
    }

    mutating func run() -> GeneratedInstance {
        makeUnits()
        if spec.shape == .v1 { makePosts() } else { makePosts2025() }
        instance = Instance(units: units, posts: posts, cadres: [], pins: [], scores: [:], policy: instance.policy,
                            skillNames: instance.skillNames)
        // 2025 shape: the generation works on the joint groups as posts (SPEC §11.1), as the solver does.
        if spec.shape == .y2025 { instance = instance.grouped() }
        var holder = [Int?](repeating: nil, count: instance.posts.count)
        for p in instance.posts.indices where !rng.chance(1) {
            holder[p] = makeHolder(post: p)
        }
        let postCount = instance.posts.count
        for _ in 0..<(postCount * 18 / 100) { _ = makeReserve() }
        let witness = makeWitness(holder: holder)
        let target = (postCount * 5 + 2) / 4
        while instance.cadres.count < target { _ = makeReserve() }
        // A quota on down moves the witness meets.
        let downs = instance.posts.indices.filter { instance.moveType(cadre: witness[$0], post: $0) == .down }.count
        let quota = min(downs, spec.communes / 20)
        if quota > 0 { instance.policy.minMoves = [.down: quota] }
        if spec.shape == .y2025 { makeRelations(witness: witness) }
        return render(witness: witness, holder: holder)
    }

    // MARK: helpers

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    static func digits(_ n: Int) -> Int { String(max(n, 0)).count }

    static func skillSet(_ tags: [String]) -> SkillSet {
        SkillSet(tags.map { InstanceGenerator.tags.firstIndex(of: $0)! })
    }

    var tagCount: Int { InstanceGenerator.tags.count }

    // MARK: units and posts

    mutating func makeUnits() {
        let syllables = GeneratorNames.placeSyllables
        var places: [String] = []
        for a in syllables { for b in syllables where b != a { places.append(a + " " + b) } }
        rng.shuffle(&places)
        let width = max(4, Self.digits(spec.communes - 1))
        for i in 0..<spec.communes {
            let ward = rng.chance(25)
            var place = places[i % places.count]
            if i >= places.count { place += " \(i / places.count + 1)" }
            let weak = rng.chance(spec.weakPercent)
            if spec.shape == .y2025 { mountain.append(rng.chance(30)) }
            isWard.append(ward)
            units.append(Unit(id: "X" + Self.pad(i, width), name: (ward ? "Phường " : "Xã ") + place,
                                       level: .commune, weak: weak, line: units.count + 2))
        }
        let kinds = GeneratorNames.agencies
        let agencyWidth = max(3, Self.digits(spec.agencies - 1))
        for j in 0..<spec.agencies {
            let kind = kinds[j % kinds.count]
            let name = kind.name + (j >= kinds.count ? " \(j / kinds.count + 1)" : "")
            units.append(Unit(id: "S" + Self.pad(j, agencyWidth), name: name, level: .province, weak: false,
                                       line: units.count + 2))
        }
    }

    mutating func addPost(unit u: Int, slot: Int? = nil, title: String, rank: Rank, block: Block, key: Bool,
                          restricted: Bool, skills: [String], joint: String = "") {
        let slot = slot ?? posts.count % InstanceGenerator.postsPerUnit
        posts.append(Post(id: "\(units[u].id)-\(slot)", unit: u, title: title, rank: rank, block: block,
                                   key: key, restricted: restricted, skills: Self.skillSet(skills), maxYears: nil,
                                   line: posts.count + 2, joint: joint))
    }

    mutating func makePosts() {
        for u in 0..<spec.communes {
            let of = isWard[u] ? " phường" : " xã"
            addPost(unit: u, title: "Bí thư Đảng ủy" + of, rank: .head, block: .party, key: true, restricted: true,
                    skills: ["party"])
            addPost(unit: u, title: "Phó Bí thư Đảng ủy" + of, rank: .deputy, block: .party, key: true, restricted: false,
                    skills: ["party"])
            let chairRestricted = rng.chance(70)
            addPost(unit: u, title: "Chủ tịch UBND" + of, rank: .head, block: .state, key: true,
                    restricted: chairRestricted, skills: ["admin"])
            let viceTag = rng.pick(Self.viceChairTags)
            addPost(unit: u, title: "Phó Chủ tịch UBND" + of, rank: .deputy, block: .state, key: false, restricted: false,
                    skills: [viceTag])
            addPost(unit: u, title: "Chủ tịch Ủy ban MTTQ" + of, rank: .head, block: .front, key: true, restricted: false,
                    skills: [])
        }
        makeAgencyPosts()
    }

    /// The 2025 shape's communes: 7 posts in 5 groups — the party secretary also chairs the People's
    /// Council, a deputy secretary also chairs the People's Committee (SPEC §11.1) — then the agencies.
    mutating func makePosts2025() {
        for u in 0..<spec.communes {
            let of = isWard[u] ? " phường" : " xã"
            let id = units[u].id
            addPost(unit: u, slot: 0, title: "Bí thư Đảng ủy" + of, rank: .head, block: .party, key: true, restricted: true,
                    skills: ["party"], joint: id + "-BT")
            addPost(unit: u, slot: 1, title: "Chủ tịch HĐND" + of, rank: .head, block: .state, key: true, restricted: false,
                    skills: ["law"], joint: id + "-BT")
            addPost(unit: u, slot: 2, title: "Phó Bí thư Đảng ủy" + of, rank: .deputy, block: .party, key: true,
                    restricted: false, skills: ["party"], joint: id + "-CT")
            let chairRestricted = rng.chance(70)
            addPost(unit: u, slot: 3, title: "Chủ tịch UBND" + of, rank: .head, block: .state, key: true,
                    restricted: chairRestricted, skills: ["admin"], joint: id + "-CT")
            let viceTag = rng.pick(Self.viceChairTags)
            addPost(unit: u, slot: 4, title: "Phó Chủ tịch UBND" + of, rank: .deputy, block: .state, key: false,
                    restricted: false, skills: [viceTag])
            addPost(unit: u, slot: 5, title: "Chủ tịch Ủy ban MTTQ" + of, rank: .head, block: .front, key: true,
                    restricted: false, skills: [])
            addPost(unit: u, slot: 6, title: "Phó Chủ tịch HĐND" + of, rank: .deputy, block: .state, key: false,
                    restricted: false, skills: [])
        }
        makeAgencyPosts()
    }

    /// Each agency's 5 posts (both shapes).
    mutating func makeAgencyPosts() {
        let kinds = GeneratorNames.agencies
        for j in 0..<spec.agencies {
            let u = spec.communes + j
            let kind = kinds[j % kinds.count]
            addPost(unit: u, slot: 0, title: kind.head, rank: .head, block: kind.block, key: true, restricted: false,
                    skills: [kind.primary])
            addPost(unit: u, slot: 1, title: kind.deputy, rank: .deputy, block: kind.block, key: false, restricted: false,
                    skills: [kind.primary])
            addPost(unit: u, slot: 2, title: kind.deputy + " (2)", rank: .deputy, block: kind.block, key: false,
                    restricted: false, skills: [kind.secondary])
            addPost(unit: u, slot: 3, title: "Trưởng phòng Tổng hợp", rank: .member, block: kind.block, key: false,
                    restricted: false, skills: [kind.primary])
            let extra = rng.chance(50) ? [rng.pick(InstanceGenerator.tags)] : []
            addPost(unit: u, slot: 4, title: "Trưởng phòng Nghiệp vụ", rank: .member, block: kind.block, key: false,
                    restricted: false, skills: extra)
        }
    }

    // MARK: cadre attributes

    mutating func drawName(_ gender: Gender) -> String {
        let families = GeneratorNames.families
        let family = families[rng.weighted(families.map(\.weight))].name
        let middle = rng.pick(gender == .m ? GeneratorNames.middleMale : GeneratorNames.middleFemale)
        let given = rng.pick(gender == .m ? GeneratorNames.givenMale : GeneratorNames.givenFemale)
        return "\(family) \(middle) \(given)"
    }

    mutating func drawYearsLeft(upTo top: Int) -> Int {
        switch rng.weighted(Self.yearsLeftWeights) {
        case 0: return rng.uniform(10...top)
        case 1: return rng.uniform(3...9)
        default: return rng.uniform(0...2)
        }
    }

    mutating func drawRating() -> Int {
        let r = rng.normal(mean: 70, sd: 12).rounded()
        return Int(min(100, max(0, r)))
    }

    mutating func extraTags(_ n: Int) -> [Int] {
        (0..<n).map { _ in rng.weighted(Self.extraTagWeights) }
    }

    /// Units a cadre would welcome: 30 % name one or two random units.
    mutating func drawWants() -> [Int] {
        guard rng.chance(30) else { return [] }
        var wants: [Int] = []
        for _ in 0..<rng.uniform(1...2) {
            let u = rng.below(instance.units.count)
            if !wants.contains(u) { wants.append(u) }
        }
        return wants.sorted()
    }

    /// A random commune other than `u` (any commune when `u` is not one); nil when there is none.
    mutating func otherCommune(than u: Int) -> Int? {
        if u >= spec.communes { return rng.below(spec.communes) }
        guard spec.communes > 1 else { return nil }
        let r = rng.below(spec.communes - 1)
        return r >= u ? r + 1 : r
    }

    /// A home that is not `u`: another commune (70 %) or outside (30 %).
    mutating func nonLocalHome(for u: Int) -> Int? {
        rng.chance(70) ? otherCommune(than: u) : nil
    }

    /// Home of a reserve cadre working in `u`.
    mutating func reserveHome(in u: Int) -> Int? {
        if u < spec.communes {
            switch rng.weighted([60, 25, 15]) {
            case 0: return u
            case 1: return otherCommune(than: u)
            default: return nil
            }
        }
        return rng.chance(50) ? rng.below(spec.communes) : nil
    }

    mutating func addCadre(gender: Gender, yearsLeft: Int, home: Int?, unit: Int, post: Int?, since: Int?,
                           grade: Rank, skills: SkillSet, rating: Int, wants: [Int], minority: Bool = false) -> Int {
        let age = (instance.policy.retirementAge[gender] ?? 60) - yearsLeft
        let name = drawName(gender)
        // 2025 shape: most cadres from a mountain commune are of an ethnic minority, few others are.
        var isMinority = false
        if spec.shape == .y2025 {
            let percent = home.map { $0 < spec.communes && mountain[$0] ? 70 : 4 } ?? 4
            isMinority = rng.chance(percent) || minority
        }
        instance.appendCadre(Cadre(id: "#\(instance.cadres.count)", name: name, gender: gender,
                                   birthYear: spec.year - age, home: home, unit: unit, post: post, since: since,
                                   grade: grade, skills: skills, rating: rating, wants: wants,
                                   line: instance.cadres.count + 2, minority: isMinority))
        return instance.cadres.count - 1
    }

    /// The current holder of post `p`.
    mutating func makeHolder(post p: Int) -> Int {
        let post = instance.posts[p]
        let u = post.unit
        let gender: Gender = rng.chance(25) ? .f : .m
        let top = post.rank == .head ? 24 : post.rank == .deputy ? 28 : 30
        let yearsLeft = drawYearsLeft(upTo: top)
        let age = (instance.policy.retirementAge[gender] ?? 60) - yearsLeft
        let tenure = min(rng.weighted(Self.tenureWeights), age - 25)  // nobody took the post before 25
        var home: Int?
        if u < spec.communes {
            let slot = p % InstanceGenerator.postsPerUnit
            let chair = spec.shape == .v1 ? (slot == 0 || slot == 2) : slot <= 1
            let localPercent = post.restricted ? 25 : chair ? 60 : 85
            home = rng.chance(localPercent) ? u : nonLocalHome(for: u)
        } else {
            home = rng.chance(60) ? rng.below(spec.communes) : nil
        }
        var grade = post.rank
        if grade != .head, rng.chance(20) { grade = Rank(rawValue: grade.rawValue + 1)! }
        var skills = post.skills
        for t in extraTags(rng.weighted([20, 40, 30, 10])) { skills.insert(t) }
        let rating = drawRating()
        let wants = drawWants()
        return addCadre(gender: gender, yearsLeft: yearsLeft, home: home, unit: u, post: p, since: spec.year - tenure,
                        grade: grade, skills: skills, rating: rating, wants: wants)
    }

    /// A reserve cadre (no post) in a commune or an agency, in proportion to their posts.
    mutating func makeReserve() -> Int {
        let units = spec.communes + spec.agencies
        let u = rng.below(units)
        let gender: Gender = rng.chance(30) ? .f : .m
        let yearsLeft = drawYearsLeft(upTo: 30)
        let home = reserveHome(in: u)
        let grade: Rank = [.head, .deputy, .member][rng.weighted([15, 50, 35])]
        let skills = SkillSet(extraTags(1 + rng.weighted([30, 45, 25])))
        let rating = drawRating()
        let wants = drawWants()
        return addCadre(gender: gender, yearsLeft: yearsLeft, home: home, unit: u, post: nil, since: nil,
                        grade: grade, skills: skills, rating: rating, wants: wants)
    }

    /// A planned successor for post `p`: a new reserve cadre in p's unit fitted to the post.
    mutating func makeSuccessor(for p: Int, required: [ShareKind]) -> Int {
        let post = instance.posts[p]
        let u = post.unit
        var gender: Gender = rng.chance(30) ? .f : .m
        if required.contains(.female) { gender = .f }
        let top = post.rank == .head ? 24 : post.rank == .deputy ? 28 : 30
        var yearsLeft = rng.uniform(10...top)
        if required.contains(.young) {
            // Aged 30 to young_age − 1 in the plan year.
            let retirement = instance.policy.retirementAge[gender] ?? 60
            yearsLeft = rng.uniform((retirement - instance.policy.youngAge + 1)...(retirement - 30))
        }
        let nonLocal = required.contains(.nonLocal)
        let home = (nonLocal || post.restricted) ? nonLocalHome(for: u) : reserveHome(in: u)
        var skills = post.skills
        for t in extraTags(rng.below(3)) { skills.insert(t) }
        var rating = drawRating()
        if instance.isWeakHead(post: p), let minimum = instance.policy.weakMinRating {
            var tries = 0
            while rating < minimum && tries < 64 {
                rating = drawRating()
                tries += 1
            }
            rating = max(rating, minimum)
        }
        let wants = drawWants()
        successors += 1
        return addCadre(gender: gender, yearsLeft: yearsLeft, home: home, unit: u, post: nil, since: nil,
                        grade: post.rank, skills: skills, rating: rating, wants: wants,
                        minority: required.contains(.minority))
    }

    // MARK: witness

    /// Whether cadre `c` may take open post `p` in the witness.
    func fits(_ c: Int, _ p: Int, required: [ShareKind], arrivals: [Int]) -> Bool {
        let u = instance.posts[p].unit
        if !required.allSatisfy({ instance.counts($0, cadre: c, post: p) }) { return false }
        if instance.cadres[c].unit != u, let cap = instance.policy.maxArrivalsPerUnit, arrivals[u] >= cap { return false }
        return instance.isEligible(cadre: c, post: p, facts: instance.facts(c))
    }

    /// Builds a plan keeping every rule: `witness[p]` is the cadre index given post p.
    mutating func makeWitness(holder: [Int?]) -> [Int] {
        let postCount = instance.posts.count
        var chosen = [Int?](repeating: nil, count: postCount)
        // 1. Holders stay where staying is eligible.
        for p in 0..<postCount {
            if let h = holder[p], instance.isEligible(cadre: h, post: p, facts: instance.facts(h)) { chosen[p] = h }
        }
        // 2. Share targets: the kinds of holder each open post requires.
        var required = [[ShareKind]](repeating: [], count: postCount)
        if spec.shape == .y2025 {
            required = requirements(&chosen)
        } else {
            // v1: open posts go to non-locals; move local stayers off while short.
            var inTarget = [Bool](repeating: false, count: postCount)
            for target in instance.policy.shareTargets {
            let set = (0..<postCount).filter { target.matches(instance.posts[$0], in: instance) }
            for p in set { inTarget[p] = true }
            let needed = target.need(posts: set.count)
            let expected = set.filter { p in chosen[p].map { instance.isNonLocal(cadre: $0, post: p) } ?? true }.count
            if expected < needed {
                var locals = set.filter { p in chosen[p].map { !instance.isNonLocal(cadre: $0, post: p) } ?? false }
                rng.shuffle(&locals)
                for p in locals.prefix(needed - expected) { chosen[p] = nil }
            }
            }
            for p in 0..<postCount where inTarget[p] { required[p] = [.nonLocal] }
        }
        // 3. Open posts, hardest first; displaced holders rotate, then the reserve.
        var displaced: [Int] = []
        var open: [Int] = []
        for p in 0..<postCount where chosen[p] == nil {
            open.append(p)
            if let h = holder[p], !instance.facts(h).retiring { displaced.append(h) }
        }
        rng.shuffle(&open)
        func difficulty(_ p: Int) -> Int {
            if instance.isWeakHead(post: p) { return 0 }
            if instance.posts[p].restricted { return 1 }
            return required[p].isEmpty ? 3 : 2
        }
        open = open.enumerated().sorted { (difficulty($0.element), $0.offset) < (difficulty($1.element), $1.offset) }
            .map(\.element)
        var reserve = instance.cadres.indices.filter { instance.cadres[$0].post == nil }
        var reserveByUnit = [[Int]](repeating: [], count: instance.units.count)
        for c in reserve { reserveByUnit[instance.cadres[c].unit].append(c) }
        var taken = [Bool](repeating: false, count: instance.cadres.count)
        var arrivals = [Int](repeating: 0, count: instance.units.count)
        for p in open {
            let u = instance.posts[p].unit
            let needs = required[p]
            var pick: Int?
            var tries = 0
            while pick == nil, tries < Self.searchTries, !displaced.isEmpty {
                let i = rng.below(displaced.count)
                if fits(displaced[i], p, required: needs, arrivals: arrivals) {
                    pick = displaced[i]
                    displaced.swapAt(i, displaced.count - 1)
                    displaced.removeLast()
                }
                tries += 1
            }
            if pick == nil {
                pick = reserveByUnit[u].first { !taken[$0] && fits($0, p, required: needs, arrivals: arrivals) }
            }
            tries = 0
            while pick == nil, tries < Self.searchTries, !reserve.isEmpty {
                let i = rng.below(reserve.count)
                let c = reserve[i]
                if taken[c] {
                    reserve.swapAt(i, reserve.count - 1)
                    reserve.removeLast()
                } else if fits(c, p, required: needs, arrivals: arrivals) {
                    pick = c
                }
                tries += 1
            }
            // 4. Nobody fits: a planned successor.
            let c = pick ?? makeSuccessor(for: p, required: needs)
            if c >= taken.count { taken.append(contentsOf: repeatElement(false, count: c - taken.count + 1)) }
            taken[c] = true
            chosen[p] = c
            if instance.cadres[c].unit != u { arrivals[u] += 1 }
            precondition(instance.isEligible(cadre: c, post: p, facts: instance.facts(c))
                         && needs.allSatisfy({ instance.counts($0, cadre: c, post: p) })
                         && arrivals[u] <= instance.policy.maxArrivalsPerUnit ?? Int.max,
                         "generator: witness pair \(c) → \(instance.posts[p].id) breaks a rule")
        }
        return chosen.map { $0! }
    }

    /// 2025 shape: which kinds of holder each open post requires so that every share target holds,
    /// moving stayers off where the stayers and the open posts cannot reach a target's need. A post
    /// counts for a target by the posts of its group the target's filters keep (SPEC §11.2 with
    /// §11.1). Repeated until no target is short, since a stayer moved off for one target may have
    /// counted for another.
    mutating func requirements(_ chosen: inout [Int?]) -> [[ShareKind]] {
        var required = [[ShareKind]](repeating: [], count: instance.posts.count)
        var changed = true
        while changed {
            changed = false
            for target in instance.policy.shareTargets {
                for set in target.groups(target.posts(in: instance), in: instance) {
                    let need = target.need(posts: target.size(set, in: instance))
                    func counted(_ p: Int) -> Bool {
                        chosen[p].map { instance.counts(target.of, cadre: $0, post: p) } ?? required[p].contains(target.of)
                    }
                    var have = set.reduce(0) { $0 + (counted($1) ? instance.shareWeight(target, post: $1) : 0) }
                    guard have < need else { continue }
                    var open = set.filter { chosen[$0] == nil && !required[$0].contains(target.of) }
                    rng.shuffle(&open)
                    var stayers = set.filter { p in chosen[p].map { !instance.counts(target.of, cadre: $0, post: p) } ?? false }
                    rng.shuffle(&stayers)
                    for p in open + stayers where have < need {
                        chosen[p] = nil
                        required[p].append(target.of)
                        have += instance.shareWeight(target, post: p)
                        changed = true
                    }
                }
            }
        }
        return required
    }

    /// 2025 shape: pairs of relatives, most of them working in one unit, none of them both holding
    /// a post of one unit in the witness (so C8 keeps it); a pair that both hold posts of one unit
    /// now must be split by the plan.
    mutating func makeRelations(witness: [Int]) {
        let cadres = instance.cadres
        var unitInWitness = [Int?](repeating: nil, count: cadres.count)
        for (p, c) in witness.enumerated() { unitInWitness[c] = instance.posts[p].unit }
        var byUnit = [[Int]](repeating: [], count: instance.units.count)
        for c in cadres.indices { byUnit[cadres[c].unit].append(c) }
        var seen = Set<Int>()
        let wanted = max(1, cadres.count / 40)
        var tries = 0
        while relations.count < wanted && tries < wanted * 20 {
            tries += 1
            let a = rng.below(cadres.count)
            let b = rng.chance(70) ? rng.pick(byUnit[cadres[a].unit]) : rng.below(cadres.count)
            let kind = rng.pick(Self.relationKinds)
            guard a != b, !seen.contains(min(a, b) * cadres.count + max(a, b)) else { continue }
            if let x = unitInWitness[a], let y = unitInWitness[b], x == y { continue }
            seen.insert(min(a, b) * cadres.count + max(a, b))
            relations.append((a, b, kind))
        }
    }

    // MARK: files

    static func csvField(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func csv(_ rows: [[String]]) -> String {
        rows.map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    func tags(_ s: SkillSet) -> String {
        s.members.map { InstanceGenerator.tags[$0] }.joined(separator: ";")
    }

    func render(witness: [Int], holder: [Int?]) -> GeneratedInstance {
        let units = instance.units, posts = instance.posts, cadres = instance.cadres
        let unitsCSV = Self.csv([["id", "name", "level", "weak"]] + units.map {
            [$0.id, $0.name, $0.level.name, $0.weak ? "1" : "0"]
        })
        // The posts as written: on the 2025 shape's grouped instance, the posts behind each group.
        let filePosts = instance.joint?.posts ?? posts
        let jointColumn = instance.joint == nil ? [] : ["joint"]
        let postsCSV = Self.csv([["id", "unit", "title", "rank", "block", "key", "restricted", "skills", "max_years"]
                                 + jointColumn]
            + filePosts.map { (q: Post) -> [String] in
                let row: [String] = [q.id, units[q.unit].id, q.title, q.rank.name, q.block.rawValue, q.key ? "1" : "0",
                                     q.restricted ? "1" : "0", tags(q.skills), ""]
                return jointColumn.isEmpty ? row : row + [q.joint]
            })
        /// The post cell of a cadre holding post (or group) p now.
        func postCell(_ p: Int) -> String {
            guard let joint = instance.joint else { return posts[p].id }
            return joint.members[p].map { joint.posts[$0].id }.joined(separator: ";")
        }
        let minorityColumn = spec.shape == .y2025 ? ["minority"] : []
        // Cadres by unit: holders in post order, then the unit's cadres without a post.
        let order = cadres.indices.sorted { a, b in
            func key(_ c: Int) -> (Int, Int, Int) {
                (cadres[c].unit, cadres[c].post == nil ? 1 : 0, cadres[c].post ?? c)
            }
            return key(a) < key(b)
        }
        let width = max(5, Self.digits(cadres.count))
        var newID = [String](repeating: "", count: cadres.count)
        for (k, c) in order.enumerated() { newID[c] = "C" + Self.pad(k + 1, width) }
        let cadresCSV = Self.csv([["id", "name", "gender", "birth_year", "home", "unit", "post", "since", "grade",
                                   "skills", "rating", "wants"] + minorityColumn]
            + order.map { (c: Int) -> [String] in
                let x = cadres[c]
                let row: [String] = [newID[c], x.name, x.gender.rawValue, String(x.birthYear), x.home.map { units[$0].id } ?? "",
                        units[x.unit].id, x.post.map(postCell) ?? "", x.since.map(String.init) ?? "",
                        x.grade.name, tags(x.skills), String(x.rating), x.wants.map { units[$0].id }.joined(separator: ";")]
                return minorityColumn.isEmpty ? row : row + [x.minority ? "1" : "0"]
            })
        let relationsCSV = spec.shape == .v1 ? nil
            : Self.csv([["cadre", "other", "kind"]] + relations.map { [newID[$0.a], newID[$0.b], $0.kind] })
        let policy = instance.policy
        var yaml = """
            # Synthetic instance: plan generate --communes \(spec.communes) --agencies \(spec.agencies) --seed \(spec.seed) --year \(spec.year)\(spec.extraArguments)
            # Feasible by construction: the generator built a plan that keeps every rule.
            year: \(policy.year)
            retirement_age: {m: 62, f: 60}
            max_years: {head: 8, deputy: 5}
            min_years_left: \(policy.minYearsLeft)
            min_years_left_exempt: \(policy.minYearsLeftExempt)
            weak_min_rating: \(policy.weakMinRating!)
            non_local_share:
              - {level: commune, key: true, min: 0.5}
            max_arrivals_per_unit: \(policy.maxArrivalsPerUnit!)

            """
        if let down = policy.minMoves[.down] { yaml += "min_moves: {down: \(down)}\n" }
        if spec.shape == .y2025 {
            yaml += "min_years_in_post: \(policy.minYearsInPost!)\nyoung_age: \(policy.youngAge)\nshares:\n"
            for entry in Self.targets2025 { yaml += "  - \(entry.yaml)\n" }
        }

        // Counts.
        var stats = GeneratorStats()
        stats.communes = spec.communes
        stats.agencies = spec.agencies
        stats.weakCommunes = units.filter { $0.level == .commune && $0.weak }.count
        stats.posts = filePosts.count
        stats.groups = posts.count
        stats.vacantPosts = holder.indices.filter { holder[$0] == nil }.reduce(0) { $0 + instance.postsBehind($1).count }
        stats.relations = relations.count
        stats.cadres = cadres.count
        stats.reserve = cadres.filter { $0.post == nil }.count
        stats.successors = successors
        var assigned = [Bool](repeating: false, count: cadres.count)
        for (p, c) in witness.enumerated() {
            assigned[c] = true
            stats.witnessMoves[MoveType.allCases.firstIndex(of: instance.moveType(cadre: c, post: p))!] += 1
        }
        for c in cadres.indices {
            let f = instance.facts(c)
            if f.retiring { stats.retiring += 1 }
            if f.mustLeave { stats.mustLeave += 1 }
            if !assigned[c] && instance.releasable(c, facts: f) { stats.witnessReleases += 1 }
            if let p = cadres[c].post, posts[p].unit < spec.communes {
                stats.communeHolders += 1
                if cadres[c].home == posts[p].unit { stats.localCommuneHolders += 1 }
            }
        }
        // One pair per post of posts.csv: a group's holder on each of its posts.
        let pairs = filePosts.indices.map { q in
            (cadre: newID[witness[instance.joint?.groupOf[q] ?? q]], post: filePosts[q].id)
        }
        return GeneratedInstance(unitsCSV: unitsCSV, postsCSV: postsCSV, cadresCSV: cadresCSV, policyYAML: yaml,
                                 relationsCSV: relationsCSV, witness: pairs, stats: stats)
    }
}
