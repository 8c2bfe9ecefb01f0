import Foundation

extension TieBreak {
    /// The kept pairs of the tie-break's program, post by post (`start[p]..<start[p+1]`; see
    /// `TieBreak.run`), with their cadres, costs and tie weights.
    struct KeptPairs {
        var pairs: [(cadre: Int, post: Int)] = []
        var start = [0]
        var cadre: [Int32] = []
        var cost: [Double] = []
        var weight: [Double] = []

        init() {}

        /// The parts of consecutive post ranges, one after the other.
        init(joining parts: [KeptPairs]) {
            for part in parts {
                let offset = pairs.count
                pairs += part.pairs
                cadre += part.cadre
                cost += part.cost
                weight += part.weight
                start += part.start.dropFirst().map { $0 + offset }
            }
        }

        /// The index of a pair among the kept ones, if it is kept.
        func index(of pair: (cadre: Int, post: Int)) -> Int? {
            (start[pair.post]..<start[pair.post + 1]).first { cadre[$0] == Int32(pair.cadre) }
        }

        /// The column of kept pair `i` in the tie program of `tieProgram`: its rows, the cost row with
        /// the pair's cost, and `weight` as its objective.
        func column(_ i: Int, of f: Formulation, weight: Double, costRow: Int) -> IntegerProgram.Column {
            var column = f.column(cadre: pairs[i].cadre, post: pairs[i].post, cost: weight, named: false)
            column.rows.append(Int32(costRow))
            column.values.append(cost[i])
            return column
        }
    }

    /// The tie-break's program without its pair columns: every row of the model, a row `cost ≤ z*`
    /// (with `tieTolerance`, relative, for rounding), and the slack (release and idle) columns
    /// with their costs moved into that row; returns it with the cost row and each slack's column.
    func tieProgram(objective: Double) -> (program: IntegerProgram, costRow: Int, slackOf: [(cadre: Int, column: Int)]) {
        var program = IntegerProgram()
        for row in f.program.rows { program.addRow(name: row.name, rule: row.rule, lower: row.lower, upper: row.upper) }
        let costRow = program.addRow(name: "cost", rule: nil, lower: nil, upper: objective + Self.tieTolerance * max(1, abs(objective)))
        var slackOf: [(cadre: Int, column: Int)] = []
        for (cadre, j) in slacks {
            var column = f.program.columns[j]
            if column.cost != 0 { column.rows.append(Int32(costRow)); column.values.append(column.cost) }
            column.cost = 0
            column.isInteger = false
            slackOf.append((cadre, program.addColumn(column)))
        }
        return (program, costRow, slackOf)
    }

    /// Most negative kept pairs per post that join the tie-break's master in one pricing round.
    static let tieAddPerPost = 3
    /// Pairs per post of the first master, besides the known plan's: the lightest ones.
    static let tieInitialPerPost = 3

    /// The tie-break by column generation over the kept pairs: min Σ weight·x subject to every row of
    /// the model and `cost ≤ z*`, with GLPK seeing only some of the pairs.
    ///
    /// The first master holds the known plan (so it is feasible), the slack columns and the lightest
    /// pairs of each post. Pricing: a kept pair's reduced cost is its weight minus the duals of its
    /// rows minus its cost times the cost row's dual; the most negative few per post join until none
    /// is negative, which proves the LP bound zLP over all kept pairs. GLPK's branch and bound then
    /// solves the master (zIP); a lighter plan would need a pair of reduced cost ≤ zIP − zLP, so all
    /// such pairs join and the master is solved once more: the optimum over all kept pairs.
    /// Nil when GLPK fails or the deadline passes.
    func byColumns(_ kept: KeptPairs, known: [(cadre: Int, post: Int)], objective: Double,
                   deadline: Date?) -> [(cadre: Int, post: Int)]? {
        let instance = f.instance
        let weight = kept.weight
        let (program, costRow, slackOf) = tieProgram(objective: objective)
        guard let problem = try? GLPKProblem(program) else { return nil }
        var keptOfColumn = [Int](repeating: -1, count: program.columns.count)
        var inMaster = [Bool](repeating: false, count: kept.pairs.count)

        func add(_ indices: [Int]) -> Bool {
            let columns = indices.map { kept.column($0, of: f, weight: weight[$0], costRow: costRow) }
            guard (try? problem.addColumns(columns)) != nil else { return false }
            for i in indices {
                inMaster[i] = true
                keptOfColumn.append(i)
            }
            return true
        }
        // The first master: the known plan and the lightest pairs of each post.
        let knownSet = Set(known.compactMap(kept.index(of:)))
        guard knownSet.count == known.count else { return nil }
        var first = knownSet
        for p in instance.posts.indices {
            var lightest = SmallestK(Self.tieInitialPerPost)
            for i in kept.start[p]..<kept.start[p + 1] { lightest.offer(weight[i], i) }
            first.formUnion(lightest.indices)
        }
        guard add(first.sorted()) else { return nil }

        /// Reduced costs of the kept pairs outside the master at the current duals: per post the most
        /// negative few (pricing), or every one at most `limit` (closing the gap).
        func price(atMost limit: Double?) -> [Int] {
            let y = problem.rowDuals()
            let costDual = y[costRow]
            var out: [Int] = []
            for p in instance.posts.indices {
                var best = SmallestK(Self.tieAddPerPost)
                for i in kept.start[p]..<kept.start[p + 1] where !inMaster[i] {
                    var rc = weight[i] - costDual * kept.cost[i]
                    f.forEachRow(cadre: kept.pairs[i].cadre, post: p) { rc -= y[Int($0)] }
                    if let limit { if rc <= limit { out.append(i) } } else if rc < -1e-6 { best.offer(rc, i) }
                }
                out.append(contentsOf: best.indices)
            }
            return out
        }

        // The known plan's basis (each of its pairs basic, an unplaced cadre's slack column basic in
        // place of its C2 row, every other row's auxiliary basic) is primal feasible: GLPK's primal
        // simplex starts from a plan. Measured on hard-1125-quotas: 1.4 s against 2.1 s for the dual
        // simplex from GLPK's own basis; on the 10,000-post rung the first LP 1.9 s against 21.7 s.
        var placed = [Bool](repeating: false, count: instance.cadres.count)
        for i in knownSet { placed[kept.pairs[i].cadre] = true }
        var rowStatus = [GLPKProblem.BasisStatus](repeating: .basic, count: program.rows.count)
        for p in instance.posts.indices where f.postRow[p] >= 0 { rowStatus[Int(f.postRow[p])] = .fixed }
        var columnStatus = [GLPKProblem.BasisStatus](repeating: .atLower, count: keptOfColumn.count)
        for (cadre, j) in slackOf where !placed[cadre] {
            columnStatus[j] = .basic
            if f.cadreRow[cadre] >= 0 { rowStatus[Int(f.cadreRow[cadre])] = .fixed }
        }
        for (j, i) in keptOfColumn.enumerated() where i >= 0 && knownSet.contains(i) { columnStatus[j] = .basic }
        problem.setBasis(rows: rowStatus, columns: columnStatus)
        while true {
            guard problem.solveLP(.primal, deadline: deadline) == .optimal else { return nil }
            let more = price(atMost: nil)
            if more.isEmpty { break }
            guard add(more) else { return nil }
        }
        let zLP = problem.lpObjective

        func solveMaster(start: [Int]) -> MIPResult? {
            var x = [Double](repeating: 0, count: keptOfColumn.count)
            var placed = [Bool](repeating: false, count: instance.cadres.count)
            let chosen = Set(start)
            for (j, i) in keptOfColumn.enumerated() where i >= 0 && chosen.contains(i) {
                x[j] = 1
                placed[kept.pairs[i].cadre] = true
            }
            for (cadre, j) in slackOf where !placed[cadre] { x[j] = 1 }
            let result = problem.solveMIP(deadline: deadline, lpBound: zLP, incumbent: x, preprocess: false)
            guard result.status == .optimal, result.values.count == keptOfColumn.count else { return nil }
            return result
        }
        func pairs(_ result: MIPResult) -> [Int] {
            keptOfColumn.indices.filter { keptOfColumn[$0] >= 0 && result.values[$0] > 0.5 }.map { keptOfColumn[$0] }
        }
        guard var result = solveMaster(start: Array(knownSet)),
              let zIP = result.objective else { return nil }
        // Closing the gap (weights are whole numbers: a lighter plan weighs at most zIP − 1).
        if zIP - 1 > zLP - 1e-6 {
            let extra = price(atMost: zIP - 1 - zLP + 1e-6)
            if !extra.isEmpty {
                let incumbent = pairs(result)
                guard add(extra), problem.solveLP(.primal, deadline: deadline) == .optimal,
                      let again = solveMaster(start: incumbent) else { return nil }
                result = again
            }
        }
        return pairs(result).map { kept.pairs[$0] }
    }
}
