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
    /// Row duals of the warm start: GLPK sees costs reduced by them (`c − Σ a·shift`), which changes
    /// the objective only by `offset` because every shifted row is an equality with right-hand side 1.
    var rowShift: [Double]
    var offset = 0.0
    /// The pure assignment's optimum (posts to candidate indices), when the warm start applies.
    var warmMatch: [Int]?
    /// Seconds spent per phase, for `--timings` and the benchmarks.
    var phases: [(String, Double)] = []
    private var clock = Date()

    /// Records the time since the last mark under `name` (summed when repeated).
    mutating func mark(_ name: String) {
        let now = Date()
        if let i = phases.firstIndex(where: { $0.0 == name }) { phases[i].1 += now.timeIntervalSince(clock) }
        else { phases.append((name, now.timeIntervalSince(clock))) }
        clock = now
    }

    init(instance: Instance, options: SolveOptions) throws {
        f = Formulation(instance: instance, allPairs: false, exclusions: options.exclusions, minDiff: options.minDiff,
                        deadline: options.deadline)
        self.options = options
        problem = try GLPKProblem(f.program)
        candidateOfColumn = Array(repeating: -1, count: f.program.columns.count)
        inMaster = Array(repeating: false, count: f.candidates.count)
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
        // The assignment runs on every eligible arc: its duals must be feasible for all of them, or
        // the starting basis is not dual feasible and the simplex has to work its way back.
        guard let lap = SparseAssignment(rows: f.instance.posts.count, columns: f.instance.cadres.count,
                                         start: c.postStart, column: c.cadre, cost: c.cost,
                                         discount: holder.map { $0 ? release : 0 }, deadline: options.deadline)
        else { return }
        for p in f.instance.posts.indices { rowShift[Int(f.postRow[p])] = lap.u[p] }
        for cadre in f.instance.cadres.indices where f.cadreRow[cadre] >= 0 {
            rowShift[Int(f.cadreRow[cadre])] = lap.v[cadre] + (holder[cadre] ? release : 0)
        }
        offset = rowShift.reduce(0, +)
        warmMatch = f.instance.posts.indices.map { p in
            c.range(ofPost: p).first { c.cadre[$0] == lap.rowMatch[p] }!
        }
    }

    /// The cost GLPK sees for a column: its cost reduced by the shifts of its rows.
    func shifted(_ column: IntegerProgram.Column) -> Double {
        var cost = column.cost
        for (i, a) in zip(column.rows, column.values) { cost -= a * rowShift[Int(i)] }
        return cost
    }

    /// Row duals of the real (unshifted) problem.
    func realDuals() -> [Double] {
        var y = problem.rowDuals()
        for i in y.indices { y[i] += rowShift[i] }
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
        candidateOfColumn.append(contentsOf: repeatElement(-1, count: columns.count))
    }

    /// Adds the pairs of candidates `ks` (not yet in the master) as columns.
    mutating func add(_ ks: [Int]) throws {
        let columns = ks.map { k in
            var column = f.column(cadre: Int(f.candidates.cadre[k]), post: Int(postOfCandidate[k]), cost: f.candidates.cost[k], named: false)
            column.cost = shifted(column)
            return column
        }
        try problem.addColumns(columns)
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
        func rank(_ k: Int, post p: Int) -> Double {
            let r = f.cadreRow[Int(c.cadre[k])]
            return c.cost[k] - rowShift[Int(f.postRow[p])] - (r >= 0 ? rowShift[Int(r)] : 0)
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
            body(k, f.reducedCost(cadre: Int(c.cadre[k]), post: p, cost: c.cost[k], duals: duals))
        }
    }

    /// Prices every candidate outside the master with the current duals (posts in parallel chunks).
    /// Returns the most negative few per post and the Lagrangian lower bound `zLP + Σ_p min(0, min rc)`.
    func price() -> (add: [Int], bound: Double) {
        let y = realDuals()
        let parts = Chunks.map(f.instance.posts.count) { posts -> (add: [Int], negativeSum: Double) in
            var add: [Int] = []
            var negativeSum = 0.0
            y.withUnsafeBufferPointer { duals in
                var best: [(rc: Double, k: Int)] = []
                for p in posts {
                    best.removeAll(keepingCapacity: true)
                    var minimum = 0.0
                    forEachOutsideMaster(post: p, duals: duals) { k, rc in
                        guard rc < -1e-7 else { return }
                        minimum = min(minimum, rc)
                        if best.count < Self.addPerPost {
                            best.append((rc, k))
                            best.sort { ($0.rc, $0.k) < ($1.rc, $1.k) }
                        } else if rc < best[best.count - 1].rc {
                            best[best.count - 1] = (rc, k)
                            best.sort { ($0.rc, $0.k) < ($1.rc, $1.k) }
                        }
                    }
                    negativeSum += minimum
                    add.append(contentsOf: best.map(\.k))
                }
            }
            return (add, negativeSum)
        }
        let add = parts.flatMap(\.add)
        let negativeSum = parts.reduce(0) { $0 + $1.negativeSum }
        return (add.sorted(), problem.lpObjective + offset + negativeSum)
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
        /// Stopped by the time limit before any plan.
        case noSolution
        case failed(String)
    }

    /// GLPK's branch and bound on the master, objective and bound in real (unshifted) terms.
    func solveMIP(bound: Double) -> MIPResult {
        var mip = problem.solveMIP(deadline: options.deadline, lpBound: bound - offset)
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
        try addArtificials()
        try add(initialCandidates())
        installWarmBasis()
        mark("master")
        var method = GLPKProblem.SimplexMethod.dual
        var bound = -Double.infinity
        var lpProven = false
        while true {
            let lp = problem.solveLP(method, deadline: options.deadline)
            mark("lp")
            switch lp {
            case .optimal: break
            case .timeLimit: return .noSolution
            case .infeasible: return .needFullModel
            case .failed(let why): return .failed(why)
            }
            method = .primal
            let (newColumns, lagrangian) = price()
            mark("pricing")
            bound = max(bound, lagrangian)
            if newColumns.isEmpty { lpProven = true; break }
            rounds += 1
            try add(newColumns)
            if let deadline = options.deadline, Date() >= deadline { break }
        }
        let values = problem.lpValues()
        if lpProven && artificials.contains(where: { values[$0] > 1e-7 }) { return .needFullModel }
        if lpProven { bound = problem.lpObjective + offset }
        for a in artificials { problem.setBounds(column: a, lower: 0, upper: 0) }
        guard problem.solveLP(.primal, deadline: options.deadline) == .optimal else {
            return lpProven ? .needFullModel : .noSolution
        }
        mark("lp")
        var mip = solveMIP(bound: bound)
        mark("mip")
        if mip.status == .infeasible { return lpProven ? .needFullModel : .noSolution }
        if mip.status == .optimal, lpProven, let z = mip.objective {
            // Close the gap: only pairs with reduced cost ≤ zIP − zLP could be in a better plan.
            let gap = z - bound
            let tolerance = 1e-6 * max(1, abs(z))
            if gap > tolerance {
                let extra = candidates(reducedCostAtMost: gap + tolerance)
                if !extra.isEmpty {
                    try add(extra)
                    guard problem.solveLP(.primal, deadline: options.deadline) == .optimal else { return .noSolution }
                    mip = solveMIP(bound: bound)
                }
            }
        }
        switch mip.status {
        case .optimal where lpProven: break
        case .optimal, .feasible:
            // Stopped early: a plan, with the bound proven over all pairs (not the master's own).
            mip.status = .feasible
            mip.bound = bound
        case .noSolution: return .noSolution
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
