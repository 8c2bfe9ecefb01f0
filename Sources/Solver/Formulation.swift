import Foundation
import AssignModel

/// The integer program of SPEC §5–§7 for one instance.
///
/// One binary column per *eligible* pair (E1–E8 decide which pairs exist, see `CandidateSet`), one
/// release column per cadre who holds a post now, and one function per plan rule (C1–C8) adding
/// that rule's rows. A pair's column is built by `column(cadre:post:cost:)`, which lists the rows of
/// every rule the pair takes part in, so the same rows serve the full model and column generation.
public struct Formulation: Sendable {
    public let instance: Instance
    public let facts: [CadreFacts]
    public let candidates: CandidateSet
    /// Rules left out, for tests and diagnoses that ask what a rule changes.
    public let disabled: Set<RuleID>
    public private(set) var program = IntegerProgram()
    /// `pairs[j]` is the (cadre, post) of assignment column j; assignment columns come first.
    public private(set) var pairs: [(cadre: Int, post: Int)] = []
    /// Release column of each releasable cadre.
    public private(set) var releaseColumn: [Int: Int] = [:]
    /// Idle column of each other cadre with a C2 row.
    public private(set) var idleColumn: [Int: Int] = [:]
    /// Assignment columns of each post, and of each cadre.
    public private(set) var columnsOfPost: [[Int]]
    public private(set) var columnsOfCadre: [[Int]]

    // Row indices per rule; -1 where the rule has no row.
    public private(set) var postRow: [Int32]
    public private(set) var cadreRow: [Int32]
    public private(set) var pinRow: [Int: Int32] = [:]
    /// C4 rows each post counts towards, with the kind of holder that counts (`ShareKind` index).
    public private(set) var shareRowsOfPost: [[(row: Int32, of: UInt8)]]
    /// For each `ShareKind` index, whether each cadre is of that kind by itself (female, young,
    /// minority; the non-local kind depends on the post and is read from the tables).
    let cadreIs: [[Bool]]
    public private(set) var unitRow: [Int32]
    public private(set) var moveRow: Int32 = -1
    /// C7 row of each move type, indexed by `MoveType.allCases` order; -1 for none.
    public private(set) var quotaRowByType: [Int32] = Array(repeating: -1, count: MoveType.allCases.count)
    /// C8 rows of each (cadre, unit), keyed `cadre × units + unit`: the relations of the cadre whose
    /// other cadre could also hold a post in that unit.
    public private(set) var relationRows: [Int: [Int32]] = [:]
    /// Whether each cadre has a C8 row at all (so that pricing looks `relationRows` up only for them).
    private var hasRelationRow: [Bool] = []
    /// For each relation, the units where both of its cadres could hold a post (where a C8 row can bind).
    public private(set) var relationUnits: [[Int]] = []
    /// The C8 rows the model has, keyed `relation × units + unit` (all of `relationUnits` unless a
    /// scope was given).
    public private(set) var relationKeys: Set<Int> = []
    /// Difference-cut rows each pair of an earlier plan enters.
    public private(set) var differenceRows: [Int: [Int32]] = [:]
    /// Flat copies of the fields hot loops read.
    /// The instance's flat rule tables, read in the hot loops.
    let tables: RuleTables

    /// Builds the model. With `allPairs` every eligible pair gets a column (the full model);
    /// without, only rows and release columns are made, and column generation adds pairs.
    ///
    /// `exclusions` are earlier plans (their pairs); with `minDiff` D, a plan must differ from each
    /// in at least D posts: a row `Σ x over the earlier plan's pairs ≤ posts − D` per earlier plan.
    ///
    /// `relationScope` keeps only the C8 rows of the given `relation × units + unit` keys (a
    /// relaxation: column generation adds the rows a plan breaks, see `PlanSolver`); nil: every row.
    public init(instance: Instance, disabled: Set<RuleID> = [], allPairs: Bool = true,
                exclusions: [[(cadre: Int, post: Int)]] = [], minDiff: Int = 1, deadline: Date? = nil,
                relationScope: Set<Int>? = nil) {
        self.instance = instance
        self.facts = instance.allFacts()
        self.disabled = disabled
        self.tables = instance.tables
        var ignored: RuleMask = []
        for r in disabled where r.rawValue.hasPrefix("E") { ignored.insert(RuleMask(r)) }
        candidates = CandidateSet(instance: instance, facts: facts, ignoring: ignored, deadline: deadline)
        columnsOfPost = Array(repeating: [], count: instance.posts.count)
        columnsOfCadre = Array(repeating: [], count: instance.cadres.count)
        postRow = Array(repeating: -1, count: instance.posts.count)
        cadreRow = Array(repeating: -1, count: instance.cadres.count)
        shareRowsOfPost = Array(repeating: [], count: instance.posts.count)
        // The kinds that depend on the cadre alone (any post will do for `counts`); non-local is read per pair.
        cadreIs = ShareKind.allCases.map { kind in
            kind == .nonLocal || instance.posts.isEmpty ? [] : instance.cadres.indices.map { instance.counts(kind, cadre: $0, post: 0) }
        }
        unitRow = Array(repeating: -1, count: instance.units.count)
        addPostFilled()
        addOnePostPerCadre()
        addFixPins()
        addShareTargets()
        addArrivalCap()
        addMoveCap()
        addMoveQuotas()
        addRelatives(scope: relationScope)
        addDifferenceCuts(exclusions, minDiff: minDiff)
        addSlackColumns()
        if allPairs {
            for p in instance.posts.indices {
                for k in candidates.range(ofPost: p) {
                    addPair(cadre: Int(candidates.cadre[k]), post: p, cost: candidates.cost[k])
                }
            }
        }
    }

    // MARK: rules

    /// C1 every post has exactly one cadre.
    private mutating func addPostFilled() {
        guard !disabled.contains(.C1) else { return }
        for p in instance.posts.indices {
            postRow[p] = Int32(program.addRow(name: "C1[\(instance.posts[p].id)]", rule: .C1, lower: 1, upper: 1))
        }
    }

    /// C2 every cadre has at most one post, written as an equality: a post holder's release column,
    /// or another cadre's idle column, takes up the rest. (Equalities let column generation shift
    /// costs by the row duals without changing the objective but by a constant.)
    private mutating func addOnePostPerCadre() {
        var count = [Int](repeating: 0, count: instance.cadres.count)
        for c in candidates.cadre { count[Int(c)] += 1 }
        for c in instance.cadres.indices {
            let name = "C2[\(instance.cadres[c].id)]"
            if instance.releasable(c, facts: facts[c]) {
                cadreRow[c] = Int32(program.addRow(name: name, rule: .C2, lower: 1, upper: disabled.contains(.C2) ? nil : 1))
            } else if count[c] > 0, !disabled.contains(.C2) {
                cadreRow[c] = Int32(program.addRow(name: name, rule: .C2, lower: 1, upper: 1))
            }
        }
    }

    /// C3 every fix pin holds; a pin on an ineligible pair leaves an empty row that cannot be met.
    private mutating func addFixPins() {
        guard !disabled.contains(.C3) else { return }
        for pin in instance.pins where pin.action == .fix {
            let name = "C3[\(instance.cadres[pin.cadre].id),\(instance.posts[pin.post].id)]"
            pinRow[instance.pairKey(pin.cadre, pin.post)] = Int32(program.addRow(name: name, rule: .C3, lower: 1, upper: 1))
        }
    }

    /// C4 for each share target (SPEC §6, §11.2): at least its need of the posts of S held by a cadre
    /// of its kind — one row over S, or with `per_unit` one row per unit with posts in S. A need above
    /// the posts (`at_least` over an empty S, say) leaves a row no plan meets: the instance is infeasible.
    private mutating func addShareTargets() {
        guard !disabled.contains(.C4) else { return }
        for (t, target) in instance.policy.shareTargets.enumerated() {
            let kind = UInt8(ShareKind.allCases.firstIndex(of: target.of)!)
            for posts in target.groups(target.posts(in: instance), in: instance) {
                let needed = target.need(posts: target.size(posts, in: instance))
                guard needed > 0 else { continue }
                let name = target.perUnit ? "C4[\(t + 1),\(instance.units[instance.posts[posts[0]].unit].id)]" : "C4[\(t + 1)]"
                let row = Int32(program.addRow(name: name, rule: .C4, lower: Double(needed), upper: nil))
                // A group counts once for each of its posts in S (SPEC §11.1): the row is listed that
                // many times, and `column` adds the repeats into one coefficient — at most the need, as
                // a group that meets the need alone meets it whatever its count (the same plans, a
                // tighter relaxation: on examples/commune-2025 the LP bound rose to the optimum).
                for p in posts {
                    for _ in 0..<min(needed, instance.shareWeight(target, post: p)) { shareRowsOfPost[p].append((row, kind)) }
                }
            }
        }
    }

    /// C5 for each unit, posts given to cadres from other units ≤ `max_arrivals_per_unit`;
    /// a row only for units where more eligible arrivals than the cap exist.
    private mutating func addArrivalCap() {
        guard let cap = instance.policy.maxArrivalsPerUnit, !disabled.contains(.C5) else { return }
        var arrivals = [Int](repeating: 0, count: instance.units.count)
        for p in instance.posts.indices {
            let u = instance.posts[p].unit
            for k in candidates.range(ofPost: p) where instance.cadres[Int(candidates.cadre[k])].unit != u { arrivals[u] += 1 }
        }
        for u in instance.units.indices where arrivals[u] > cap {
            unitRow[u] = Int32(program.addRow(name: "C5[\(instance.units[u].id)]", rule: .C5, lower: nil, upper: Double(cap)))
        }
    }

    /// C6 assignments other than stay, plus releases, ≤ `max_moves`.
    private mutating func addMoveCap() {
        guard let cap = instance.policy.maxMoves, !disabled.contains(.C6) else { return }
        moveRow = Int32(program.addRow(name: "C6", rule: .C6, lower: nil, upper: Double(cap)))
    }

    /// C7 assignments of each quota'd move type ≥ its quota.
    private mutating func addMoveQuotas() {
        guard !disabled.contains(.C7) else { return }
        for t in MoveType.quotaTypes {
            guard let quota = instance.policy.minMoves[t], quota > 0 else { continue }
            quotaRowByType[MoveType.allCases.firstIndex(of: t)!] =
                Int32(program.addRow(name: "C7[\(t.rawValue)]", rule: .C7, lower: Double(quota), upper: nil))
        }
    }

    /// C8 for each relation (a, b) and each unit u where both could hold a post: the posts of u given
    /// to a or b number at most one (SPEC §11.4).
    private mutating func addRelatives(scope: Set<Int>?) {
        guard !instance.relations.isEmpty, !disabled.contains(.C8) else { return }
        // The units where each related cadre has an eligible post.
        var related = Set<Int>()
        for r in instance.relations { related.insert(r.cadre); related.insert(r.other) }
        var unitsOf: [Int: Set<Int>] = [:]
        for p in instance.posts.indices {
            for k in candidates.range(ofPost: p) where related.contains(Int(candidates.cadre[k])) {
                unitsOf[Int(candidates.cadre[k]), default: []].insert(instance.posts[p].unit)
            }
        }
        relationUnits = instance.relations.map { (unitsOf[$0.cadre] ?? []).intersection(unitsOf[$0.other] ?? []).sorted() }
        let units = instance.units.count
        addRelationRows(relationUnits.indices.flatMap { r in
            relationUnits[r].map { r * units + $0 }.filter { scope?.contains($0) ?? true }
        })
    }

    /// Adds the C8 rows of the given `relation × units + unit` keys the model does not have yet, in
    /// key order, after every other row (row indices already handed out stay valid).
    public mutating func addRelationRows(_ keys: [Int]) {
        let units = instance.units.count
        for key in Set(keys).subtracting(relationKeys).sorted() {
            let relation = instance.relations[key / units], u = key % units
            let a = relation.cadre, b = relation.other
            let name = "C8[\(instance.cadres[a].id),\(instance.cadres[b].id),\(instance.units[u].id)]"
            let row = Int32(program.addRow(name: name, rule: .C8, lower: nil, upper: 1))
            relationKeys.insert(key)
            relationRows[a * units + u, default: []].append(row)
            relationRows[b * units + u, default: []].append(row)
            if hasRelationRow.isEmpty { hasRelationRow = Array(repeating: false, count: instance.cadres.count) }
            hasRelationRow[a] = true
            hasRelationRow[b] = true
        }
    }

    /// Adds every C8 row the model lacks (after a solve on a scope of them).
    public mutating func addAllRelationRows() {
        let units = instance.units.count
        addRelationRows(relationUnits.indices.flatMap { r in relationUnits[r].map { r * units + $0 } })
    }

    /// Whether the model lacks some C8 row.
    public var lacksRelationRows: Bool { relationKeys.count < relationUnits.reduce(0) { $0 + $1.count } }

    /// The C8 rows (`relation × units + unit` keys) broken by a plan given as its pairs: both
    /// cadres of a relation hold a post of one unit (SPEC §11.4), whether the model has the row or not.
    public func brokenRelations(_ pairs: [(cadre: Int, post: Int)]) -> [Int] {
        guard !instance.relations.isEmpty, !disabled.contains(.C8) else { return [] }
        var unitOf = [Int](repeating: -1, count: instance.cadres.count)
        for (c, p) in pairs { unitOf[c] = instance.posts[p].unit }
        let units = instance.units.count
        return instance.relations.indices.compactMap { r in
            let u = unitOf[instance.relations[r].cadre]
            return u >= 0 && u == unitOf[instance.relations[r].other] ? r * units + u : nil
        }
    }

    /// The C8 rows most likely to bind, for a first solve on a scope: for each relation, the units
    /// where one of its cadres works now (relatives who work in one unit are the usual conflict).
    public static func likelyRelationRows(_ instance: Instance) -> Set<Int> {
        let units = instance.units.count
        var keys = Set<Int>()
        for (r, relation) in instance.relations.enumerated() {
            keys.insert(r * units + instance.cadres[relation.cadre].unit)
            keys.insert(r * units + instance.cadres[relation.other].unit)
        }
        return keys
    }

    /// Rows that keep a plan at least `minDiff` posts away from each earlier plan.
    private mutating func addDifferenceCuts(_ plans: [[(cadre: Int, post: Int)]], minDiff: Int) {
        for (i, plan) in plans.enumerated() {
            let row = Int32(program.addRow(name: "differ[\(i + 1)]", rule: nil, lower: nil,
                                           upper: Double(max(0, instance.posts.count - minDiff))))
            for (c, p) in plan { differenceRows[instance.pairKey(c, p), default: []].append(row) }
        }
    }

    /// A release column for each cadre who holds a post now and is not retiring (in its C2 row and
    /// the C6 row), and an idle column (cost 0) for every other cadre with a C2 row.
    private mutating func addSlackColumns() {
        for c in instance.cadres.indices {
            let releasable = instance.releasable(c, facts: facts[c])
            guard releasable || cadreRow[c] >= 0 else { continue }
            var rows: [Int32] = []
            if cadreRow[c] >= 0 { rows.append(cadreRow[c]) }
            if releasable && moveRow >= 0 { rows.append(moveRow) }
            let column = program.addColumn(IntegerProgram.Column(
                name: "\(releasable ? "release" : "idle")[\(instance.cadres[c].id)]", lower: 0, upper: 1,
                cost: releasable ? instance.policy.weights.release : 0,
                isInteger: false, rows: rows, values: Array(repeating: 1, count: rows.count)))
            if releasable { releaseColumn[c] = column } else { idleColumn[c] = column }
        }
    }

    // MARK: columns

    /// Calls `body` with each row pair (c, p) takes part in, rule by rule; every coefficient is 1, and a
    /// row named k times (a joint group's C4 row, SPEC §11.1) has coefficient k.
    ///
    /// The one statement of which rows a pair's column enters: the column builder and the
    /// reduced-cost pricing of column generation both use it.
    @inline(__always)
    func forEachRow(cadre c: Int, post p: Int, _ body: (Int32) -> Void) {
        if postRow[p] >= 0 { body(postRow[p]) }                                            // C1
        if cadreRow[c] >= 0 { body(cadreRow[c]) }                                          // C2
        if !pinRow.isEmpty, let r = pinRow[instance.pairKey(c, p)] { body(r) }             // C3
        if !shareRowsOfPost[p].isEmpty {                                                  // C4
            for s in shareRowsOfPost[p] where s.of == 0 ? tables.cadreHome[c] != tables.postUnit[p] : cadreIs[Int(s.of)][c] {
                body(s.row)
            }
        }
        let u = Int(tables.postUnit[p])
        if unitRow[u] >= 0 && tables.cadreUnit[c] != tables.postUnit[p] { body(unitRow[u]) } // C5
        let type = instance.moveType(cadre: c, post: p).index
        if moveRow >= 0 && type != 0 { body(moveRow) }                                     // C6
        if quotaRowByType[type] >= 0 { body(quotaRowByType[type]) }                        // C7
        if !hasRelationRow.isEmpty && hasRelationRow[c],                                    // C8 (one level per unit)
           let rows = relationRows[c * tables.unitLevel.count + u] {
            for r in rows { body(r) }
        }
        if !differenceRows.isEmpty, let rows = differenceRows[instance.pairKey(c, p)] {     // earlier plans
            for r in rows { body(r) }
        }
    }

    /// Activity of every row under a plan: one for each row its pairs' columns enter, plus the rows
    /// of the slack column (release or idle) of every cadre the plan leaves without a post.
    func rowActivity(_ pairs: [(cadre: Int, post: Int)]) -> [Double] {
        var activity = [Double](repeating: 0, count: program.rows.count)
        var placed = [Bool](repeating: false, count: instance.cadres.count)
        for (c, p) in pairs {
            placed[c] = true
            forEachRow(cadre: c, post: p) { activity[Int($0)] += 1 }
        }
        for (c, j) in releaseColumn.merging(idleColumn, uniquingKeysWith: { a, _ in a }) where !placed[c] {
            let column = program.columns[j]
            for (i, a) in zip(column.rows, column.values) { activity[Int(i)] += a }
        }
        return activity
    }

    /// The column of pair (c, p): a 1 in the row of every rule it takes part in.
    public func column(cadre c: Int, post p: Int, cost: Double, named: Bool = true) -> IntegerProgram.Column {
        var rows: [Int32] = []
        rows.reserveCapacity(4)
        var values: [Double] = []
        forEachRow(cadre: c, post: p) { r in
            if let i = rows.lastIndex(of: r) { values[i] += 1 } else { rows.append(r); values.append(1) }
        }
        let name = named ? "x[\(instance.cadres[c].id),\(instance.posts[p].id)]" : ""
        return IntegerProgram.Column(name: name, lower: 0, upper: 1, cost: cost, isInteger: true,
                                     rows: rows, values: values)
    }

    /// Reduced cost of pair (c, p) for row duals `y`: cost minus the duals of its rows.
    @inline(__always)
    func reducedCost(cadre c: Int, post p: Int, cost: Double, duals y: UnsafeBufferPointer<Double>) -> Double {
        var rc = cost
        forEachRow(cadre: c, post: p) { rc -= y[Int($0)] }
        return rc
    }

    /// Adds the column of pair (c, p) to `program` and returns its index.
    @discardableResult
    public mutating func addPair(cadre c: Int, post p: Int, cost: Double) -> Int {
        let j = program.addColumn(column(cadre: c, post: p, cost: cost))
        pairs.append((c, p))
        columnsOfPost[p].append(j)
        columnsOfCadre[c].append(j)
        return j
    }

    /// The pairs chosen by a solution vector (value above one half).
    public func chosenPairs(_ x: [Double]) -> [(cadre: Int, post: Int)] {
        pairs.indices.filter { x[pairColumn($0)] > 0.5 }.map { pairs[$0] }
    }

    /// Column index of the i-th pair: release and idle columns come first, then pairs in the order added.
    public func pairColumn(_ i: Int) -> Int { releaseColumn.count + idleColumn.count + i }
}
