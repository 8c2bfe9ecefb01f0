import AssignModel

/// The integer program of SPEC §5–§7 for one instance.
///
/// One binary column per *eligible* pair (E1–E7 decide which pairs exist), one release column per
/// cadre who holds a post now, and one function per plan rule (C1–C7) adding that rule's rows.
public struct Formulation: Sendable {
    public let instance: Instance
    public let facts: [CadreFacts]
    public private(set) var program = IntegerProgram()
    /// `pairs[j]` is the (cadre, post) of assignment column j; assignment columns come first.
    public private(set) var pairs: [(cadre: Int, post: Int)] = []
    /// Release column of each releasable cadre.
    public private(set) var releaseColumn: [Int: Int] = [:]
    /// Assignment columns of each post, and of each cadre.
    public private(set) var columnsOfPost: [[Int]]
    public private(set) var columnsOfCadre: [[Int]]
    /// Rules left out, for tests and diagnoses that ask what a rule changes.
    public let disabled: Set<RuleID>

    /// Builds the full model. `disabled` leaves rules out (tests show each rule binds that way).
    public init(instance: Instance, disabled: Set<RuleID> = []) {
        self.instance = instance
        self.facts = instance.allFacts()
        self.disabled = disabled
        columnsOfPost = Array(repeating: [], count: instance.posts.count)
        columnsOfCadre = Array(repeating: [], count: instance.cadres.count)
        addAssignmentColumns()
        addReleaseColumns()
        addPostFilled()
        addOnePostPerCadre()
        addFixPins()
        addNonLocalShare()
        addArrivalCap()
        addMoveCap()
        addMoveQuotas()
    }

    private var ignoredMask: RuleMask {
        var m: RuleMask = []
        for r in disabled where r.rawValue.hasPrefix("E") { m.insert(RuleMask(r)) }
        return m
    }

    /// E1–E7: a column for each eligible pair, post by post, cadres in file order.
    private mutating func addAssignmentColumns() {
        let ignored = ignoredMask
        let candidates = instance.cadres.indices.filter { !facts[$0].retiring || ignored.contains(.E7) }
        for p in instance.posts.indices {
            for c in candidates {
                let broken = instance.brokenMask(cadre: c, post: p, facts: facts[c]).subtracting(ignored)
                guard broken.isEmpty else { continue }
                let j = program.addColumn(name: "x[\(instance.cadres[c].id),\(instance.posts[p].id)]",
                                          lower: 0, upper: 1, cost: instance.cost(cadre: c, post: p), isInteger: true)
                pairs.append((c, p))
                columnsOfPost[p].append(j)
                columnsOfCadre[c].append(j)
            }
        }
    }

    /// A release column for each cadre who holds a post now and is not retiring.
    private mutating func addReleaseColumns() {
        for c in instance.cadres.indices where instance.releasable(c, facts: facts[c]) {
            releaseColumn[c] = program.addColumn(name: "release[\(instance.cadres[c].id)]", lower: 0, upper: 1,
                                                 cost: instance.policy.weights.release, isInteger: false)
        }
    }

    /// C1 every post has exactly one cadre.
    private mutating func addPostFilled() {
        guard !disabled.contains(.C1) else { return }
        for p in instance.posts.indices {
            program.addRow(name: "C1[\(instance.posts[p].id)]", rule: .C1, lower: 1, upper: 1,
                           entries: columnsOfPost[p].map { ($0, 1.0) })
        }
    }

    /// C2 every cadre has at most one post; a post holder's release column takes up the rest.
    private mutating func addOnePostPerCadre() {
        for c in instance.cadres.indices {
            var entries = columnsOfCadre[c].map { ($0, 1.0) }
            if let r = releaseColumn[c] {
                entries.append((r, 1))
                program.addRow(name: "C2[\(instance.cadres[c].id)]", rule: .C2, lower: 1,
                               upper: disabled.contains(.C2) ? nil : 1, entries: entries)
            } else if entries.count > 1, !disabled.contains(.C2) {
                program.addRow(name: "C2[\(instance.cadres[c].id)]", rule: .C2, lower: nil, upper: 1, entries: entries)
            }
        }
    }

    /// C3 every fix pin holds; a pin on an ineligible pair leaves an empty row that cannot be met.
    private mutating func addFixPins() {
        guard !disabled.contains(.C3) else { return }
        for pin in instance.pins where pin.action == .fix {
            let name = "C3[\(instance.cadres[pin.cadre].id),\(instance.posts[pin.post].id)]"
            let column = columnsOfPost[pin.post].first { pairs[$0].cadre == pin.cadre }
            program.addRow(name: name, rule: .C3, lower: 1, upper: 1, entries: column.map { [($0, 1.0)] } ?? [])
        }
    }

    /// C4 for each share target, at least `ceil(min × |S|)` posts of S held by non-locals.
    private mutating func addNonLocalShare() {
        guard !disabled.contains(.C4) else { return }
        for (t, target) in instance.policy.nonLocalShare.enumerated() {
            let set = instance.posts.indices.filter { target.matches(instance.posts[$0], in: instance) }
            let needed = target.min.ceilTimes(set.count)
            guard needed > 0 else { continue }
            var entries: [(Int, Double)] = []
            for p in set {
                for j in columnsOfPost[p] where instance.isNonLocal(cadre: pairs[j].cadre, post: p) { entries.append((j, 1)) }
            }
            program.addRow(name: "C4[\(t + 1)]", rule: .C4, lower: Double(needed), upper: nil, entries: entries)
        }
    }

    /// C5 for each unit, posts given to cadres from other units ≤ `max_arrivals_per_unit`.
    private mutating func addArrivalCap() {
        guard let cap = instance.policy.maxArrivalsPerUnit, !disabled.contains(.C5) else { return }
        var entries = [[(Int, Double)]](repeating: [], count: instance.units.count)
        for (j, pair) in pairs.enumerated() {
            let u = instance.posts[pair.post].unit
            if instance.cadres[pair.cadre].unit != u { entries[u].append((j, 1)) }
        }
        for (u, e) in entries.enumerated() where e.count > cap {
            program.addRow(name: "C5[\(instance.units[u].id)]", rule: .C5, lower: nil, upper: Double(cap), entries: e)
        }
    }

    /// C6 assignments other than stay, plus releases, ≤ `max_moves`.
    private mutating func addMoveCap() {
        guard let cap = instance.policy.maxMoves, !disabled.contains(.C6) else { return }
        var entries: [(Int, Double)] = []
        for (j, pair) in pairs.enumerated() where instance.cadres[pair.cadre].post != pair.post { entries.append((j, 1)) }
        for c in instance.cadres.indices { if let r = releaseColumn[c] { entries.append((r, 1)) } }
        program.addRow(name: "C6", rule: .C6, lower: nil, upper: Double(cap), entries: entries)
    }

    /// C7 assignments of each quota'd move type ≥ its quota.
    private mutating func addMoveQuotas() {
        guard !disabled.contains(.C7) else { return }
        for t in MoveType.quotaTypes {
            guard let quota = instance.policy.minMoves[t], quota > 0 else { continue }
            let entries = pairs.indices.filter { instance.moveType(cadre: pairs[$0].cadre, post: pairs[$0].post) == t }.map { ($0, 1.0) }
            program.addRow(name: "C7[\(t.rawValue)]", rule: .C7, lower: Double(quota), upper: nil, entries: entries)
        }
    }

    /// The pairs chosen by a solution vector (value above one half).
    public func chosenPairs(_ x: [Double]) -> [(cadre: Int, post: Int)] {
        pairs.indices.filter { x[$0] > 0.5 }.map { pairs[$0] }
    }
}
