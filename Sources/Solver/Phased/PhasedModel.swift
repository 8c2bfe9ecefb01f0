import AssignModel
import Foundation

/// The integer program of a phased plan (SPEC §11.5), built on the grouped instance (§11.1).
///
/// Every column is one cadre's whole path through the plan — **keep** what it holds now, **move** at
/// phase t to group g, or be **released** at phase t — so "nobody moves twice" and C2 at every phase
/// hold by construction: one row per cadre takes exactly one path (at most one for a cadre without a
/// post, whose "keep" is holding nothing). A path holds a known group at each phase (`holding`), and
/// each rule adds its rows once per phase:
///
/// * C1 `C1[g@t]`: the paths holding group g at phase t number exactly one;
/// * C3: a `fix` pin's cadre holds the pin's group at the last phase;
/// * C4: each phase's share targets (the phase's `shares`, and at the last phase the policy's own)
///   count the holders at that phase, ages in its year;
/// * C5, C6, C7: the moves (and releases) made at each phase against the phase's caps and quotas,
///   and all of them against the policy's own (the totals);
/// * C8: at each phase, a relation's two cadres hold groups of one unit at most once.
///
/// Eligibility is read in each phase's year (`atPhase`): a move (c, g, t) must be an eligible pair
/// with plan year Y_t (E1–E8), and so must (c, its group now) at every phase it still holds it; a
/// cadre retiring by Y_t holds nothing from t on. A move before the last phase to a group with a
/// limit needs Y_T − Y_t < limit(g).
public struct PhasedModel: Sendable {
    /// What a column decides for its cadre.
    public enum Path: Sendable, Equatable {
        /// Keeps what it holds now through the plan, until it retires.
        case keep
        /// Moves at `phase` to group `post` and holds it from then on, until it retires.
        case move(post: Int, phase: Int)
        /// Holds its group now until `phase`, then nothing.
        case release(phase: Int)
    }

    /// One column: a cadre, its path and the path's cost (SPEC §11.5 objective).
    public struct Column: Sendable {
        public var cadre: Int
        public var path: Path
        public var cost: Double
    }

    /// The grouped instance as read (policy with its phases).
    public let instance: Instance
    /// The phase years Y_1 < … < Y_T.
    public let years: [Int]
    /// The instance as seen at each phase: plan year Y_t, the share targets that hold at that phase
    /// (the phase's, then at the last phase the policy's own), the phase's caps and quotas, no phases.
    public let atPhase: [Instance]
    /// SPEC §4 quantities of each cadre in each phase's year, `facts[t][c]`.
    public let facts: [[CadreFacts]]
    /// The first phase at which each cadre is retiring (holds nothing from then on); T if none.
    public let retiresAt: [Int]
    /// For a cadre who holds a group now: how many leading phases it may still hold it (the pair
    /// eligible in each of those years, before it retires); 0 without a group.
    public let mayHoldUntil: [Int]
    public private(set) var program = IntegerProgram()
    public private(set) var columns: [Column] = []
    /// Whether every candidate pair was enumerated before the deadline.
    public private(set) var complete = true

    /// The number of phases, T.
    public var phaseCount: Int { years.count }

    /// Builds the model of `instance` (grouped, with `policy.phases` non-empty).
    ///
    /// `exclusions` are earlier plans, as each cadre's path: the plan must differ from each in at least
    /// `minDiff` (group, phase) holdings (`--alternatives`).
    public init(instance: Instance, deadline: Date? = nil, exclusions: [[Path?]] = [], minDiff: Int = 1) {
        self.instance = instance
        let policy = instance.policy
        let phases = policy.phases
        years = phases.map(\.year)
        let last = phases.count - 1
        atPhase = phases.enumerated().map { t, phase in
            var i = instance
            var p = policy
            p.year = phase.year
            p.phases = []
            p.maxMoves = phase.maxMoves
            p.maxArrivalsPerUnit = phase.maxArrivalsPerUnit
            p.minMoves = phase.minMoves
            p.shareTargets = phase.shareTargets + (t == last ? policy.shareTargets : [])
            i.policy = p
            return i
        }
        let facts = atPhase.map { $0.allFacts() }
        self.facts = facts
        let atPhase = self.atPhase
        let cadreCount = instance.cadres.count
        let T = phases.count
        var retiresAt = [Int](repeating: T, count: cadreCount)
        var mayHoldUntil = [Int](repeating: 0, count: cadreCount)
        for c in 0..<cadreCount {
            retiresAt[c] = (0..<T).first { facts[$0][c].retiring } ?? T
            guard let h = instance.cadres[c].post else { continue }
            var k = 0
            while k < retiresAt[c], atPhase[k].isEligible(cadre: c, post: h, facts: facts[k][c]) { k += 1 }
            mayHoldUntil[c] = k
        }
        self.retiresAt = retiresAt
        self.mayHoldUntil = mayHoldUntil
        buildColumns(deadline: deadline)
        buildRows(exclusions: exclusions, minDiff: minDiff)
    }

    /// The group cadre `c` holds at phase `t` on `path`; nil for none.
    public func holding(cadre c: Int, path: Path, phase t: Int) -> Int? {
        guard t < retiresAt[c] else { return nil }
        let now = instance.cadres[c].post
        switch path {
        case .keep: return now
        case .move(let g, let at): return t < at ? now : g
        case .release(let at): return t < at ? now : nil
        }
    }

    // MARK: columns

    private mutating func buildColumns(deadline: Date?) {
        let T = phaseCount
        let cadreCount = instance.cadres.count
        var byCadre = [[Column]](repeating: [], count: cadreCount)
        // Keep and release paths of the cadres who hold a group now.
        for c in 0..<cadreCount {
            guard let h = instance.cadres[c].post, retiresAt[c] > 0 else { continue }
            if mayHoldUntil[c] >= retiresAt[c] {
                // A keeper through the last phase pays that stay's cost once; one who retires on the way, nothing.
                let cost = retiresAt[c] == T ? atPhase[T - 1].cost(cadre: c, post: h) : 0
                byCadre[c].append(Column(cadre: c, path: .keep, cost: cost))
            }
        }
        // Moves: the eligible pairs of each phase's year, other than the group held now.
        for t in 0..<T {
            let candidates = CandidateSet(instance: atPhase[t], facts: facts[t], deadline: deadline)
            if !candidates.complete { complete = false; return }
            for g in instance.posts.indices {
                // A move before the last phase must not reach g's limit by the last phase's year.
                if t < T - 1, let limit = instance.limit(post: g), years[T - 1] - years[t] >= limit { continue }
                for k in candidates.range(ofPost: g) {
                    let c = Int(candidates.cadre[k])
                    let now = instance.cadres[c].post
                    if now == g { continue }
                    // Until it moves, the cadre holds its group now: that must be allowed at every earlier phase.
                    if now != nil && t > mayHoldUntil[c] { continue }
                    if t >= retiresAt[c] { continue }
                    byCadre[c].append(Column(cadre: c, path: .move(post: g, phase: t), cost: candidates.cost[k]))
                }
            }
        }
        let release = instance.policy.weights.release
        for c in 0..<cadreCount {
            guard instance.cadres[c].post != nil else { continue }
            for t in 0..<min(retiresAt[c], mayHoldUntil[c] + 1) {
                byCadre[c].append(Column(cadre: c, path: .release(phase: t), cost: release))
            }
        }
        columns = byCadre.flatMap { $0 }
    }

    // MARK: rows

    private mutating func buildRows(exclusions: [[Path?]], minDiff: Int) {
        let T = phaseCount
        let posts = instance.posts, cadres = instance.cadres, units = instance.units
        let U = units.count, G = posts.count
        var entries = [[(Int, Double)]](repeating: [], count: columns.count)
        func add(_ j: Int, _ row: Int, _ value: Double = 1) { entries[j].append((row, value)) }

        // One path per cadre (C2 at every phase): exactly one for a cadre holding a group now.
        var cadreRow = [Int](repeating: -1, count: cadres.count)
        for (j, col) in columns.enumerated() {
            let c = col.cadre
            if cadreRow[c] < 0 {
                let holds = cadres[c].post != nil
                cadreRow[c] = program.addRow(name: "C2[\(cadres[c].id)]", rule: .C2, lower: holds ? 1 : nil, upper: 1)
            }
            add(j, cadreRow[c])
        }
        // C1 every group has exactly one holder at every phase.
        var filledRow = [[Int]](repeating: [], count: T)
        for t in 0..<T {
            filledRow[t] = posts.indices.map { g in
                program.addRow(name: "C1[\(posts[g].id)@\(years[t])]", rule: .C1, lower: 1, upper: 1)
            }
        }
        // C3 a fix pin's cadre holds the pin's group at the last phase.
        var pinRows: [(cadre: Int, post: Int, row: Int)] = []
        for pin in instance.pins where pin.action == .fix {
            let row = program.addRow(name: "C3[\(cadres[pin.cadre].id),\(posts[pin.post].id)]", rule: .C3, lower: 1, upper: 1)
            pinRows.append((pin.cadre, pin.post, row))
        }
        // C4 at every phase: the targets holding then, over the holders then.
        var shareRows = [[[(row: Int, kind: ShareKind, weight: Double)]]](repeating: Array(repeating: [], count: G), count: T)
        for t in 0..<T {
            let seen = atPhase[t]
            for (k, target) in seen.policy.shareTargets.enumerated() {
                for set in target.groups(target.posts(in: seen), in: seen) {
                    let need = target.need(posts: target.size(set, in: seen))
                    guard need > 0 else { continue }
                    let place = target.perUnit ? ",\(units[posts[set[0]].unit].id)" : ""
                    let row = program.addRow(name: "C4[\(k + 1)\(place)@\(years[t])]", rule: .C4, lower: Double(need), upper: nil)
                    for g in set {
                        // A group counts once per post of S it has, never more than the need (as in `Formulation`).
                        shareRows[t][g].append((row, target.of, Double(min(need, seen.shareWeight(target, post: g)))))
                    }
                }
            }
        }
        // C5 arrivals per unit: at each phase against its cap, and in all against the policy's.
        var arrivalRow = [[Int]](repeating: Array(repeating: -1, count: U), count: T + 1)
        for t in 0...T {
            guard let cap = t < T ? atPhase[t].policy.maxArrivalsPerUnit : instance.policy.maxArrivalsPerUnit else { continue }
            let at = t < T ? "@\(years[t])" : ""
            for u in 0..<U {
                arrivalRow[t][u] = program.addRow(name: "C5[\(units[u].id)\(at)]", rule: .C5, lower: nil, upper: Double(cap))
            }
        }
        // C6 moves and releases: at each phase, and in all.
        var moveRow = [Int](repeating: -1, count: T + 1)
        for t in 0...T {
            guard let cap = t < T ? atPhase[t].policy.maxMoves : instance.policy.maxMoves else { continue }
            moveRow[t] = program.addRow(name: t < T ? "C6@\(years[t])" : "C6", rule: .C6, lower: nil, upper: Double(cap))
        }
        // C7 moves of each type: at each phase, and in all.
        var quotaRow = [[Int]](repeating: Array(repeating: -1, count: MoveType.allCases.count), count: T + 1)
        for t in 0...T {
            let quotas = t < T ? atPhase[t].policy.minMoves : instance.policy.minMoves
            for type in MoveType.quotaTypes {
                guard let quota = quotas[type], quota > 0 else { continue }
                quotaRow[t][type.index] = program.addRow(name: "C7[\(type.rawValue)]" + (t < T ? "@\(years[t])" : ""), rule: .C7,
                                                         lower: Double(quota), upper: nil)
            }
        }
        // C8 at every phase: for each relation and unit where both relatives could hold a group then.
        var relationRows: [Int: [Int]] = [:]  // key (cadre × T + t) × U + unit
        if !instance.relations.isEmpty {
            var related = Set<Int>()
            for r in instance.relations { related.insert(r.cadre); related.insert(r.other) }
            var reach: [Int: Set<Int>] = [:]  // cadre → (t × U + unit) it could hold a group of
            for col in columns where related.contains(col.cadre) {
                for t in 0..<T {
                    if let g = holding(cadre: col.cadre, path: col.path, phase: t) { reach[col.cadre, default: []].insert(t * U + posts[g].unit) }
                }
            }
            for r in instance.relations {
                let both = (reach[r.cadre] ?? []).intersection(reach[r.other] ?? []).sorted()
                for key in both {
                    let t = key / U, u = key % U
                    let row = program.addRow(name: "C8[\(cadres[r.cadre].id),\(cadres[r.other].id),\(units[u].id)@\(years[t])]",
                                             rule: .C8, lower: nil, upper: 1)
                    relationRows[(r.cadre * T + t) * U + u, default: []].append(row)
                    relationRows[(r.other * T + t) * U + u, default: []].append(row)
                }
            }
        }

        for (j, col) in columns.enumerated() {
            let c = col.cadre
            for t in 0..<T {
                guard let g = holding(cadre: c, path: col.path, phase: t) else { continue }
                add(j, filledRow[t][g])
                for (row, kind, weight) in shareRows[t][g] where atPhase[t].counts(kind, cadre: c, post: g) { add(j, row, weight) }
                for row in relationRows[(c * T + t) * U + posts[g].unit] ?? [] { add(j, row) }
                if t == T - 1 {
                    for pin in pinRows where pin.cadre == c && pin.post == g { add(j, pin.row) }
                }
            }
            switch col.path {
            case .keep:
                break
            case .move(let g, let t):
                for phase in [t, T] where moveRow[phase] >= 0 { add(j, moveRow[phase]) }
                let u = posts[g].unit
                if cadres[c].unit != u {
                    for phase in [t, T] where arrivalRow[phase][u] >= 0 { add(j, arrivalRow[phase][u]) }
                }
                let type = instance.moveType(cadre: c, post: g)
                for phase in [t, T] where quotaRow[phase][type.index] >= 0 { add(j, quotaRow[phase][type.index]) }
            case .release(let t):
                for phase in [t, T] where moveRow[phase] >= 0 { add(j, moveRow[phase]) }
            }
        }
        // Each earlier plan: the holdings a new plan shares with it number at most G × T − minDiff.
        for (e, earlier) in exclusions.enumerated() {
            var holderAt = [Int: Int]()  // t × G + g → cadre of the earlier plan
            for (c, path) in earlier.enumerated() {
                guard let path else { continue }
                for t in 0..<T { if let g = holding(cadre: c, path: path, phase: t) { holderAt[t * G + g] = c } }
            }
            let row = program.addRow(name: "D[\(e + 1)]", rule: nil, lower: nil, upper: Double(G * T - minDiff))
            for (j, col) in columns.enumerated() {
                let shared = (0..<T).filter { t in holding(cadre: col.cadre, path: col.path, phase: t).map { holderAt[t * G + $0] == col.cadre } ?? false }.count
                if shared > 0 { add(j, row, Double(shared)) }
            }
        }
        for (j, col) in columns.enumerated() {
            program.addColumn(name: name(col), lower: 0, upper: 1, cost: col.cost, isInteger: true,
                              entries: entries[j])
        }
    }

    /// A column's name: `C07:keep`, `C07>HP-BT@2025` (a move), `C07-@2025` (a release).
    func name(_ col: Column) -> String {
        let c = instance.cadres[col.cadre].id
        switch col.path {
        case .keep: return "\(c):keep"
        case .move(let g, let t): return "\(c)>\(instance.posts[g].id)@\(years[t])"
        case .release(let t): return "\(c)-@\(years[t])"
        }
    }

    /// The path each cadre takes in a solution (column values), nil for a cadre with no column
    /// chosen (one without a group now who stays without one, or who retires at once).
    public func paths(_ values: [Double]) -> [Path?] {
        var out = [Path?](repeating: nil, count: instance.cadres.count)
        for (j, col) in columns.enumerated() where j < values.count && values[j] > 0.5 { out[col.cadre] = col.path }
        return out
    }
}
