import AssignModel
import Foundation

/// The LP relaxation of a phased model by column generation over its paths.
///
/// The restricted master holds, for each cadre, its keep and release paths and its few cheapest
/// moves, and an artificial column per row side at a large cost so that it is always feasible;
/// pricing computes every path's reduced cost from the master's duals and adds the negative ones
/// (the most negative few per cadre each round). At convergence no path has a negative reduced
/// cost, so the master's optimum is the relaxation's over all paths and its duals are feasible:
/// `PhasedSolver.solveByFixing` may fix paths by these reduced costs. (Measured on a generated
/// 1,100-post instance with two phases, 221,614 paths: GLPK's dual simplex over every path took
/// about 119 s.)
struct PhasedColumns {
    /// The relaxation's optimum, the duals and every path's reduced cost; nil when the master kept an
    /// artificial column (the relaxation may be infeasible: the caller decides on the whole program).
    struct Relaxation {
        var objective: Double
        var reducedCosts: [Double]
        /// The relaxation's value of every path (0 for paths never in the master).
        var values: [Double]
        var rounds: Int
        /// Paths purged from the master on the way (counted each time one leaves).
        var purged = 0
    }

    /// Paths per cadre in the first master, and most added per cadre in a pricing round (measured on
    /// the generated 1,100-post 2-phase instance, relaxation seconds / pricing rounds: 4 and 3 7.9 s / 19,
    /// 8 and 10 6.1 s / 9, 2 and 20 7.0 s / 7, 12 and 30 8.0 s / 5).
    static let startingMoves = 8
    static let addedPerCadre = 10
    /// Purging, as `ColumnGeneration` does: reduced cost above which a non-basic path is idle, master
    /// size (paths) below which nothing goes, times a path may leave (so it cannot cycle), and the
    /// share of the master that must be able to go. Measured on the generated 1,100-post 2-phase
    /// instance (relaxation s / pricing rounds, one run each): no purging 3.12 / 9; limit 1, 3 times
    /// 2.21 / 13; 50 times 2.13 / 15; limit 10 2.42 / 11.
    static let purgeLimit = 1.0
    static let purgeFloor = 5_000
    static let purgesPerPath: UInt8 = 3
    static let purgeShare = 20

    /// Solves the relaxation of `program`, whose columns belong to cadres `cadreOf` (column order).
    /// `purgeFloor`: master size below which nothing is purged (tests lower it to purge small instances).
    static func solve(_ program: IntegerProgram, cadreOf: [Int], deadline: Date?, purgeFloor: Int = purgeFloor) throws -> Relaxation? {
        let n = program.columns.count
        let maxCost = program.columns.reduce(1) { max($0, abs($1.cost)) }
        let big = 10_000 * maxCost
        // Columns by cadre, cheapest first.
        var byCadre: [Int: [Int]] = [:]
        for j in 0..<n { byCadre[cadreOf[j], default: []].append(j) }
        var inMaster = [Bool](repeating: false, count: n)
        var start: [Int] = []
        for (_, columns) in byCadre.sorted(by: { $0.key < $1.key }) {
            let sorted = columns.sorted { (program.columns[$0].cost, $0) < (program.columns[$1].cost, $1) }
            for j in sorted.prefix(startingMoves) { inMaster[j] = true; start.append(j) }
        }
        var master = IntegerProgram()
        for row in program.rows { master.addRow(name: row.name, rule: row.rule, lower: row.lower, upper: row.upper) }
        var artificial = 0
        for (i, row) in program.rows.enumerated() {
            if row.lower != nil {
                master.addColumn(name: "art+\(i)", lower: 0, upper: Double.infinity, cost: big, isInteger: false, entries: [(i, 1)])
                artificial += 1
            }
            if row.upper != nil {
                master.addColumn(name: "art-\(i)", lower: 0, upper: Double.infinity, cost: big, isInteger: false, entries: [(i, -1)])
                artificial += 1
            }
        }
        var masterColumns: [Int] = []  // program column of each master column after the artificial ones
        for j in start.sorted() {
            var c = program.columns[j]
            c.isInteger = false
            master.addColumn(c)
            masterColumns.append(j)
        }
        try master.validate()
        let problem = try GLPKProblem(master)
        var rounds = 0
        var purged = [UInt8](repeating: 0, count: n)
        var purgedCount = 0
        // Phase 1 (`feasibility`): only the artificial columns cost (1 each), the paths nothing; its
        // optimum above 0 at convergence proves that no point of the relaxation exists over all paths.
        var feasibility = false, triedFeasibility = false
        func setCosts(feasibility: Bool) {
            for a in 0..<artificial { problem.setCost(column: a, feasibility ? 1 : big) }
            for (k, j) in masterColumns.enumerated() { problem.setCost(column: artificial + k, feasibility ? 0 : program.columns[j].cost) }
        }
        while true {
            rounds += 1
            switch problem.solveLP(rounds == 1 ? .dual : .primal, deadline: deadline) {
            case .optimal: break
            case .infeasible: return nil
            case .timeLimit: throw PhasedSolver.TimeLimit()
            case .failed(let why): throw OutputError(why)
            }
            // Idle paths leave the master (non-basic, priced above `purgeLimit`), each a few times at most:
            // GLPK prices every column at every pivot.
            if !feasibility && masterColumns.count > purgeFloor {
                let (prices, basic) = problem.reducedCosts(artificial..<(artificial + masterColumns.count))
                var drop: [Int] = []
                for (k, j) in masterColumns.enumerated() where !basic[k] && prices[k] > purgeLimit && purged[j] < purgesPerPath {
                    drop.append(k)
                }
                if drop.count * purgeShare >= masterColumns.count {
                    problem.deleteColumns(drop.map { artificial + $0 })
                    var keep = [Bool](repeating: true, count: masterColumns.count)
                    for k in drop { keep[k] = false; inMaster[masterColumns[k]] = false; purged[masterColumns[k]] += 1 }
                    purgedCount += drop.count
                    masterColumns = masterColumns.indices.filter { keep[$0] }.map { masterColumns[$0] }
                }
            }
            let y = problem.rowDuals()
            var rc = [Double](repeating: 0, count: n)
            for j in 0..<n {
                let c = program.columns[j]
                var d = feasibility ? 0 : c.cost
                for (i, a) in zip(c.rows, c.values) { d -= y[Int(i)] * a }
                rc[j] = d
            }
            var adding: [Int] = []
            for (_, columns) in byCadre.sorted(by: { $0.key < $1.key }) {
                let negative = columns.filter { !inMaster[$0] && rc[$0] < -1e-9 }.sorted { (rc[$0], $0) < (rc[$1], $1) }
                adding += negative.prefix(addedPerCadre)
            }
            if adding.isEmpty {
                let values = problem.lpValues()
                let artificialInUse = values.prefix(artificial).contains(where: { $0 > 1e-7 })
                if feasibility {
                    // Phase 1 converged: infeasible if the artificial columns are still needed, else back to the costs.
                    if artificialInUse { throw PhasedSolver.RelaxationInfeasible() }
                    feasibility = false
                    setCosts(feasibility: false)
                    continue
                }
                // An artificial column still in use: decide by phase 1 whether the relaxation has a point.
                if artificialInUse {
                    // Once only: a relaxation phase 1 found feasible that still needs them has too small a `big`.
                    if triedFeasibility { return nil }
                    triedFeasibility = true
                    feasibility = true
                    setCosts(feasibility: true)
                    continue
                }
                var x = [Double](repeating: 0, count: n)
                for (k, j) in masterColumns.enumerated() { x[j] = values[artificial + k] }
                return Relaxation(objective: problem.lpObjective, reducedCosts: rc.map { max($0, 0) }, values: x, rounds: rounds, purged: purgedCount)
            }
            try problem.addColumns(adding.map { j in
                var c = program.columns[j]
                c.isInteger = false
                if feasibility { c.cost = 0 }
                return c
            })
            for j in adding { inMaster[j] = true; masterColumns.append(j) }
        }
    }
}
