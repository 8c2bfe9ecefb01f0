import AssignModel
import Foundation

/// Solves the full integer program of SPEC §5–§7 to proven optimum while handing GLPK only a small
/// part of its columns.
///
/// 1. *Restricted master*: every row of the model, the release columns, an artificial column per
///    `≥`/`=` row (cost `bigM`, so the restricted LP is always feasible), and a few candidates per
///    post and per post holder (the cheapest ones).
/// 2. *Pricing*: GLPK's primal simplex re-optimises from its previous basis; every eligible pair
///    outside the master is priced with the row duals (`reducedCost`), the most negative few per
///    post join, until none is negative. The LP optimum over all columns is then proven: `zLP`.
/// 3. *Integer stage*: artificial columns are fixed at zero and GLPK's branch and bound solves the
///    master, giving `zIP`. Any plan better than `zIP` must use a pair whose reduced cost is at most
///    `zIP − zLP`; all such pairs are added and the master is solved once more. No pair left out can
///    then improve the plan: the optimum is proven for the full model.
///
/// If artificial columns stay in the LP optimum or the master has no integer plan, the full model is
/// solved instead, so infeasibility is always decided on the whole model.
struct ColumnGeneration {
    /// Candidates per post in the first master.
    static let initialPerPost = 6
    /// Candidates per post holder in the first master.
    static let initialPerHolder = 2
    /// Rounds a column must sit out of the basis, priced above the limit, before `purge` drops it.
    static let purgeAge = 1
    /// Reduced cost above which a non-basic column counts as idle for `purge`.
    static let purgeLimit = 1.0
    /// Master size (pair columns) below which nothing is purged.
    static let purgeFloor = 5_000
    /// Times one pair may leave the master: a bound, so that pricing and purging cannot cycle for
    /// ever. Measured on the 3,000-post `quotas` what-if of the hard family (one run each, same
    /// binary): at most once 207.9 s, 3 times 112.6 s, 50 times (with `purgeShare` 20) 90.7 s; the
    /// 1,125-post family unchanged within noise.
    static let purgesPerPair: UInt8 = 50
    /// A purge runs only when at least 1/`purgeShare` of the master's pair columns can go (one
    /// GLPK call deletes them; fewer are not worth refactoring the basis for).
    static let purgeShare = 20
    /// Most-negative candidates per post added in one pricing round.
    static let addPerPost = 3

    var f: Formulation
    let options: SolveOptions
    let problem: GLPKProblem
    /// Candidate index of each GLPK column; -1 for release and artificial columns.
    var candidateOfColumn: [Int]
    var inMaster: [Bool]
    let postOfCandidate: [Int32]
    var artificials: [Int] = []
    var rounds = 0
    /// GLPK cost (shifted) of each column in phase 2.
    var columnCost: [Double] = []
    /// The best plan found so far (candidate indices and objective), for a search the time limit stops.
    var incumbent: (pairs: [Int], objective: Double)?
    /// Multipliers of the side rows chosen by the warm start (0 where none; all 0 for the plain assignment).
    var sideLambda: [Double] = []
    /// Row duals (real) of the master LP whose optimum pricing proved over all pairs.
    var provenDuals: [Double]?
    /// What the pricing round that proved the LP optimum saw near each post's least reduced cost.
    var provenNear: NearPricing?
    /// The cost of the artificial columns (`bigM`), once computed.
    var bigMValue = 1.0
    /// Rounds each column has spent out of the basis with a high reduced cost (see `purge`).
    var age: [Int] = []
    /// Columns dropped from the master so far, and how often each candidate has been dropped.
    var purged = 0
    var timesPurged: [UInt8]
    /// True while GLPK minimises the breach of the rows (costs 0, artificials 1) instead of the cost.
    var phaseOne = false
    /// Row duals of the warm start: GLPK sees costs reduced by them (`c − Σ a·shift`), which changes
    /// the objective only by `offset` because every shifted row is an equality with right-hand side 1.
    var rowShift: [Double]
    var offset = 0.0
    /// The pure assignment's optimum (posts to candidate indices), when the warm start applies.
    var warmMatch: [Int]?
    /// Seconds spent per phase, for `--timings` and the benchmarks.
    var phases: [(String, Double)] = []
    private var clock = Date()

    /// Sends a progress report, when the caller asked for them.
    func report(_ phase: String, best: Double? = nil, bound: Double? = nil, detail: String = "") {
        options.progress?(SolveProgress(phase: phase, best: best, bound: bound, detail: detail))
    }

    /// Records the time since the last mark under `name` (summed when repeated).
    mutating func mark(_ name: String) {
        let now = Date()
        if let i = phases.firstIndex(where: { $0.0 == name }) { phases[i].1 += now.timeIntervalSince(clock) }
        else { phases.append((name, now.timeIntervalSince(clock))) }
        clock = now
    }

    /// `relationScope`: only these C8 rows (see `Formulation.init`); nil: every row.
    init(instance: Instance, options: SolveOptions, relationScope: Set<Int>? = nil) throws {
        f = Formulation(instance: instance, allPairs: false, exclusions: options.exclusions, minDiff: options.minDiff,
                        deadline: options.deadline, relationScope: relationScope)
        self.options = options
        problem = try GLPKProblem(f.program)
        candidateOfColumn = Array(repeating: -1, count: f.program.columns.count)
        inMaster = Array(repeating: false, count: f.candidates.count)
        timesPurged = Array(repeating: 0, count: f.candidates.count)
        var postOf = [Int32](repeating: 0, count: f.candidates.count)
        for p in instance.posts.indices { for k in f.candidates.range(ofPost: p) { postOf[k] = Int32(p) } }
        postOfCandidate = postOf
        rowShift = Array(repeating: 0, count: f.program.rows.count)
    }

    /// Solves the pure assignment (posts to cadres, releases priced in) by `SparseAssignment` and
    /// takes its duals as row shifts. Nil-effect when some post cannot be matched without side rules.
    mutating func computeWarmStart() {
        guard f.disabled.isEmpty else { return }
        let c = f.candidates
        let release = f.instance.policy.weights.release
        // A holder matched to no post is released: writing release = 1 − Σx moves that cost onto the
        // holder's arcs (−release each) and leaves a plain rectangular assignment.
        var holder = [Bool](repeating: false, count: f.instance.cadres.count)
        for k in f.releaseColumn.keys { holder[k] = true }
        let rows = f.program.rows
        let isSide = rows.map { $0.rule != .C1 && $0.rule != .C2 }
        var lambda = [Double](repeating: 0, count: rows.count)
        var best: (violation: Double, lap: SparseAssignment, lambda: [Double])?
        var adjusted = c.cost
        var stale = 0
        var factor = 1.0, previous = Double.infinity
        // Lagrangian warm start: multipliers on the side rows (C3–C7), moved by subgradient steps, make
        // the assignment itself keep the rules that bind; the iterate that breaks them least is kept.
        for t in 0..<Self.lagrangianSteps {
            if t > 0 {
                let parts = Chunks.map(f.instance.posts.count) { posts -> [Double] in
                    var out: [Double] = []
                    for p in posts {
                        for k in c.range(ofPost: p) {
                            var cost = c.cost[k]
                            f.forEachRow(cadre: Int(c.cadre[k]), post: p) { r in if isSide[Int(r)] { cost -= lambda[Int(r)] } }
                            out.append(cost)
                        }
                    }
                    return out
                }
                adjusted = parts.flatMap { $0 }
            }
            let releaseCost = release - (f.moveRow >= 0 ? lambda[Int(f.moveRow)] : 0)
            // The assignment runs on every eligible arc: its duals must be feasible for all of them, or
            // the starting basis is not dual feasible and the simplex has to work its way back.
            guard let lap = SparseAssignment(rows: f.instance.posts.count, columns: f.instance.cadres.count,
                                             start: c.postStart, column: c.cadre, cost: adjusted,
                                             discount: holder.map { $0 ? releaseCost : 0 }, deadline: options.deadline)
            else { break }
            // Activity of each side row under this assignment, and how far it breaks the rows.
            let activity = f.rowActivity(f.instance.posts.indices.map { (Int(lap.rowMatch[$0]), $0) })
            var violation = 0.0, largest = 0.0
            var gradient = [Double](repeating: 0, count: rows.count)
            for r in rows.indices where isSide[r] {
                if let l = rows[r].lower, activity[r] < l { gradient[r] = l - activity[r] }
                if let u = rows[r].upper, activity[r] > u { gradient[r] = u - activity[r] }
                violation += abs(gradient[r])
                largest = max(largest, abs(gradient[r]))
            }
            if best == nil || violation < 0.95 * best!.violation { stale = 0 } else { stale += 1 }
            if best == nil || violation < best!.violation { best = (violation, lap, lambda) }
            report("warm start", detail: tr("detail.warmStep", ["step": String(t + 1), "breach": String(Int(violation))]))
            // Stop when the rules hold, or when two steps in a row brought no real improvement.
            if violation == 0 || stale >= 2 || t == Self.lagrangianSteps - 1 { break }
            if let deadline = options.deadline, Date() >= deadline { break }
            // A step of about one move's cost on the most broken row, halved whenever the last step
            // made things worse (the multipliers overshot).
            if violation > previous { factor *= 0.5 }
            previous = violation
            let step = factor * Self.lagrangianStep(f.instance.policy.weights) / largest
            for r in rows.indices where isSide[r] && gradient[r] != 0 {
                lambda[r] += step * gradient[r]
                // Keep the multiplier's sign right for the row's bounds (≥: non-negative, ≤: non-positive).
                if rows[r].lower == nil { lambda[r] = min(0, lambda[r]) }
                if rows[r].upper == nil { lambda[r] = max(0, lambda[r]) }
            }
        }
        guard let (_, lap, chosen) = best else { return }
        sideLambda = chosen
        let releaseCost = release - (f.moveRow >= 0 ? chosen[Int(f.moveRow)] : 0)
        for p in f.instance.posts.indices { rowShift[Int(f.postRow[p])] = lap.u[p] }
        for cadre in f.instance.cadres.indices where f.cadreRow[cadre] >= 0 {
            rowShift[Int(f.cadreRow[cadre])] = lap.v[cadre] + (holder[cadre] ? releaseCost : 0)
        }
        offset = rowShift.reduce(0, +)
        warmMatch = f.instance.posts.indices.map { p in
            c.range(ofPost: p).first { c.cadre[$0] == lap.rowMatch[p] }!
        }
    }

    /// Subgradient steps of the Lagrangian warm start (1 = the plain assignment).
    static let lagrangianSteps = 8

    /// The first step's size: the cost of one horizontal move.
    static func lagrangianStep(_ w: Weights) -> Double { max(1, w.horizontal) }

    /// The cost GLPK sees for a column: its cost reduced by the shifts of its rows.
    func shifted(_ column: IntegerProgram.Column) -> Double {
        var cost = column.cost
        for (i, a) in zip(column.rows, column.values) { cost -= a * rowShift[Int(i)] }
        return cost
    }

    /// Row duals of the real (unshifted) problem.
    func realDuals() -> [Double] {
        var y = problem.rowDuals()
        if !phaseOne { for i in y.indices { y[i] += rowShift[i] } }
        return y
    }

    /// The warm start's basis: each matched pair's column and its cadre's C2 row basic; an unmatched
    /// cadre's release or idle column basic; side rows' auxiliaries basic; everything else at zero.
    /// With the shifted costs it is dual feasible, and optimal when no side rule is broken.
    func installWarmBasis() {
        guard let match = warmMatch else { return }
        var matchedCadre = [Bool](repeating: false, count: f.instance.cadres.count)
        for k in match { matchedCadre[Int(f.candidates.cadre[k])] = true }
        var rows = [GLPKProblem.BasisStatus](repeating: .basic, count: f.program.rows.count)
        for p in f.instance.posts.indices { rows[Int(f.postRow[p])] = .fixed }
        for cadre in f.instance.cadres.indices where f.cadreRow[cadre] >= 0 && !matchedCadre[cadre] {
            rows[Int(f.cadreRow[cadre])] = .fixed
        }
        var columns = [GLPKProblem.BasisStatus](repeating: .atLower, count: candidateOfColumn.count)
        for (cadre, j) in f.releaseColumn where !matchedCadre[cadre] { columns[j] = .basic }
        for (cadre, j) in f.idleColumn where !matchedCadre[cadre] { columns[j] = .basic }
        let basicPairs = Set(match)
        for (j, k) in candidateOfColumn.enumerated() where k >= 0 && basicPairs.contains(k) { columns[j] = .basic }
        problem.setBasis(rows: rows, columns: columns)
    }

    /// A cost larger than any plan's objective could gain from breaking a row.
    var bigM: Double {
        let w = f.instance.policy.weights
        let maxCost = f.candidates.cost.reduce(0) { max($0, abs($1)) }
        return 10 * (maxCost + abs(w.release) + 1) * 10
    }

    mutating func addArtificials() throws {
        var columns: [IntegerProgram.Column] = []
        let m = bigM
        bigMValue = m
        for (i, row) in f.program.rows.enumerated() {
            if row.rule == .C6 {
                columns.append(.init(name: "art[\(row.name)]", lower: 0, upper: .infinity, cost: m, isInteger: false,
                                     rows: [Int32(i)], values: [-1]))
            } else if row.rule != .C2, let l = row.lower, l > 0 {
                columns.append(.init(name: "art[\(row.name)]", lower: 0, upper: .infinity, cost: m, isInteger: false,
                                     rows: [Int32(i)], values: [1]))
            }
        }
        let range = try problem.addColumns(columns.map { var c = $0; c.cost = shifted(c); return c })
        artificials = Array(range)
        columnCost.append(contentsOf: columns.map { shifted($0) })
        age.append(contentsOf: repeatElement(0, count: columns.count))
        candidateOfColumn.append(contentsOf: repeatElement(-1, count: columns.count))
    }

    /// Adds the pairs of candidates `ks` (not yet in the master) as columns.
    mutating func add(_ ks: [Int]) throws {
        let columns = ks.map { k in
            var column = f.column(cadre: Int(f.candidates.cadre[k]), post: Int(postOfCandidate[k]), cost: f.candidates.cost[k], named: false)
            column.cost = shifted(column)
            return column
        }
        columnCost.append(contentsOf: columns.map(\.cost))
        age.append(contentsOf: repeatElement(0, count: columns.count))
        try problem.addColumns(phaseOne ? columns.map { var c = $0; c.cost = 0; return c } : columns)
        for k in ks {
            inMaster[k] = true
            candidateOfColumn.append(k)
        }
    }

    /// The cheapest candidates of each post and of each post holder, and every fix-pin pair.
    func initialCandidates() -> [Int] {
        let c = f.candidates
        var chosen = Set<Int>()
        if let warmMatch { chosen.formUnion(warmMatch) }
        // With a warm start, candidates are ranked by reduced cost under its duals; else by cost.
        let lambda = sideLambda.contains { $0 != 0 } ? sideLambda : []
        func rank(_ k: Int, post p: Int) -> Double {
            let r = f.cadreRow[Int(c.cadre[k])]
            var cost = c.cost[k] - rowShift[Int(f.postRow[p])] - (r >= 0 ? rowShift[Int(r)] : 0)
            if !lambda.isEmpty {
                f.forEachRow(cadre: Int(c.cadre[k]), post: p) { row in
                    let i = Int(row)
                    if i != Int(f.postRow[p]) && i != Int(r) { cost -= lambda[i] }
                }
            }
            return cost
        }
        var perHolder = [SmallestK](repeating: SmallestK(Self.initialPerHolder), count: f.instance.cadres.count)
        let holds = f.instance.tables.cadrePost
        for p in f.instance.posts.indices {
            var best = SmallestK(Self.initialPerPost)
            for k in c.range(ofPost: p) {
                let cadre = Int(c.cadre[k])
                let r = rank(k, post: p)
                best.offer(r, k)
                if holds[cadre] >= 0 {
                    perHolder[cadre].offer(r, k)
                    // The holder's stay, when eligible.
                    if holds[cadre] == Int32(p) { chosen.insert(k) }
                }
            }
            chosen.formUnion(best.indices)
        }
        for h in perHolder { chosen.formUnion(h.indices) }
        for pin in f.instance.pins where pin.action == .fix {
            if let k = c.range(ofPost: pin.post).first(where: { Int(c.cadre[$0]) == pin.cadre }) { chosen.insert(k) }
        }
        return chosen.sorted()
    }

    /// Calls `body(k, rc)` for each candidate `k` of post `p` outside the master, with its reduced cost under `duals`.
    @inline(__always)
    func forEachOutsideMaster(post p: Int, duals: UnsafeBufferPointer<Double>, _ body: (Int, Double) -> Void) {
        let c = f.candidates
        for k in c.range(ofPost: p) where !inMaster[k] {
            body(k, f.reducedCost(cadre: Int(c.cadre[k]), post: p, cost: phaseOne ? 0 : c.cost[k], duals: duals))
        }
    }

    /// Prices every candidate at the row duals `y` (real, unshifted; any vector with the right sign on
    /// each inequality row) and returns the most negative few per post outside the master, with the
    /// exact Lagrangian lower bound at `y` (posts in parallel chunks, joined in order):
    ///
    ///     L(y) = Σ_r y_r·bound_r + Σ_p min over p's candidates of rc(y)
    ///            + Σ over slack columns of min(0, rc(y))·upper + (−∞ if a free artificial has rc(y) < 0),
    ///
    /// with `phaseOneCosts` every real cost read as 0 and the artificial ones as 1 (then L bounds the
    /// breach: above zero, no plan keeps every rule). Each post takes exactly one candidate, so L(y)
    /// never exceeds the optimum of the model over all pairs.
    func priceAt(_ y: [Double], phaseOneCosts: Bool, artificialsFree: Bool) -> (add: [Int], bound: Double) {
        let (add, bound, _) = priceAt(y, phaseOneCosts: phaseOneCosts, artificialsFree: artificialsFree, recordNear: nil)
        return (add, bound)
    }

    /// `priceAt`, and with `recordNear` (a margin ≥ 0) what the tie-break needs from the same pass when it
    /// proves the optimum: each post's least reduced cost and its candidates within the margin of it.
    func priceAt(_ y: [Double], phaseOneCosts: Bool, artificialsFree: Bool,
                 recordNear: Double?) -> (add: [Int], bound: Double, near: NearPricing?) {
        var total = 0.0
        for (r, row) in f.program.rows.enumerated() where y[r] != 0 {
            // A dual of the wrong sign for the row's bounds: no bound at y (the columns are still priced).
            guard let b = y[r] > 0 ? row.lower : row.upper else { total = -.infinity; break }
            total += y[r] * b
        }
        for column in f.program.columns {
            var rc = phaseOneCosts ? 0 : column.cost
            for (i, a) in zip(column.rows, column.values) { rc -= a * y[Int(i)] }
            total += min(0, rc) * column.upper
        }
        let artificialCost = phaseOneCosts ? 1 : bigMValue
        if artificialsFree {
            for (i, row) in f.program.rows.enumerated() where row.rule != .C1 {
                // The artificial of row i (see addArtificials): coefficient −1 for C6, +1 for rows with a positive
                // lower bound; unbounded above, so a negative reduced cost makes the bound −∞. (A C1 row's
                // artificial is one more way to fill its post: it is taken with the post's candidates below.)
                if row.rule == .C6 { if artificialCost + y[i] < -1e-9 { total = -.infinity } }
                else if row.rule != .C2, let l = row.lower, l > 0 { if artificialCost - y[i] < -1e-9 { total = -.infinity } }
            }
        }
        let c = f.candidates
        let cadres = f.instance.cadres.count
        let record = recordNear.map { 2 * $0 }
        let parts = Chunks.map(f.instance.posts.count) { posts -> (add: [Int], sum: Double, cadreRC: [Double], cadreK: [Int], near: NearPricing) in
            var add: [Int] = []
            var sum = 0.0
            var near = NearPricing()
            // The most negative column of each cadre in this chunk.
            var cadreRC = [Double](repeating: -1e-7, count: cadres)
            var cadreK = [Int](repeating: -1, count: cadres)
            y.withUnsafeBufferPointer { duals in
                var best: [(rc: Double, k: Int)] = []
                for p in posts {
                    best.removeAll(keepingCapacity: true)
                    // The post is filled by one of its candidates or, while artificials are free, by its artificial.
                    let row = Int(f.postRow[p])
                    var minimum = artificialsFree && row >= 0 ? artificialCost - duals[row] : Double.infinity
                    var least = Double.infinity
                    let nearFrom = near.k.count
                    for k in c.range(ofPost: p) {
                        let cadre = Int(c.cadre[k])
                        let rc = f.reducedCost(cadre: cadre, post: p, cost: phaseOneCosts ? 0 : c.cost[k], duals: duals)
                        minimum = min(minimum, rc)
                        // Near the least so far (the least only falls: the list is trimmed after the post).
                        if let record {
                            least = min(least, rc)
                            if rc <= least + record { near.k.append(Int32(k)); near.rc.append(rc) }
                        }
                        guard rc < -1e-7, !inMaster[k] else { continue }
                        if rc < cadreRC[cadre] { cadreRC[cadre] = rc; cadreK[cadre] = k }
                        if best.count < Self.addPerPost {
                            best.append((rc, k))
                            best.sort { ($0.rc, $0.k) < ($1.rc, $1.k) }
                        } else if rc < best[best.count - 1].rc {
                            best[best.count - 1] = (rc, k)
                            best.sort { ($0.rc, $0.k) < ($1.rc, $1.k) }
                        }
                    }
                    // A post without candidates adds nothing (its artificial, or infeasibility, covers it).
                    if minimum.isFinite { sum += minimum }
                    add.append(contentsOf: best.map(\.k))
                    if let record {
                        near.least.append(least)
                        var kept = nearFrom
                        for i in nearFrom..<near.k.count where near.rc[i] <= least + record {
                            near.k[kept] = near.k[i]
                            near.rc[kept] = near.rc[i]
                            kept += 1
                        }
                        near.k.removeLast(near.k.count - kept)
                        near.rc.removeLast(near.rc.count - kept)
                        near.start.append(near.k.count)
                    }
                }
            }
            return (add, sum, cadreRC, cadreK, near)
        }
        // Besides the best few per post, each cadre's most negative column over all posts, so that a
        // round's columns spread over cadres rather than crowd onto the few that many posts want.
        // Chunks come in post order, so the strict `<` keeps the lowest candidate index on ties.
        // Measured, one run each, same binary, without/with (s): hard family 3,000 posts shares
        // 20.3/13.3, shares+1 (infeasible) 27.9/16.3, quotas 99.7/95.4, cap1 8.5/10.0, all 40.1/44.2;
        // 1,125 posts quotas 4.8/4.1, moves-1 4.8/3.9, pins 0.62/0.48, cap2 1.28/1.14, others within noise.
        var rcOf = [Double](repeating: -1e-7, count: cadres), kOf = [Int](repeating: -1, count: cadres)
        for part in parts {
            for i in 0..<cadres where part.cadreK[i] >= 0 && part.cadreRC[i] < rcOf[i] {
                rcOf[i] = part.cadreRC[i]
                kOf[i] = part.cadreK[i]
            }
        }
        let chosen = Set(parts.flatMap(\.add)).union(kOf.filter { $0 >= 0 })
        var near: NearPricing?
        if let recordNear {
            near = NearPricing(joining: parts.map(\.near))
            near!.margin = recordNear
        }
        return (chosen.sorted(), total + parts.reduce(0) { $0 + $1.sum }, near)
    }


    /// Every candidate outside the master whose reduced cost is at most `limit`.
    func candidates(reducedCostAtMost limit: Double) -> [Int] {
        let y = realDuals()
        return Chunks.map(f.instance.posts.count) { posts -> [Int] in
            var out: [Int] = []
            y.withUnsafeBufferPointer { duals in
                for p in posts {
                    forEachOutsideMaster(post: p, duals: duals) { k, rc in if rc <= limit { out.append(k) } }
                }
            }
            return out
        }.flatMap { $0 }
    }

    /// What the column generation reached.
    enum Outcome {
        /// A plan (optimal or, when stopped by the time limit, feasible) with its proven bound.
        case plan(MIPResult, pairs: [(cadre: Int, post: Int)])
        /// The restricted model cannot decide: solve the full model.
        case needFullModel
        /// Proven: no plan keeps every rule (the LP relaxation over all pairs has no solution).
        case infeasible
        /// Stopped by the time limit before any plan.
        case noSolution
        case failed(String)
    }

    /// A plan near the LP optimum (relaxation-induced neighbourhood): the pairs the LP solution takes
    /// whole are kept, and a small integer program over the posts and cadres left open (every eligible
    /// pair among them, with its real cost) places the rest. Nil when that small program has no plan.
    /// Returns the pairs and their objective (SPEC §7).
    ///
    /// With `grace`, a passed deadline still leaves the small program a little time (5 % of the limit,
    /// at most 2 s), so that a stopped solve can write a plan.
    func neighbourhoodPlan(values: [Double], grace: Bool = false) -> (pairs: [Int], objective: Double)? {
        let c = f.candidates
        let instance = f.instance
        var fixed: [Int] = []
        var postTaken = [Bool](repeating: false, count: instance.posts.count)
        var cadreTaken = [Bool](repeating: false, count: instance.cadres.count)
        for (j, k) in candidateOfColumn.enumerated() where k >= 0 && values[j] > 1 - 1e-6 {
            fixed.append(k)
            postTaken[Int(postOfCandidate[k])] = true
            cadreTaken[Int(c.cadre[k])] = true
        }
        // Row activity of the kept pairs.
        var used = [Double](repeating: 0, count: f.program.rows.count)
        var objective = 0.0
        for k in fixed {
            objective += c.cost[k]
            f.forEachRow(cadre: Int(c.cadre[k]), post: Int(postOfCandidate[k])) { used[Int($0)] += 1 }
        }
        // An integral LP solution is a plan already (the LP keeps every row): no small program needed.
        if fixed.count == instance.posts.count {
            for (cadre, j) in f.releaseColumn where !cadreTaken[cadre] { objective += f.program.columns[j].cost }
            return (fixed.sorted(), objective)
        }
        var sub = IntegerProgram()
        for (i, row) in f.program.rows.enumerated() {
            sub.addRow(name: row.name, rule: row.rule, lower: row.lower.map { $0 - used[i] }, upper: row.upper.map { $0 - used[i] })
        }
        var subCandidate: [Int] = []
        var slackCadre: [Int] = []
        for (cadre, j) in f.releaseColumn.sorted(by: { $0.key < $1.key }) + f.idleColumn.sorted(by: { $0.key < $1.key })
        where !cadreTaken[cadre] {
            sub.addColumn(f.program.columns[j])
            slackCadre.append(cadre)
            subCandidate.append(-1)
        }
        for p in instance.posts.indices where !postTaken[p] {
            for k in c.range(ofPost: p) where !cadreTaken[Int(c.cadre[k])] {
                sub.addColumn(f.column(cadre: Int(c.cadre[k]), post: p, cost: c.cost[k], named: false))
                subCandidate.append(k)
            }
        }
        var o = SolveOptions(timeLimit: nil)
        o.progress = nil
        if let deadline = options.deadline {
            let extra = grace ? min(2, 0.05 * (options.timeLimit ?? 0)) : 0
            o.timeLimit = max(0.001, deadline.timeIntervalSinceNow + extra)
        }
        guard let problem = try? GLPKProblem(sub) else { return nil }
        let result = problem.solve(o)
        guard result.status == .optimal || result.status == .feasible else { return nil }
        var pairs = fixed
        for (j, v) in result.values.enumerated() where v > 0.5 {
            if subCandidate[j] >= 0 { pairs.append(subCandidate[j]) } else { objective += sub.columns[j].cost }
        }
        for (j, k) in subCandidate.enumerated() where k >= 0 && result.values[j] > 0.5 { objective += c.cost[k] }
        return (pairs.sorted(), objective)
    }

    /// GLPK's branch and bound on the master, objective and bound in real (unshifted) terms.
    func solveMIP(bound: Double, incumbent: [Double]? = nil) -> MIPResult {
        let offset = self.offset
        let progress = options.progress
        var mip = problem.solveMIP(deadline: options.deadline, lpBound: bound - offset, incumbent: incumbent, progress: progress.map { send in
            { nodes, best, nodeBound in
                send(SolveProgress(phase: "branch and bound", best: best.map { $0 + offset }, bound: max(bound, nodeBound + offset),
                                   detail: tr("detail.nodes", ["n": String(nodes)])))
            }
        })
        mip.objective = mip.objective.map { $0 + offset }
        mip.bound = mip.bound.map { $0 + offset }
        return mip
    }

    mutating func run() throws -> Outcome {
        // The time limit stopped the enumeration of eligible pairs: no plan can be proven or trusted.
        guard f.candidates.complete else { return .noSolution }
        clock = Date()
        computeWarmStart()
        mark("assignment")
        if warmMatch != nil {
            // GLPK sees the shifted costs of the slack columns already loaded.
            for j in Array(f.releaseColumn.values) + Array(f.idleColumn.values) {
                problem.setCost(column: j, shifted(f.program.columns[j]))
            }
        }
        columnCost = f.program.columns.map { shifted($0) }
        age = Array(repeating: 0, count: columnCost.count)
        try addArtificials()
        try add(initialCandidates())
        installWarmBasis()
        mark("master")
        // The plain warm start is dual feasible (dual simplex); with multipliers it is not, but it breaks
        // the side rows less (primal simplex).
        var method: GLPKProblem.SimplexMethod = sideLambda.contains { $0 != 0 } ? .primal : .dual
        var bound = -Double.infinity
        var lpProven = false
        // Artificial columns are free until an LP solution leaves them all at zero; then they are fixed.
        var artificialsFree = true
        let tolerance = 1e-6
        // Big-M first (cost and breach together; measured better than a pure phase 1 on feasible binding
        // instances: fewer useless columns), with phase 1's bound checked each round.
        var composite = true
        while true {
            let before = problem.iterations
            let lp = problem.solveLP(method, deadline: options.deadline)
            mark(phaseOne ? "phase 1" : "lp")
            switch lp {
            case .optimal: break
            case .timeLimit: return bestFound(bound: bound)
            case .infeasible:
                // Only possible once the artificials are fixed: numerical trouble; let the full model decide.
                return .needFullModel
            case .failed(let why): return .failed(why)
            }
            method = .primal
            if artificialsFree {
                let infeasibility = artificials.reduce(0.0) { $0 + problem.columnValue($1) }
                if infeasibility > tolerance && !phaseOne,
                   priceAt(realDuals().map { $0 / bigMValue }, phaseOneCosts: true, artificialsFree: true).bound > tolerance {
                    mark("breach bound")
                    report("no plan: the breach is proven positive", detail: tr("detail.roundColumns", ["round": String(rounds), "columns": String(candidateOfColumn.count)]))
                    return .infeasible
                }
                if infeasibility <= tolerance {
                    for a in artificials { problem.setBounds(column: a, lower: 0, upper: 0) }
                    artificialsFree = false
                    // The first plan, found early: what a time limit returns if it stops the search later.
                    if let plan = neighbourhoodPlan(values: problem.lpValues()) {
                        incumbent = plan
                        // A feasibility probe stops here: the plan, not proven optimal, without a bound.
                        if options.firstPlan { return bestFound(bound: -.infinity) }
                        report("first plan", best: plan.objective, bound: bound.isFinite ? bound : nil)
                    }
                    // A plan exists for the master: optimise the real costs from this feasible basis.
                    if phaseOne { setPhaseTwoCosts(); continue }
                } else if !phaseOne && !composite {
                    // The restricted master cannot keep every rule: minimise the breach first (phase 1),
                    // pricing by the breach's duals, until it is zero or proven positive over all pairs.
                    setPhaseOneCosts()
                    continue
                }
            }
            report(phaseOne ? "feasibility (phase 1)" : "linear relaxation", bound: !phaseOne && bound.isFinite ? bound : nil,
                   detail: tr("detail.round", ["round": String(rounds), "columns": String(candidateOfColumn.count), "purged": String(purged),
                                              "iterations": String(problem.iterations - before)])
                   + ", " + (phaseOne ? tr("detail.breach", ["value": "\(problem.lpObjective)"]) : "LP \(problem.lpObjective + offset)"))
            // A round that may prove the optimum keeps, for the tie-break, each post's candidates near its
            // least reduced cost (measured on the 10,000-post ladder rung: the tie-break's own pass over
            // 18 million pairs took 0.27 s).
            let mayProve = !phaseOne && !artificialsFree && options.tieBreak
            let (newColumns, lagrangian, near) = priceAt(realDuals(), phaseOneCosts: phaseOne, artificialsFree: artificialsFree,
                                                         recordNear: mayProve ? NearPricing.margin(lp: problem.lpObjective + offset) : nil)
            mark(phaseOne ? "pricing 1" : "pricing")
            if phaseOne {
                // Every plan breaks the rows by at least `lagrangian` (> 0): no plan exists at all.
                if lagrangian > tolerance || newColumns.isEmpty {
                    report("no plan: the breach is proven positive", detail: tr("detail.phaseOne", ["round": String(rounds), "bound": "\(lagrangian)"]))
                    return .infeasible
                }
            } else {
                bound = max(bound, lagrangian)
                if Self.purgeAge > 0, !newColumns.isEmpty { purge(limit: Self.purgeLimit) }
                if newColumns.isEmpty && artificialsFree {
                    // Big-M converged with a breach left: decide feasibility by phase 1.
                    composite = false
                    setPhaseOneCosts()
                    continue
                }
                if newColumns.isEmpty {
                    lpProven = true
                    provenDuals = realDuals()
                    provenNear = near
                    break
                }
            }
            rounds += 1
            try add(newColumns)
            if let deadline = options.deadline, Date() >= deadline { break }
        }
        if phaseOne { return .noSolution }
        if lpProven { bound = problem.lpObjective + offset }
        if artificialsFree {
            for a in artificials { problem.setBounds(column: a, lower: 0, upper: 0) }
            guard problem.solveLP(.primal, deadline: options.deadline) == .optimal else {
                return lpProven ? .needFullModel : bestFound(bound: bound)
            }
        }
        mark("lp")
        // A plan from the LP solution: when it meets the bound, it is optimal without branching.
        var start: [Double]?
        if let heuristic = neighbourhoodPlan(values: problem.lpValues(), grace: true) {
            if incumbent == nil || heuristic.objective < incumbent!.objective { incumbent = heuristic }
            mark("heuristic")
            report("plan from the relaxation", best: heuristic.objective, bound: bound)
            let missing = heuristic.pairs.filter { !inMaster[$0] }
            if !missing.isEmpty {
                try add(missing)
                _ = problem.solveLP(.primal, deadline: options.deadline)
            }
            let chosen = Set(heuristic.pairs)
            var x = [Double](repeating: 0, count: candidateOfColumn.count)
            var placed = Set<Int>()
            for (j, k) in candidateOfColumn.enumerated() where k >= 0 && chosen.contains(k) {
                x[j] = 1
                placed.insert(Int(f.candidates.cadre[k]))
            }
            for (cadre, j) in f.releaseColumn where !placed.contains(cadre) { x[j] = 1 }
            for (cadre, j) in f.idleColumn where !placed.contains(cadre) { x[j] = 1 }
            if lpProven && heuristic.objective <= bound + 1e-6 * max(1, abs(bound)) {
                let pairs = heuristic.pairs.map { (Int(f.candidates.cadre[$0]), Int(postOfCandidate[$0])) }
                return .plan(MIPResult(status: .optimal, values: x, objective: heuristic.objective, bound: heuristic.objective,
                                       simplexIterations: problem.iterations, nodes: 0), pairs: pairs)
            }
            start = x
        }
        mark("heuristic")
        var mip = solveMIP(bound: bound, incumbent: start)
        mark("mip")
        if mip.status == .infeasible { return lpProven ? .needFullModel : bestFound(bound: bound) }
        if mip.status == .optimal, lpProven, let z = mip.objective {
            // Close the gap: only pairs with reduced cost ≤ zIP − zLP could be in a better plan.
            let gap = z - bound
            let tolerance = 1e-6 * max(1, abs(z))
            if gap > tolerance {
                let extra = candidates(reducedCostAtMost: gap + tolerance)
                report("closing the gap", best: z, bound: bound, detail: tr("detail.closing", ["n": String(extra.count), "gap": "\(gap)"]))
                if !extra.isEmpty {
                    try add(extra)
                    guard problem.solveLP(.primal, deadline: options.deadline) == .optimal else { return bestFound(bound: bound) }
                    mip = solveMIP(bound: bound)
                }
            }
        }
        switch mip.status {
        case .optimal where lpProven: break
        case .optimal, .feasible:
            // Stopped early: a plan, with the bound proven over all pairs (not the master's own).
            if let incumbent, let z = mip.objective, incumbent.objective < z { return bestFound(bound: bound) }
            mip.status = .feasible
            mip.bound = bound
        case .noSolution: return bestFound(bound: bound)
        case .infeasible: return .needFullModel
        case .failed(let why): return .failed(why)
        }
        var pairs: [(cadre: Int, post: Int)] = []
        for (j, v) in mip.values.enumerated() where v > 0.5 {
            let k = candidateOfColumn[j]
            if k >= 0 { pairs.append((Int(f.candidates.cadre[k]), Int(postOfCandidate[k]))) }
        }
        return .plan(mip, pairs: pairs)
    }

    /// What a stopped search returns: the best plan found so far (not proven optimal) with the bound
    /// proven over all pairs, or no plan.
    func bestFound(bound: Double) -> Outcome {
        guard let incumbent else { return .noSolution }
        let pairs = incumbent.pairs.map { (Int(f.candidates.cadre[$0]), Int(postOfCandidate[$0])) }
        return .plan(MIPResult(status: .feasible, values: [], objective: incumbent.objective,
                               bound: bound.isFinite ? min(bound, incumbent.objective) : nil,
                               simplexIterations: problem.iterations, nodes: 0), pairs: pairs)
    }

    /// Keeps the master small: pair columns that have been non-basic with a reduced cost above
    /// `limit` for `Self.purgeAge` rounds leave GLPK (pricing brings one back if it is needed again).
    /// GLPK's simplex prices every column in each iteration, so a lean master makes every pivot cheaper.
    mutating func purge(limit: Double) {
        let first = f.program.columns.count + artificials.count
        guard candidateOfColumn.count - first > Self.purgeFloor else { return }
        let (rc, basic) = problem.reducedCosts(first..<candidateOfColumn.count)
        var drop: [Int] = []
        for i in rc.indices {
            let j = first + i
            // A pair leaves the master a bounded number of times, so pricing and purging cannot cycle.
            if basic[i] || rc[i] <= limit || timesPurged[candidateOfColumn[j]] >= Self.purgesPerPair { age[j] = 0; continue }
            age[j] += 1
            if age[j] >= Self.purgeAge { drop.append(j) }
        }
        guard drop.count * Self.purgeShare >= candidateOfColumn.count - first else { return }
        problem.deleteColumns(drop)
        var keep = [Bool](repeating: true, count: candidateOfColumn.count)
        for j in drop {
            keep[j] = false
            inMaster[candidateOfColumn[j]] = false
            timesPurged[candidateOfColumn[j]] += 1
        }
        candidateOfColumn = candidateOfColumn.indices.filter { keep[$0] }.map { candidateOfColumn[$0] }
        columnCost = columnCost.indices.filter { keep[$0] }.map { columnCost[$0] }
        age = age.indices.filter { keep[$0] }.map { age[$0] }
        purged += drop.count
    }

    /// Phase 1: every column costs 0 but the artificial ones, which cost 1; GLPK then minimises the breach.
    mutating func setPhaseOneCosts() {
        phaseOne = true
        let isArtificial = Set(artificials)
        for j in candidateOfColumn.indices { problem.setCost(column: j, isArtificial.contains(j) ? 1 : 0) }
    }

    /// Back to the real (shifted) costs.
    mutating func setPhaseTwoCosts() {
        phaseOne = false
        for j in candidateOfColumn.indices { problem.setCost(column: j, columnCost[j]) }
    }
}

/// The `k` smallest (value, index) pairs offered, ties broken by index; keeps no more than `k`.
struct SmallestK {
    let k: Int
    private(set) var items: [(value: Double, index: Int)] = []

    init(_ k: Int) { self.k = k }

    var indices: [Int] { items.map(\.index) }

    @inline(__always)
    mutating func offer(_ value: Double, _ index: Int) {
        if items.count == k {
            let last = items[k - 1]
            guard (value, index) < (last.value, last.index) else { return }
            items.removeLast()
        }
        var i = items.count
        items.append((value, index))
        while i > 0 && (items[i - 1].value, items[i - 1].index) > (value, index) {
            items[i] = items[i - 1]
            i -= 1
        }
        items[i] = (value, index)
    }
}
