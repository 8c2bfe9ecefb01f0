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

        /// The column of kept pair `i` in the tie program `tie`: its rows there, the cost row with the
        /// pair's cost, and `weight` as its objective.
        func column(_ i: Int, of f: Formulation, weight: Double, in tie: TieProgram) -> IntegerProgram.Column {
            var column = f.column(cadre: pairs[i].cadre, post: pairs[i].post, cost: weight, named: false)
            tie.restate(&column)
            column.rows.append(Int32(tie.costRow))
            column.values.append(cost[i])
            return column
        }
    }

    /// The tie-break's program over the kept pairs, before their columns join.
    struct TieProgram {
        var program: IntegerProgram
        /// The row `cost ≤ z*`.
        var costRow: Int
        /// The slack (release or idle) column of each cadre that has one.
        var slackOf: [(cadre: Int, column: Int)]
        /// The tie program's row of each row of the model; -1 for a row left out: one that no choice
        /// among the open pairs can break (on the 3,000-post 2025 shape, 7,111 C8 rows of 12,921), or
        /// the C1 and C2 rows of posts and cadres the kept pairs settle.
        var rowOf: [Int32]
        /// The kept pairs every plan of the program takes (by C1 and C2 alone: a post left with one
        /// kept pair, a cadre left with one place), by index; they are not columns of the program.
        var fixed: [Int]
        /// Open kept pairs (neither fixed nor excluded by a fixed one), by index.
        var open: [Int]
        /// The program's column of each kept pair; -1 when it is not open or its columns were not
        /// added (`tieProgram(…columns: false)`: column generation adds them as it goes).
        var columnOf: [Int]

        /// Maps a column of the model onto the tie program's rows (rows left out drop away).
        func restate(_ column: inout IntegerProgram.Column) {
            var rows: [Int32] = [], values: [Double] = []
            for (r, a) in zip(column.rows, column.values) where rowOf[Int(r)] >= 0 {
                rows.append(rowOf[Int(r)])
                values.append(a)
            }
            column.rows = rows
            column.values = values
        }
    }

    /// The tie-break's program over the kept pairs: first what C1 and C2 settle alone (`settled`), then
    /// the rows of the model that can still bind (`bindingRows`) with the settled pairs' share moved
    /// into their bounds, a row `cost ≤ z*` (with `tieTolerance`, relative, for rounding), the open
    /// slack (release and idle) columns with their costs moved into that row, and a column for each
    /// open kept pair with its `weight` as objective. The same plans of cost z* as the whole program:
    /// on the 3,000-post 2025 shape 1,758 of 2,240 posts are settled, and the program has 1,203 rows
    /// instead of 12,922.
    func tieProgram(objective: Double, kept: KeptPairs, weight: [Double], columns addPairs: Bool) -> TieProgram {
        var nothingSettled = Settled(fixed: [], openPair: Array(repeating: true, count: kept.pairs.count),
                                     slack: Array(repeating: .none, count: f.instance.cadres.count))
        for (c, _) in slacks { nothingSettled.slack[c] = .open }
        let part = settled(kept) ?? nothingSettled
        let (fixed, openPair, slackState) = (part.fixed, part.openPair, part.slack)
        let openSlack = slackState.map { $0 == .open }
        // What the settled pairs and slack columns take up of each row, and of the cost row.
        var taken = [Double](repeating: 0, count: f.program.rows.count)
        var costTaken = 0.0
        for i in fixed {
            f.forEachRow(cadre: kept.pairs[i].cadre, post: kept.pairs[i].post) { taken[Int($0)] += 1 }
            costTaken += kept.cost[i]
        }
        for (c, j) in slacks where slackState[c] == .atOne {
            let column = f.program.columns[j]
            for (r, a) in zip(column.rows, column.values) { taken[Int(r)] += a }
            costTaken += column.cost
        }
        var program = IntegerProgram()
        let binding = bindingRows(kept, open: openPair, openSlack: openSlack, taken: taken)
        var rowOf = [Int32](repeating: -1, count: f.program.rows.count)
        for (i, row) in f.program.rows.enumerated() where binding[i] {
            rowOf[i] = Int32(program.addRow(name: row.name, rule: row.rule, lower: row.lower.map { $0 - taken[i] },
                                            upper: row.upper.map { $0 - taken[i] }))
        }
        let limit = objective + Self.tieTolerance * max(1, abs(objective))
        let costRow = program.addRow(name: "cost", rule: nil, lower: nil, upper: limit - costTaken)
        var tie = TieProgram(program: program, costRow: costRow, slackOf: [], rowOf: rowOf, fixed: fixed,
                             open: kept.pairs.indices.filter { openPair[$0] }, columnOf: [])
        for (cadre, j) in slacks where openSlack[cadre] {
            var column = f.program.columns[j]
            tie.restate(&column)
            if column.cost != 0 { column.rows.append(Int32(costRow)); column.values.append(column.cost) }
            column.cost = 0
            column.isInteger = false
            tie.slackOf.append((cadre, tie.program.addColumn(column)))
        }
        tie.columnOf = [Int](repeating: -1, count: kept.pairs.count)
        if addPairs {
            for i in tie.open { tie.columnOf[i] = tie.program.addColumn(kept.column(i, of: f, weight: weight[i], in: tie)) }
        }
        return tie
    }

    /// What C1 and C2 alone settle among the kept pairs, and how a cadre's slack column stands.
    struct Settled {
        enum Slack { case none, open, atZero, atOne }
        /// Kept pairs every plan of the program takes, by index, ascending.
        var fixed: [Int]
        /// Kept pairs still open (not fixed, not excluded by a fixed one).
        var openPair: [Bool]
        /// Each cadre's slack column.
        var slack: [Slack]
    }

    /// What C1 and C2 alone settle among the kept pairs: a post with one open kept pair takes it; a
    /// cadre with one open place (a kept pair or its slack column) takes it; a taken post's or
    /// cadre's other pairs (and the cadre's slack column) are excluded — repeated until nothing
    /// changes. Only equality rows of one holder per post and one place per cadre count (a rule
    /// switched off leaves its posts or cadres open). Nil when a post or cadre is left with no place
    /// (the program has no plan; then nothing is settled and GLPK says so).
    func settled(_ kept: KeptPairs) -> Settled? {
        let instance = f.instance
        func isExactlyOne(_ row: Int32) -> Bool {
            row >= 0 && f.program.rows[Int(row)].lower == 1 && f.program.rows[Int(row)].upper == 1
        }
        var openPair = [Bool](repeating: true, count: kept.pairs.count)
        var fixed = [Bool](repeating: false, count: kept.pairs.count)
        var slack = [Settled.Slack](repeating: .none, count: instance.cadres.count)
        for (c, _) in slacks { slack[c] = .open }
        var pairsOfCadre = [[Int]](repeating: [], count: instance.cadres.count)
        for i in kept.pairs.indices { pairsOfCadre[kept.pairs[i].cadre].append(i) }
        var postDone = [Bool](repeating: false, count: instance.posts.count)
        var cadreDone = [Bool](repeating: false, count: instance.cadres.count)
        var postQueue = Array(instance.posts.indices.reversed()), cadreQueue = Array(instance.cadres.indices.reversed())
        func fix(_ i: Int) {
            let (c, p) = kept.pairs[i]
            fixed[i] = true
            openPair[i] = false
            postDone[p] = true
            if isExactlyOne(f.postRow[p]) {
                for k in kept.start[p]..<kept.start[p + 1] where openPair[k] {
                    openPair[k] = false
                    cadreQueue.append(kept.pairs[k].cadre)
                }
            }
            cadreDone[c] = true
            if isExactlyOne(f.cadreRow[c]) {
                for k in pairsOfCadre[c] where openPair[k] {
                    openPair[k] = false
                    postQueue.append(kept.pairs[k].post)
                }
                if slack[c] == .open { slack[c] = .atZero }
            }
        }
        while !postQueue.isEmpty || !cadreQueue.isEmpty {
            while let p = postQueue.popLast() {
                guard !postDone[p], isExactlyOne(f.postRow[p]) else { continue }
                let live = (kept.start[p]..<kept.start[p + 1]).filter { openPair[$0] }
                if live.isEmpty { return nil }
                if live.count == 1 { fix(live[0]) }
            }
            while let c = cadreQueue.popLast() {
                guard !cadreDone[c], isExactlyOne(f.cadreRow[c]) else { continue }
                let live = pairsOfCadre[c].filter { openPair[$0] }
                switch (live.count, slack[c]) {
                case (0, .open): slack[c] = .atOne; cadreDone[c] = true
                case (0, _): return nil
                case (1, .none): fix(live[0])
                default: break
                }
            }
        }
        return Settled(fixed: kept.pairs.indices.filter { fixed[$0] }, openPair: openPair, slack: slack)
    }

    /// The rows of the model the tie program needs, given the open kept pairs and slack columns and
    /// what the settled ones take of each row (`taken`). A post's or cadre's row (C1, C2) stays while
    /// it has an open column. A side row is left out when its largest possible activity over the open
    /// columns is within its upper bound and its smallest within its lower one (both less `taken`),
    /// counting each cadre once (its C2 row: one place at most) or each post once (C1: one holder) —
    /// whichever bound is tighter. Every plan of the tie program keeps the rows left out, so its
    /// optimum is the same; the plan is checked against every row afterwards anyway.
    func bindingRows(_ kept: KeptPairs, open openPair: [Bool], openSlack: [Bool], taken: [Double]) -> [Bool] {
        let rowCount = f.program.rows.count
        var binding = [Bool](repeating: false, count: rowCount)
        var structural = [Bool](repeating: false, count: rowCount)
        for r in f.postRow where r >= 0 { structural[Int(r)] = true }
        for r in f.cadreRow where r >= 0 { structural[Int(r)] = true }
        for i in kept.pairs.indices where openPair[i] {
            let (c, p) = kept.pairs[i]
            if f.postRow[p] >= 0 { binding[Int(f.postRow[p])] = true }
            if f.cadreRow[c] >= 0 { binding[Int(f.cadreRow[c])] = true }
        }
        for (c, _) in slacks where openSlack[c] && f.cadreRow[c] >= 0 { binding[Int(f.cadreRow[c])] = true }
        // Extremes of each row's activity, by cadre and by post.
        var byCadre = (high: [Double](repeating: 0, count: rowCount), low: [Double](repeating: 0, count: rowCount))
        var byPost = byCadre
        var stamp = [Int](repeating: -1, count: rowCount)
        var owner = 0
        var high = [Double](repeating: 0, count: rowCount), low = high
        var touched: [Int32] = []
        /// Folds the columns of one choice (at most one of them is 1) into `total`.
        func fold(_ columns: [IntegerProgram.Column], into total: inout (high: [Double], low: [Double])) {
            owner += 1
            touched.removeAll(keepingCapacity: true)
            for column in columns {
                for (r, a) in zip(column.rows, column.values) {
                    let i = Int(r)
                    if stamp[i] != owner { stamp[i] = owner; high[i] = 0; low[i] = 0; touched.append(r) }
                    high[i] = Swift.max(high[i], a)
                    low[i] = Swift.min(low[i], a)
                }
            }
            for r in touched {
                total.high[Int(r)] += high[Int(r)]
                total.low[Int(r)] += low[Int(r)]
            }
        }
        /// Kept pair `i`'s column in the model (slack columns are 0…1 too).
        func pairColumn(_ i: Int) -> IntegerProgram.Column {
            f.column(cadre: kept.pairs[i].cadre, post: kept.pairs[i].post, cost: 0, named: false)
        }
        /// True when `row` lets at most one of its columns (all with coefficient 1) be 1.
        func atMostOne(_ row: Int32) -> Bool { row >= 0 && f.program.rows[Int(row)].upper == 1 }
        /// Folds one choice's columns, or each column alone when no row limits them to one.
        func fold(_ columns: [IntegerProgram.Column], oneOf row: Int32, into total: inout (high: [Double], low: [Double])) {
            if atMostOne(row) { fold(columns, into: &total) } else { for column in columns { fold([column], into: &total) } }
        }
        // By cadre: its open kept pairs and slack column, one choice when its C2 row allows one only.
        var pairsOfCadre = [[Int]](repeating: [], count: f.instance.cadres.count)
        for i in kept.pairs.indices where openPair[i] { pairsOfCadre[kept.pairs[i].cadre].append(i) }
        var slackOfCadre = [Int](repeating: -1, count: f.instance.cadres.count)
        for (c, j) in slacks where openSlack[c] { slackOfCadre[c] = j }
        for c in f.instance.cadres.indices {
            var columns = pairsOfCadre[c].map(pairColumn)
            if slackOfCadre[c] >= 0 { columns.append(f.program.columns[slackOfCadre[c]]) }
            fold(columns, oneOf: f.cadreRow[c], into: &byCadre)
        }
        // By post: its open kept pairs, one choice when its C1 row allows one only; slack columns alone.
        for p in f.instance.posts.indices {
            fold((kept.start[p]..<kept.start[p + 1]).filter { openPair[$0] }.map(pairColumn), oneOf: f.postRow[p], into: &byPost)
        }
        for (c, j) in slacks where openSlack[c] { fold([f.program.columns[j]], into: &byPost) }
        let eps = 1e-9
        for (i, row) in f.program.rows.enumerated() where !binding[i] {
            let most = structural[i] ? 0 : Swift.min(byCadre.high[i], byPost.high[i])
            let least = structural[i] ? 0 : Swift.max(byCadre.low[i], byPost.low[i])
            let breaksUpper = row.upper.map { most > $0 - taken[i] + eps } ?? false
            let breaksLower = row.lower.map { least < $0 - taken[i] - eps } ?? false
            binding[i] = breaksUpper || breaksLower
        }
        return binding
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
        let tie = tieProgram(objective: objective, kept: kept, weight: weight, columns: false)
        let (program, costRow, slackOf, rowOf) = (tie.program, tie.costRow, tie.slackOf, tie.rowOf)
        guard let problem = try? GLPKProblem(program) else { return nil }
        var keptOfColumn = [Int](repeating: -1, count: program.columns.count)
        var inMaster = [Bool](repeating: false, count: kept.pairs.count)
        var isOpen = [Bool](repeating: false, count: kept.pairs.count)
        for i in tie.open { isOpen[i] = true }

        func add(_ indices: [Int]) -> Bool {
            let columns = indices.map { kept.column($0, of: f, weight: weight[$0], in: tie) }
            guard (try? problem.addColumns(columns)) != nil else { return false }
            for i in indices {
                inMaster[i] = true
                keptOfColumn.append(i)
            }
            return true
        }
        // The first master: the known plan's open pairs and the lightest open pairs of each post.
        let knownAll = known.compactMap(kept.index(of:))
        guard knownAll.count == known.count else { return nil }
        let knownSet = Set(knownAll.filter { isOpen[$0] })
        var first = knownSet
        for p in instance.posts.indices {
            var lightest = SmallestK(Self.tieInitialPerPost)
            for i in kept.start[p]..<kept.start[p + 1] where isOpen[i] { lightest.offer(weight[i], i) }
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
                for i in kept.start[p]..<kept.start[p + 1] where isOpen[i] && !inMaster[i] {
                    var rc = weight[i] - costDual * kept.cost[i]
                    f.forEachRow(cadre: kept.pairs[i].cadre, post: p) { let t = rowOf[Int($0)]; if t >= 0 { rc -= y[Int(t)] } }
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
        for p in instance.posts.indices where f.postRow[p] >= 0 && rowOf[Int(f.postRow[p])] >= 0 {
            rowStatus[Int(rowOf[Int(f.postRow[p])])] = .fixed
        }
        var columnStatus = [GLPKProblem.BasisStatus](repeating: .atLower, count: keptOfColumn.count)
        for (cadre, j) in slackOf where !placed[cadre] {
            columnStatus[j] = .basic
            if f.cadreRow[cadre] >= 0 && rowOf[Int(f.cadreRow[cadre])] >= 0 { rowStatus[Int(rowOf[Int(f.cadreRow[cadre])])] = .fixed }
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
        return (tie.fixed + pairs(result)).sorted().map { kept.pairs[$0] }
    }
}
