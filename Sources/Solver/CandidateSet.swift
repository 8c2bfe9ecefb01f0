import AssignModel

/// Every eligible pair (E1–E7) of an instance with its cost, stored post by post (compressed rows).
///
/// The cadres × posts grid is scanned once, by index and without allocation; only eligible pairs are
/// kept: `cadre[k]` and `cost[k]` for `k` in `range(ofPost: p)`, cadres in file order.
public struct CandidateSet: Sendable {
    public private(set) var postStart: [Int]
    public private(set) var cadre: [Int32]
    public private(set) var cost: [Double]

    public var count: Int { cadre.count }

    /// Indices into `cadre` and `cost` of the candidates of post `p`.
    @inline(__always)
    public func range(ofPost p: Int) -> Range<Int> { postStart[p]..<postStart[p + 1] }

    /// Enumerates the eligible pairs; rules in `ignored` are not applied (tests and diagnoses use this).
    public init(instance: Instance, facts: [CadreFacts], ignoring ignored: RuleMask = []) {
        postStart = [0]
        postStart.reserveCapacity(instance.posts.count + 1)
        cadre = []
        cost = []
        let pool = instance.cadres.indices.filter { !facts[$0].retiring || ignored.contains(.E7) }
        let screen = EligibilityScreen(instance: instance, facts: facts)
        for p in instance.posts.indices {
            for c in pool {
                // A cheap screen first (skills, grade, locality by bit masks); the full rule set decides.
                if ignored.isEmpty && !screen.mayBeEligible(cadre: c, post: p) { continue }
                let broken = instance.brokenMask(cadre: c, post: p, facts: facts[c]).subtracting(ignored)
                guard broken.isEmpty else { continue }
                cadre.append(Int32(c))
                cost.append(instance.cost(cadre: c, post: p))
            }
            postStart.append(cadre.count)
        }
    }
}

/// Necessary conditions of eligibility in a few integer operations, to skip most ineligible pairs
/// before the full rule check. It may only say "maybe" for an eligible pair, never "no".
struct EligibilityScreen {
    let cadreSkills: [UInt64]
    let postSkills: [UInt64]
    let wide: Bool
    let cadreGrade: [Int8]
    let postRank: [Int8]

    init(instance: Instance, facts: [CadreFacts]) {
        wide = instance.skillNames.count > 64
        cadreSkills = instance.cadres.map { $0.skills.words.first ?? 0 }
        postSkills = instance.posts.map { $0.skills.words.first ?? 0 }
        cadreGrade = instance.cadres.map { Int8($0.grade.rawValue) }
        postRank = instance.posts.map { Int8($0.rank.rawValue) }
    }

    @inline(__always)
    func mayBeEligible(cadre c: Int, post p: Int) -> Bool {
        if postRank[p] > cadreGrade[c] { return false }
        if !wide && postSkills[p] & ~cadreSkills[c] != 0 { return false }
        return true
    }
}
