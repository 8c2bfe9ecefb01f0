import Foundation
import AssignModel

/// Every eligible pair (E1–E8) of an instance with its cost, stored post by post (compressed rows).
///
/// The cadres × posts grid is scanned once, by index and without allocation; only eligible pairs are
/// kept: `cadre[k]` and `cost[k]` for `k` in `range(ofPost: p)`, cadres in file order.
public struct CandidateSet: Sendable {
    public private(set) var postStart: [Int]
    public private(set) var cadre: [Int32]
    public private(set) var cost: [Double]

    public var count: Int { cadre.count }
    /// False when the deadline stopped the enumeration (later posts then have no candidates listed).
    public private(set) var complete = true

    /// Indices into `cadre` and `cost` of the candidates of post `p`.
    @inline(__always)
    public func range(ofPost p: Int) -> Range<Int> { postStart[p]..<postStart[p + 1] }

    /// Enumerates the eligible pairs; rules in `ignored` are not applied (tests and diagnoses use this).
    ///
    /// Eligibility is computed by index: a post that requires skills only looks at the cadres who
    /// hold its rarest required tag (an inverted index), and a rank screen skips cadres graded below
    /// the post; the full rule check (`Instance.brokenMask`) decides for the rest.
    public init(instance: Instance, facts: [CadreFacts], ignoring ignored: RuleMask = [], deadline: Date? = nil) {
        postStart = [0]
        postStart.reserveCapacity(instance.posts.count + 1)
        cadre = []
        cost = []
        let pool = instance.cadres.indices.filter { !facts[$0].retiring || ignored.contains(.E7) }.map(Int32.init)
        let t = instance.tables
        // Cadres of the pool holding each tag, ascending.
        var holders = [[Int32]](repeating: [], count: t.words * 64)
        if !ignored.contains(.E1) {
            for c in pool {
                for w in 0..<t.words {
                    var bits = t.cadreSkills[Int(c) * t.words + w]
                    while bits != 0 {
                        let b = bits.trailingZeroBitCount
                        holders[w * 64 + b].append(c)
                        bits &= bits - 1
                    }
                }
            }
        }
        let screenRank = !ignored.contains(.E5)
        let postCount = instance.posts.count
        /// The eligible pairs of posts `range`: per-post counts, cadres, costs, and whether the deadline cut it short.
        func enumerate(_ range: Range<Int>) -> (counts: [Int], cadre: [Int32], cost: [Double], stopped: Bool) {
            var counts: [Int] = [], cadres: [Int32] = [], costs: [Double] = []
            counts.reserveCapacity(range.count)
            for p in range {
                if let deadline, (p - range.lowerBound) % 64 == 0, Date() >= deadline {
                    return (counts + repeatElement(0, count: range.upperBound - p), cadres, costs, true)
                }
                var source = pool
                if !ignored.contains(.E1) {
                    for w in 0..<t.words {
                        var bits = t.postSkills[p * t.words + w]
                        while bits != 0 {
                            let tag = w * 64 + bits.trailingZeroBitCount
                            if holders[tag].count < source.count { source = holders[tag] }
                            bits &= bits - 1
                        }
                    }
                }
                let rank = t.postRank[p]
                let before = cadres.count
                for c32 in source {
                    let c = Int(c32)
                    if screenRank && t.cadreGrade[c] < rank { continue }
                    let broken = instance.brokenMask(cadre: c, post: p, facts: facts[c]).subtracting(ignored)
                    guard broken.isEmpty else { continue }
                    cadres.append(c32)
                    costs.append(instance.cost(cadre: c, post: p))
                }
                counts.append(cadres.count - before)
            }
            return (counts, cadres, costs, false)
        }
        // Posts are enumerated in contiguous chunks on all cores and joined in post order.
        let parts = Chunks.map(postCount) { enumerate($0) }
        let total = parts.reduce(0) { $0 + $1.cadre.count }
        cadre.reserveCapacity(total)
        cost.reserveCapacity(total)
        for part in parts {
            for n in part.counts { postStart.append(postStart[postStart.count - 1] + n) }
            cadre.append(contentsOf: part.cadre)
            cost.append(contentsOf: part.cost)
            if part.stopped { complete = false }
        }
    }
}
