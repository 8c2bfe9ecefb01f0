import Foundation
import AssignModel

/// Makes an optimal plan canonical, and counts how far the plans of the same cost reach.
///
/// Many plans often share the optimum (district-20 has at least a hundred), and which one GLPK
/// returns depends on the row order of the files and on the method. After an optimal solve, by
/// either method, this stage solves two small integer programs over the plans of the optimal
/// objective z* (every rule's rows, plus a row `cost ≤ z*`):
///
/// 1. **Tie-break**: among them, the plan with the smallest total *tie weight*, a fixed number in
///    1…2¹⁸ for each (cadre id, post id) pair (`weight(cadre:post:)`, a hash of the two ids). It does
///    not depend on row order or method, so the plan is the same whichever way it was found.
/// 2. **Reach**: the most posts any other plan of the same cost gives to another holder (0: the
///    optimum is unique).
///
/// Only pairs that can be in a plan of cost z* take part. For any row duals y with the right sign
/// on each inequality row, every plan x obeys `cost(x) ≥ L(y) + Σ_p (rc(x_p) − min rc of p)`, where
/// L(y) is the Lagrangian bound (each post takes one candidate) and rc the reduced cost; so a pair
/// whose rc exceeds its post's least by more than `z* − L(y)` is in no optimal plan. With the LP
/// duals of the solve that proved the optimum, that leaves few pairs.
///
/// Objectives count as equal when they differ by rounding only (`tieTolerance`): a tie-broken plan
/// whose recomputed objective exceeds z* by more is not taken.
struct TieBreak {
    /// Relative difference below which two plan costs are the same cost: rounding error of sums of
    /// doubles, nothing more; the cost row of the GLPK searches (`tieProgram`) has always used it. (It
    /// used to be the SPEC's 1e-6 in the filter and the relaxation; that is for comparing the optima of
    /// two implementations: on the 10,000-post rung, z* ≈ 265,000, that admitted plans up to 0.27 dearer as
    /// "ties" — costs move in steps of 0.01 — and their lighter weights kept the relaxation from proving
    /// the tie-break; with rounding only, it proves it there: `tie_break: canonical`, 1,212,036 kept
    /// pairs, 1.85 s, where the tie-break used to give up. Hard family at 1,125 posts: same plans.)
    static let tieTolerance = 1e-9

    /// The tie weights range over 1…`weightRange`: large enough that two plans rarely tie again,
    /// small enough that GLPK's reduced-cost tolerance (relative 1e-7) stays far below 1.
    static let weightRange: UInt64 = 1 << 18

    /// Largest program (kept pairs) on which the reach is searched by GLPK when the relaxation does
    /// not settle it.
    static let reachSearchPairs = 20_000

    /// Largest program (kept pairs) that GLPK's branch and bound sees whole when the relaxation does
    /// not settle the tie-break; above it, column generation over the kept pairs (`byColumns`). On the
    /// 10,000-post ladder rung a whole GLPK tie-break took 5,047 s against a 5.9 s solve. Measured
    /// 2026-12-03 (one run each, whole against columns): a 1,275-post instance with joint posts and
    /// binding women's and young shares (`benchmarks/joint2025.py`, 11,205 kept pairs) 0.53 s against
    /// 4.2 s; hard family at 1,125 posts, cap1 (21,263) 1.09 s against 0.29 s, shares (38,365) 1.33 s
    /// against 0.57 s. (It was 5,000.)
    static let tieWholePairs = 20_000

    /// Largest program (kept pairs) on which the tie-break runs at all when the relaxation does not
    /// settle it; above it the plan the solve found is kept (`tie_break: not finished`). Measured by
    /// column generation: hard family at 1,125 posts (21,263–55,749 kept pairs) 0.6–2.0 s; the
    /// 10,000-post rung (1,204,060 kept pairs) 100 s (30 pricing rounds, 70 s of LP, 32 s of branch
    /// and bound) against a 6 s solve.
    static let tieColumnPairs = 300_000

    /// The tie weight of a pair: a hash of the cadre id and post id (FNV-1a, then a 64-bit mixer).
    static func weight(cadre: String, post: String) -> Double {
        weight(cadreState: cadreState(cadre), post: Array(post.utf8))
    }

    /// FNV-1a state after a cadre id and the separator: the part of `weight` that depends on the
    /// cadre alone, computed once per cadre (on the 10,000-post rung the stage weighs 1.2 million pairs).
    static func cadreState(_ cadre: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in cadre.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return (h ^ 0x1f) &* 0x100_0000_01b3
    }

    /// `weight` from the cadre's `cadreState` and the post id's UTF-8 bytes.
    @inline(__always)
    static func weight(cadreState: UInt64, post: [UInt8]) -> Double {
        var h = cadreState
        for byte in post { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        h ^= h >> 33; h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33; h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return Double(1 + h % weightRange)
    }

    /// What the stage found.
    struct Outcome {
        /// The canonical plan's pairs (the given plan's when the tie-break could not finish).
        var pairs: [(cadre: Int, post: Int)]
        /// True when the tie-break was solved to optimum.
        var canonical: Bool
        /// Most posts another plan of the same cost changes; nil when not decided.
        var reach: Int?
        /// True when `reach` is only a lower bound (the time limit stopped its search).
        var reachIsLowerBound: Bool
        /// Pairs that could take part in a plan of the optimal cost.
        var pairsConsidered: Int
        /// How the tie-break was settled: "relaxation" (proven by the Lagrangian bound) or
        /// "branch and bound" (GLPK); nil when it did not finish.
        var settledBy: String?
        /// True when the kept pairs came from the pricing round that proved the optimum (`NearPricing`),
        /// false when the stage priced every pair itself.
        var reusedPricing = false
    }

    let f: Formulation
    /// The release and idle columns of the formulation with their cadres, by column.
    let slacks: [(cadre: Int, column: Int)]

    init(f: Formulation) {
        self.f = f
        slacks = (f.releaseColumn.map { ($0.key, $0.value) } + f.idleColumn.map { ($0.key, $0.value) }).sorted { $0.1 < $1.1 }
    }

    /// Runs both stages for the optimal plan `pairs` of objective `objective`; `duals` are row duals
    /// of the solve that proved it (any length mismatch or missing duals: zeros, a weaker filter).
    ///
    /// With `preferred` (pair keys of an earlier plan, `solve --keep`), the weights are 0 on those
    /// pairs and 1 elsewhere: the plan found changes the fewest of them among the plans of cost z*
    /// (whole weights, so every stage's proof holds); the reach is not searched.
    func run(pairs: [(cadre: Int, post: Int)], objective: Double, duals given: [Double]?, deadline: Date?,
             search: SolveOptions.TieBreakSearch = .automatic, preferred: Set<Int>? = nil, near: NearPricing? = nil) -> Outcome {
        let instance = f.instance
        let rows = f.program.rows
        var y = given?.count == rows.count ? given! : Array(repeating: 0, count: rows.count)
        // Signs a Lagrangian multiplier may take: ≥ rows y ≥ 0, ≤ rows y ≤ 0, equalities free.
        var constant = 0.0
        var signsKept = given?.count == rows.count
        for (i, row) in rows.enumerated() {
            if !y[i].isFinite { y[i] = 0; signsKept = false }
            if y[i] > 0 { if let l = row.lower { constant += y[i] * l } else { y[i] = 0; signsKept = false } }
            if y[i] < 0 { if let u = row.upper { constant += y[i] * u } else { y[i] = 0; signsKept = false } }
        }
        // The pricing round that proved the optimum priced every pair at these very duals: its least
        // reduced cost of each post, and its candidates near it, serve when the slack below is within
        // its margin (an integral LP); otherwise every pair is priced again here.
        let nearUsed = signsKept && near?.least.count == instance.posts.count ? near : nil
        var reduced: [Double] = []
        var least = nearUsed?.least ?? []
        func priceEveryPair() {
            reduced = [Double](repeating: 0, count: f.candidates.count)
            least = [Double](repeating: 0, count: instance.posts.count)
            // Reduced costs in parallel chunks of posts (each writes its own posts' slots).
            y.withUnsafeBufferPointer { duals in
                reduced.withUnsafeMutableBufferPointer { reducedSlots in
                    least.withUnsafeMutableBufferPointer { leastSlots in
                        let reducedSlots = reducedSlots, leastSlots = leastSlots
                        _ = Chunks.map(instance.posts.count) { posts -> Bool in
                            for p in posts {
                                var m = Double.infinity
                                for k in f.candidates.range(ofPost: p) {
                                    let rc = f.reducedCost(cadre: Int(f.candidates.cadre[k]), post: p, cost: f.candidates.cost[k], duals: duals)
                                    reducedSlots[k] = rc
                                    m = Swift.min(m, rc)
                                }
                                leastSlots[p] = m
                            }
                            return true
                        }
                    }
                }
            }
        }
        if nearUsed == nil { priceEveryPair() }
        // The bound is summed in post order, so the figures do not depend on the chunks.
        var slackReduced: [Int: Double] = [:]
        var lagrangian = constant
        for m in least where m.isFinite { lagrangian += m }
        for (_, j) in slacks {
            let column = f.program.columns[j]
            var rc = column.cost
            for (i, a) in zip(column.rows, column.values) { rc -= a * y[Int(i)] }
            slackReduced[j] = rc
            lagrangian += Swift.min(0, rc) * column.upper
        }
        let tolerance = Self.tieTolerance * Swift.max(1, abs(objective))
        let slack = Swift.max(0, objective - lagrangian) + tolerance
        let fromNear = nearUsed.map { slack <= $0.margin } ?? false
        if nearUsed != nil && !fromNear { priceEveryPair() }
        let planKeys = Set(pairs.map { instance.pairKey($0.cadre, $0.post) })
        // The plan's holder of each post (-1: none), so that the filter below needs no hashing.
        var planCadre = [Int](repeating: -1, count: instance.posts.count)
        for pair in pairs { planCadre[pair.post] = pair.cadre }

        // The pairs that can be in a plan of cost z*, post by post, with their tie weights; and the
        // cadres no such plan leaves without a post (their release or idle column costs too much).
        // Posts in parallel chunks, joined in order (the weights hash two ids per kept pair).
        let cadreStates = instance.cadres.map { Self.cadreState($0.id) }
        let postBytes = instance.posts.map { Array($0.id.utf8) }
        let chunks = Chunks.map(instance.posts.count) { posts -> KeptPairs in
            var part = KeptPairs()
            var ks: [Int] = []
            for p in posts {
                ks.removeAll(keepingCapacity: true)
                if fromNear, let near = nearUsed {
                    // The near candidates within the slack, and the plan's pair wherever it lies.
                    var planSeen = planCadre[p] < 0
                    for i in near.start[p]..<near.start[p + 1] where near.rc[i] - least[p] <= slack {
                        let k = Int(near.k[i])
                        ks.append(k)
                        if Int(f.candidates.cadre[k]) == planCadre[p] { planSeen = true }
                    }
                    if !planSeen, let k = f.candidates.range(ofPost: p).first(where: { Int(f.candidates.cadre[$0]) == planCadre[p] }) {
                        ks.insert(k, at: ks.firstIndex { $0 > k } ?? ks.count)
                    }
                } else {
                    for k in f.candidates.range(ofPost: p) where reduced[k] - least[p] <= slack || planCadre[p] == Int(f.candidates.cadre[k]) {
                        ks.append(k)
                    }
                }
                for k in ks {
                    let c = Int(f.candidates.cadre[k])
                    part.pairs.append((c, p))
                    part.cadre.append(Int32(c))
                    part.cost.append(f.candidates.cost[k])
                    part.weight.append(Self.weight(cadreState: cadreStates[c], post: postBytes[p]))
                }
                part.start.append(part.pairs.count)
            }
            return part
        }
        var kept = KeptPairs(joining: chunks)
        if let preferred {
            kept.weight = kept.pairs.map { preferred.contains(instance.pairKey($0.cadre, $0.post)) ? 0 : 1 }
        }
        var mustHoldPost = [Bool](repeating: false, count: instance.cadres.count)
        for (cadre, j) in slacks where slackReduced[j]! > slack {
            mustHoldPost[cadre] = true
        }
        var given = Outcome(pairs: pairs, canonical: false, reach: nil, reachIsLowerBound: false, pairsConsidered: kept.pairs.count)
        given.reusedPricing = fromNear

        // First a Lagrangian relaxation: the side rows and the cost row priced into an assignment
        // (`SparseAssignment`, milliseconds each), multipliers moved by subgradient steps. A plan of an
        // iterate that keeps every rule and costs z* is the optimum once its weight is below the
        // bound plus one (weights are whole numbers).
        let relaxation = Relaxation(tieBreak: self, kept: kept, mustHoldPost: mustHoldPost, costLimit: objective + tolerance)
        func relaxed(_ weight: [Double], known: [(cadre: Int, post: Int)]) -> [(cadre: Int, post: Int)]? {
            search == .automatic ? relaxation.solve(weight: weight, known: known, deadline: deadline) : nil
        }

        // Otherwise GLPK's branch and bound on the program over the kept pairs, with a row cost ≤ z*
        // (built when first needed: what C1 and C2 settle is left out, `tieProgram`).
        var tie: TieProgram?
        var problem: GLPKProblem?
        func exact(_ weight: [Double], start: Set<Int>, firstImprovement: Bool = false) -> MIPResult? {
            if problem == nil {
                let made = tieProgram(objective: objective, kept: kept, weight: weight, columns: true)
                tie = made
                guard let glpk = try? GLPKProblem(made.program) else { return nil }
                problem = glpk
                // Dual simplex from GLPK's own basis: measured faster than the primal simplex from the
                // starting plan's basis (hard-1125-quotas: 1.9 s against 2.8 s).
                guard glpk.solveLP(.dual, deadline: deadline) == .optimal else { return nil }
            } else {
                for i in tie!.open { problem!.setCost(column: tie!.columnOf[i], weight[i]) }
                guard problem!.solveLP(.primal, deadline: deadline) == .optimal else { return nil }
            }
            let tie = tie!
            // The plan already known as a starting point: every stage's program admits it.
            var x = [Double](repeating: 0, count: tie.program.columns.count)
            var placed = Set<Int>()
            for i in tie.open where start.contains(instance.pairKey(kept.pairs[i].cadre, kept.pairs[i].post)) {
                x[tie.columnOf[i]] = 1
                placed.insert(kept.pairs[i].cadre)
            }
            for (cadre, j) in tie.slackOf where !placed.contains(cadre) { x[j] = 1 }
            var result = problem!.solveMIP(deadline: deadline, lpBound: problem!.lpObjective, incumbent: x, preprocess: false,
                                           stopAtFirstImprovement: firstImprovement)
            // The settled pairs' weight belongs to every plan's.
            if let value = result.objective { result.objective = value + tie.fixed.reduce(0) { $0 + weight[$1] } }
            return result
        }
        func chosen(_ x: [Double]) -> [(cadre: Int, post: Int)] {
            guard let tie else { return [] }
            let open = tie.open.filter { x[tie.columnOf[$0]] > 0.5 }
            return (tie.fixed + open).sorted().map { kept.pairs[$0] }
        }

        // 1. The tie-break.
        var canonical: [(cadre: Int, post: Int)]
        var settledBy = "relaxation"
        if let plan = relaxed(kept.weight, known: pairs) {
            canonical = plan
        } else {
            settledBy = "branch and bound"
            if search == .automatic && kept.pairs.count > Self.tieColumnPairs { return given }
            if search == .columns || (search == .automatic && kept.pairs.count > Self.tieWholePairs) {
                guard let plan = byColumns(kept, known: pairs, objective: objective, deadline: deadline)
                else { return given }
                canonical = plan
            } else {
                guard let result = exact(kept.weight, start: planKeys), result.status == .optimal,
                      result.values.count == tie?.program.columns.count else { return given }
                canonical = chosen(result.values)
            }
            guard canonical.count == instance.posts.count, keepsEveryRule(canonical, within: objective + tolerance) else { return given }
        }
        var outcome = Outcome(pairs: canonical, canonical: true, reach: nil, reachIsLowerBound: false, pairsConsidered: kept.pairs.count,
                              settledBy: settledBy, reusedPricing: fromNear)
        if preferred != nil { return outcome }

        // 2. Reach: keep as few of the canonical plan's pairs as possible.
        let canonicalKeys = Set(canonical.map { instance.pairKey($0.cadre, $0.post) })
        let overlap = kept.pairs.map { canonicalKeys.contains(instance.pairKey($0.cadre, $0.post)) ? 1.0 : 0.0 }
        if let other = relaxed(overlap, known: pairs) {
            outcome.reach = other.filter { !canonicalKeys.contains(instance.pairKey($0.cadre, $0.post)) }.count
            return outcome
        }
        // Otherwise GLPK, on a small program only (on hard-1125-quotas, 55,749 pairs, it took 5.5 s,
        // twice the solve), stopped at the first plan that changes a post: the reach is then at least
        // what that plan changes, and a search that ends without one proves the optimum unique. On a
        // larger program the plan the solve found is the witness.
        let witness = pairs.filter { !canonicalKeys.contains(instance.pairKey($0.cadre, $0.post)) }.count
        outcome.reach = witness
        outcome.reachIsLowerBound = true
        guard kept.pairs.count <= Self.reachSearchPairs, let reach = exact(overlap, start: canonicalKeys, firstImprovement: true)
        else { return outcome }
        switch reach.status {
        case .optimal:
            outcome.reach = instance.posts.count - Int((reach.objective ?? Double(instance.posts.count)).rounded())
            outcome.reachIsLowerBound = false
        case .feasible where reach.values.count == tie?.program.columns.count:
            let other = chosen(reach.values)
            outcome.reach = max(witness, other.filter { !canonicalKeys.contains(instance.pairKey($0.cadre, $0.post)) }.count)
        default: break
        }
        return outcome
    }

    /// The tie-break's relaxation: min Σ weight·x over the kept pairs subject to every rule and
    /// `cost ≤ costLimit`, with the side rows (every row but C1 and C2) and the cost row moved into
    /// the objective by Lagrangian multipliers, so that what is left is an assignment.
    ///
    /// For multipliers λ with the right sign on each row (≥ rows λ ≥ 0, ≤ rows λ ≤ 0, and μ ≥ 0 on
    /// the cost row), L(λ, μ) = Σ λ_r·b_r − μ·costLimit + min over assignments of Σ (w − λ·A + μ·c)·x
    /// is a lower bound on the weight of every plan the program admits. Steps follow the subgradient
    /// with Polyak's step size towards the best plan known; the number of steps is fixed by the size
    /// (never by the clock), so the answer does not depend on the machine.
    struct Relaxation {
        let tieBreak: TieBreak
        let kept: KeptPairs
        let mustHoldPost: [Bool]
        let costLimit: Double
        /// Side rows of each kept pair, flattened (`sideStart[i]..<sideStart[i+1]` into `sideRow`).
        let sideStart: [Int]
        let sideRow: [Int32]
        let isSide: [Bool]

        /// Steps of the subgradient method: up to 6, fewer on large programs (about 2 million pair
        /// prices in all; one, the plain assignment, above a million kept pairs). Where the
        /// tie-break's own relaxation is not integral no number of steps proves a plan; measured on
        /// the hard family (1,125 posts), the ladder, the bundled examples and the 2025 rungs, the
        /// plans it proves are proven within 4 steps (2026-12-04), and on the 10,000-post rung (1.2
        /// million kept pairs) 3 steps cost 1 s and proved nothing. (It was 12: on the 3,000-post
        /// 2025 rung and hard-1125-quotas the failing relaxation took 0.08 s and 0.27 s.)
        var steps: Int { max(1, min(6, 2_000_000 / max(1, kept.pairs.count))) }

        init(tieBreak: TieBreak, kept: KeptPairs, mustHoldPost: [Bool], costLimit: Double) {
            self.tieBreak = tieBreak
            self.kept = kept
            self.mustHoldPost = mustHoldPost
            self.costLimit = costLimit
            let f = tieBreak.f
            let side = f.program.rows.map { $0.rule != .C1 && $0.rule != .C2 }
            var start = [0], rows: [Int32] = []
            for pair in kept.pairs {
                f.forEachRow(cadre: pair.cadre, post: pair.post) { r in if side[Int(r)] { rows.append(r) } }
                start.append(rows.count)
            }
            sideStart = start
            sideRow = rows
            isSide = side
        }

        /// The plan of least weight the program admits, when the relaxation proves it; else nil.
        /// `known` is a plan the program admits (it bounds the step sizes).
        func solve(weight: [Double], known: [(cadre: Int, post: Int)], deadline: Date?) -> [(cadre: Int, post: Int)]? {
            let f = tieBreak.f
            let instance = f.instance
            let rows = f.program.rows
            // The known plan is the first candidate: when nothing weighs less, the bound proves it.
            let knownIndices = known.compactMap(kept.index(of:))
            var best: [Int]? = knownIndices.count == known.count ? knownIndices : nil
            var upper = best.map { $0.reduce(0.0) { $0 + weight[$1] } } ?? .infinity
            var lambda = [Double](repeating: 0, count: rows.count)
            var mu = 0.0
            var bestBound = -Double.infinity
            var theta = 1.0
            var sinceImprovement = 0
            let big = Double(instance.posts.count + 1) * Double(TieBreak.weightRange) * 4 + 1
            var adjusted = weight
            var discount = [Double](repeating: 0, count: instance.cadres.count)
            var slackValue = [Double](repeating: 0, count: instance.cadres.count)
            for _ in 0..<steps {
                // Prices of the pairs and of leaving a cadre on its slack (release or idle) column.
                for i in kept.pairs.indices {
                    var a = weight[i] + mu * kept.cost[i]
                    for j in sideStart[i]..<sideStart[i + 1] { a -= lambda[Int(sideRow[j])] }
                    adjusted[i] = a
                }
                for (cadre, j) in tieBreak.slacks {
                    let column = f.program.columns[j]
                    var value = mu * column.cost
                    for r in column.rows where isSide[Int(r)] { value -= lambda[Int(r)] }
                    slackValue[cadre] = value
                    discount[cadre] = value + (mustHoldPost[cadre] ? big : 0)
                }
                guard let lap = SparseAssignment(rows: instance.posts.count, columns: instance.cadres.count, start: kept.start,
                                                 column: kept.cadre, cost: adjusted, discount: discount, deadline: deadline)
                else { return nil }
                // The assignment's pairs, row activities, cost and Lagrangian value.
                var chosen: [Int] = []
                chosen.reserveCapacity(instance.posts.count)
                var matched = [Bool](repeating: false, count: instance.cadres.count)
                for p in instance.posts.indices {
                    let c = Int(lap.rowMatch[p])
                    guard let i = kept.index(of: (c, p)) else { return nil }
                    chosen.append(i)
                    matched[c] = true
                }
                var activity = [Double](repeating: 0, count: rows.count)
                var cost = 0.0, value = 0.0, planWeight = 0.0
                for i in chosen {
                    for j in sideStart[i]..<sideStart[i + 1] { activity[Int(sideRow[j])] += 1 }
                    cost += kept.cost[i]
                    value += adjusted[i]
                    planWeight += weight[i]
                }
                var holdsAll = true
                for (cadre, j) in tieBreak.slacks where !matched[cadre] {
                    if mustHoldPost[cadre] { holdsAll = false }
                    let column = f.program.columns[j]
                    for (r, a) in zip(column.rows, column.values) where isSide[Int(r)] { activity[Int(r)] += a }
                    cost += column.cost
                    value += slackValue[cadre]
                }
                guard holdsAll else { return nil }
                value -= mu * costLimit
                var feasible = cost <= costLimit
                var gradient = [Double](repeating: 0, count: rows.count)
                var norm = 0.0
                for r in rows.indices where isSide[r] {
                    let row = rows[r]
                    if let l = row.lower, activity[r] < l - 1e-9 { feasible = false }
                    if let u = row.upper, activity[r] > u + 1e-9 { feasible = false }
                    // L's value term and subgradient: the bound the multiplier's sign selects.
                    if lambda[r] > 0, let l = row.lower { value += lambda[r] * l; gradient[r] = l - activity[r] }
                    else if lambda[r] < 0, let u = row.upper { value += lambda[r] * u; gradient[r] = u - activity[r] }
                    else if let l = row.lower, activity[r] < l { gradient[r] = l - activity[r] }
                    else if let u = row.upper, activity[r] > u { gradient[r] = u - activity[r] }
                    norm += gradient[r] * gradient[r]
                }
                let costGradient = mu > 0 || cost > costLimit ? cost - costLimit : 0
                norm += costGradient * costGradient
                if feasible && planWeight < upper {
                    upper = planWeight
                    best = chosen
                }
                if value > bestBound + 1e-9 { bestBound = value; sinceImprovement = 0 } else { sinceImprovement += 1 }
                // Proven: no plan weighs less than the bound, and weights are whole numbers.
                if let best, upper < bestBound + 1 - 1e-6 {
                    return best.map { kept.pairs[$0] }
                }
                guard norm > 0, upper.isFinite else { return nil }
                if sinceImprovement >= 2 { theta *= 0.5; sinceImprovement = 0; if theta < 0.2 { break } }
                let step = theta * max(1, upper - value) / norm
                for r in rows.indices where gradient[r] != 0 {
                    lambda[r] += step * gradient[r]
                    if rows[r].lower == nil { lambda[r] = min(0, lambda[r]) }
                    if rows[r].upper == nil { lambda[r] = max(0, lambda[r]) }
                }
                mu = max(0, mu + step * costGradient)
            }
            return nil
        }
    }

    /// True when the plan `pairs` keeps every row of the model and costs at most `limit` (SPEC §7).
    func keepsEveryRule(_ pairs: [(cadre: Int, post: Int)], within limit: Double) -> Bool {
        let instance = f.instance
        var placed = [Bool](repeating: false, count: instance.cadres.count)
        var cost = 0.0
        for (c, p) in pairs {
            guard !placed[c] else { return false }
            placed[c] = true
            cost += instance.cost(cadre: c, post: p)
        }
        for (c, j) in slacks where !placed[c] { cost += f.program.columns[j].cost }
        let activity = f.rowActivity(pairs)
        for (i, row) in f.program.rows.enumerated() {
            if let l = row.lower, activity[i] < l - 1e-9 { return false }
            if let u = row.upper, activity[i] > u + 1e-9 { return false }
        }
        return cost <= limit
    }
}

/// What the pricing round that proved the LP optimum saw: each post's least reduced cost, and its
/// candidates (indices in order, with their reduced costs) within twice `margin` of it. The
/// tie-break reads its kept pairs from here instead of pricing every pair again when its slack is
/// within `margin` (an integral LP, as on the ladder).
struct NearPricing {
    var least: [Double] = []
    var start = [0]
    var k: [Int32] = []
    var rc: [Double] = []
    var margin = 0.0

    init() {}

    /// The parts of consecutive post ranges, one after the other.
    init(joining parts: [NearPricing]) {
        for part in parts {
            let offset = k.count
            least += part.least
            k += part.k
            rc += part.rc
            start += part.start.dropFirst().map { $0 + offset }
        }
    }

    /// The margin kept around each post's least reduced cost: relative 1e-6 of the LP optimum, far
    /// above the tie tolerance (1e-9), so an integral LP's tie-break finds every pair it needs here.
    static func margin(lp: Double) -> Double { 1e-6 * Swift.max(1, abs(lp)) }
}
