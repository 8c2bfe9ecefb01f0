import AssignModel
import Foundation

/// Solves a phased plan (SPEC §11.5): `PhasedModel` → GLPK → a plan with one entry per phase.
public enum PhasedSolver {
    /// Solves `instance`, whose policy has `phases`. With `timings`, the plan's stats include build
    /// and solve seconds (the file then differs between runs).
    public static func solve(_ instance: Instance, options: SolveOptions = SolveOptions(), timings: Bool = false) -> SolveReport {
        solve(instance, options: options, timings: timings, exclusions: []).report
    }

    /// Up to `count` phased plans: the first optimal, each next the best that differs from every
    /// earlier one in at least `minDiff` (group, phase) holdings. Stops early when no such plan exists.
    public static func alternatives(_ instance: Instance, count: Int, minDiff: Int, options: SolveOptions = SolveOptions(),
                                    timings: Bool = false) -> [SolveReport] {
        var reports: [SolveReport] = []
        var earlier: [[PhasedModel.Path?]] = []
        var o = options
        o.minDiff = minDiff
        for _ in 0..<count {
            let (report, paths) = solve(instance, options: o, timings: timings, exclusions: earlier)
            reports.append(report)
            guard report.plan != nil, let paths else { break }
            earlier.append(paths)
        }
        return reports
    }

    static func solve(_ instance: Instance, options: SolveOptions, timings: Bool,
                      exclusions: [[PhasedModel.Path?]]) -> (report: SolveReport, paths: [PhasedModel.Path?]?) {
        let instance = instance.grouped()
        let t0 = Date()
        options.progress?(SolveProgress(phase: "building the model", detail: tr("detail.phases", ["n": String(instance.policy.phases.count)])))
        let model = PhasedModel(instance: instance, deadline: options.deadline, exclusions: exclusions, minDiff: options.minDiff)
        var report = SolveReport(status: .noSolution, plan: nil, blockers: [], pairs: model.columns.count,
                                 rows: model.program.rows.count, columns: model.program.columns.count,
                                 nonzeros: model.program.nonzeros, simplexIterations: 0, nodes: 0,
                                 buildSeconds: Date().timeIntervalSince(t0), solveSeconds: 0)
        guard model.complete else { return (report, nil) }
        let t1 = Date()
        var result: MIPResult
        var rounds: [Round] = []
        var relaxationSeconds = 0.0
        var relaxationRounds = 0  // pricing rounds of the relaxation's column generation (0: GLPK on every path)
        do {
            result = options.method == .full ? try solveWhole(model.program, options: options)
                : try solveByFixing(model, options: options, rounds: &rounds, relaxationSeconds: &relaxationSeconds,
                                          relaxationRounds: &relaxationRounds)
        } catch {
            result = MIPResult(status: .failed("\(error)"), values: [], objective: nil, bound: nil, simplexIterations: 0, nodes: 0)
        }
        report.solveSeconds = Date().timeIntervalSince(t1)
        report.status = result.status
        report.simplexIterations = result.simplexIterations
        report.nodes = result.nodes
        switch result.status {
        case .optimal, .feasible:
            var stats: [(String, JSON)] = [
                ("posts", .int(instance.joint?.posts.count ?? instance.posts.count)), ("cadres", .int(instance.cadres.count)),
                ("phases", .int(model.phaseCount)), ("paths", .int(model.columns.count)), ("method", .string(options.method == .full ? "full model" : "reduced-cost fixing")),
                ("rows", .int(model.program.rows.count)),
            ]
            if timings {
                stats += [("simplex_iterations", .int(result.simplexIterations)), ("nodes", .int(result.nodes)),
                          ("relaxation_seconds", .number((relaxationSeconds * 1e4).rounded() / 1e4)),
                          ("relaxation_pricing_rounds", .int(relaxationRounds)),
                          ("rounds", .array(rounds.map { r in
                              .object([("paths", .int(r.paths)), ("within", .number(r.delta)), ("nodes", .int(r.nodes)),
                                       ("objective", r.objective.map(JSON.number) ?? .null),
                                       ("lp_seconds", .number((r.lpSeconds * 1e4).rounded() / 1e4)),
                                       ("seconds", .number((r.seconds * 1e4).rounded() / 1e4))])
                          }))]
            }
            stats.append(("solver", .string("GLPK \(PlanSolver.glpkVersion)")))
            if timings {
                stats.append(("build_seconds", .number((report.buildSeconds * 1e4).rounded() / 1e4)))
                stats.append(("solve_seconds", .number((report.solveSeconds * 1e4).rounded() / 1e4)))
            }
            if result.status == .optimal, let keep = options.keepPhases, let z = result.objective {
                // `--keep`: among the plans of this cost, the one closest to the earlier plan.
                let closest = closestPlan(model, to: keep, objective: z, start: result.values, options: options)
                stats.append(("tie_break", .string(closest.proven ? "closest to the kept plan" : "closest not proven")))
                stats.append(("kept_holdings_changed", .int(closest.changed)))
                result.values = closest.values
            }
            let paths = model.paths(result.values)
            report.plan = makePlan(model, paths: paths, status: result.status == .optimal ? .optimal : .feasible,
                                   bound: result.bound, stats: stats)
            return (report, paths)
        default:
            break
        }
        return (report, nil)
    }

    /// Paths above which a phased plan is not searched again among the plans of its cost (`--keep`):
    /// the plan found is kept. A size, not a clock, so that the plan does not depend on the machine.
    /// (A canonical tie-break by the same search, weights hashed from ids and years, was tried: on
    /// examples/phased-2025, 6,601 paths, it took 539 s after a 22 s solve.)
    static let secondSearchPaths = 20_000

    /// Among the plans of cost `objective`, one of least `weight` (summed over the chosen paths, whole
    /// numbers): GLPK over every path with a row `cost ≤ objective` (rounding only), `start` (an optimal
    /// plan) as first incumbent. Nil when the program is above `secondSearchPaths`; else the values and
    /// whether the search proved them least (the time limit may stop it).
    static func searchAtOptimum(_ model: PhasedModel, objective: Double, start: [Double], options: SolveOptions,
                                weight: (Int) -> Double) -> (values: [Double], proven: Bool)? {
        guard model.program.columns.count <= secondSearchPaths else { return nil }
        var program = IntegerProgram()
        for row in model.program.rows { program.addRow(name: row.name, rule: row.rule, lower: row.lower, upper: row.upper) }
        let costRow = program.addRow(name: "cost", rule: nil, lower: nil, upper: objective + TieBreak.tieTolerance * max(1, abs(objective)))
        for (j, column) in model.program.columns.enumerated() {
            var c = column
            c.rows.append(Int32(costRow))
            c.values.append(column.cost)
            c.cost = weight(j)
            program.addColumn(c)
        }
        guard (try? program.validate()) != nil, let problem = try? GLPKProblem(program),
              problem.solveLP(.dual, deadline: options.deadline) == .optimal else { return (start, false) }
        let r = problem.solveMIP(deadline: options.deadline, lpBound: problem.lpObjective, incumbent: start, objectiveStep: 1,
                                 cuts: true, pseudocost: true)
        guard r.values.count == program.columns.count, r.status == .optimal || r.status == .feasible else { return (start, false) }
        return (r.values, r.status == .optimal)
    }

    /// Among the plans of cost `objective`, one that keeps the most (group, phase) holdings of the
    /// earlier plan `keep` (each phase's (cadre id, post id) holdings): `searchAtOptimum` with, as
    /// weight, minus the phases at which a path's cadre holds the group it held in the earlier plan
    /// (each group has one holder at each phase, so this counts the holdings kept). Returns the chosen
    /// column values, whether they are proven closest, and how many (group, phase) holdings differ.
    static func closestPlan(_ model: PhasedModel, to keep: [[(cadre: String, post: String)]], objective: Double, start: [Double],
                            options: SolveOptions) -> (values: [Double], proven: Bool, changed: Int) {
        let instance = model.instance
        let T = model.phaseCount, G = instance.posts.count
        // The group a real post id names (a joint group's posts name their group).
        var groupOf: [String: Int] = [:]
        if let joint = instance.joint {
            for (q, post) in joint.posts.enumerated() { groupOf[post.id] = joint.groupOf[q] }
        } else {
            for (g, post) in instance.posts.enumerated() { groupOf[post.id] = g }
        }
        var earlier = [[Int?]](repeating: [Int?](repeating: nil, count: T), count: instance.cadres.count)
        for (t, holdings) in keep.prefix(T).enumerated() {
            for (cadre, post) in holdings {
                if let c = instance.cadreIndex[cadre], let g = groupOf[post] { earlier[c][t] = g }
            }
        }
        func kept(_ col: PhasedModel.Column) -> Int {
            (0..<T).filter { t in earlier[col.cadre][t] != nil && model.holding(cadre: col.cadre, path: col.path, phase: t) == earlier[col.cadre][t] }.count
        }
        // Every group has one holder at every phase: the holdings that differ are those not kept.
        func changed(_ values: [Double]) -> Int {
            G * T - model.columns.indices.filter { $0 < values.count && values[$0] > 0.5 }.reduce(0) { $0 + kept(model.columns[$1]) }
        }
        let found = searchAtOptimum(model, objective: objective, start: start, options: options) { -Double(kept(model.columns[$0])) }
        let values = found?.values ?? start
        return (values, found?.proven ?? false, changed(values))
    }

    /// Why a move is made in its phase and not another: the year by which the cadre must leave its
    /// group (when later), and what kept the move from the phase before (a rule in that year, the
    /// phase's cap reached, or the group still held then).
    static func whyThisPhase(_ model: PhasedModel, paths: [PhasedModel.Path?], movesAt: [Int], cadre c: Int, post g: Int,
                             phase t: Int) -> [String] {
        let instance = model.instance
        var out: [String] = []
        if instance.cadres[c].post != nil, model.mayHoldUntil[c] > t, model.mayHoldUntil[c] < model.phaseCount {
            out.append(tr("phase.reason.dueBy", ["year": String(model.years[model.mayHoldUntil[c]])]))
        }
        guard t > 0 else { return out }
        let before = t - 1, year = String(model.years[before])
        let seen = model.atPhase[before]
        if let rule = seen.brokenRules(cadre: c, post: g, facts: model.facts[before][c]).first {
            out.append(tr("phase.reason.notBefore", ["year": year, "why": seen.explain(rule, cadre: c, post: g, facts: model.facts[before][c])
                                                        + " (\(rule.rawValue))"]))
        } else if let cap = seen.policy.maxMoves, movesAt[before] >= cap {
            out.append(tr("phase.reason.capReached", ["year": year, "cap": String(cap), "rule": RuleID.C6.rawValue]))
        } else if let holder = instance.cadres.indices.first(where: { d in
            d != c && paths[d].flatMap { model.holding(cadre: d, path: $0, phase: before) } == g
        }) {
            out.append(tr("phase.reason.heldUntil", ["year": year, "post": instance.posts[g].id, "other": instance.cadres[holder].id]))
        }
        return out
    }

    /// The unit every plan's objective is a multiple of, when the costs are decimals with at most six
    /// places (their greatest common divisor); nil otherwise.
    static func objectiveStep(_ program: IntegerProgram) -> Double? {
        for places in 0...6 {
            let scale = pow(10, Double(places))
            var g = 0
            var whole = true
            for column in program.columns {
                let x = column.cost * scale
                guard abs(x - x.rounded()) <= 1e-6 * max(1, abs(x)), abs(x) < 1e15 else { whole = false; break }
                var (a, b) = (abs(Int(x.rounded())), g)
                while b != 0 { (a, b) = (b, a % b) }
                g = a
            }
            if whole { return g == 0 ? nil : Double(g) / scale }
        }
        return nil
    }

    /// Solves `program` exactly by reduced-cost fixing around its LP relaxation.
    ///
    /// The relaxation's optimum L and reduced costs d_j bound every plan that takes column j by
    /// L + d_j. So GLPK's branch and bound runs first on the columns with d_j ≤ δ (small): a plan of
    /// cost z ≤ L + δ found there is optimal over all columns. A dearer plan z widens δ to z − L,
    /// and the search runs again with that plan as its incumbent, now over every column that could
    /// beat it — exact again. (Measured on examples/phased-2025: 6,601 paths, LP 11,025.2, optimum
    /// 11,111; branch and bound on all paths did not finish in 10 minutes.) The costs' common step
    /// (`objectiveStep`) ends a search once the incumbent is less than one step above the bound.
    /// Before the rounds, a dive: the cadres whose path is whole in the relaxation keep it, the others
    /// choose among their paths within δ; a plan at the relaxation's bound (rounded up to the step) is
    /// optimal at once (generated 1,100-post 2-phase instance: 30 s → 8 s), any other is the incumbent.
    /// GLPK's cuts (Gomory, MIR, cover, clique) and pseudocost branching are on: on examples/phased-2025
    /// (release build) the search had not finished after 828 s without cuts (bound stuck at 11,098.5),
    /// took 137 s with cuts and 40 s with cuts and pseudocost branching (first round 945 paths, 7 s,
    /// finds 11,111; the proof over the 3,018 paths within 85.8 of the LP bound 32 s).
    /// `--method full`: GLPK's branch and bound over every path at once (the plain model, no fixing).
    static func solveWhole(_ program: IntegerProgram, options: SolveOptions) throws -> MIPResult {
        try program.validate()
        let whole = try GLPKProblem(program)
        switch whole.solveLP(.dual, deadline: options.deadline) {
        case .optimal: break
        case .infeasible: return MIPResult(status: .infeasible, values: [], objective: nil, bound: nil, simplexIterations: whole.iterations, nodes: 0)
        case .timeLimit: return MIPResult(status: .noSolution, values: [], objective: nil, bound: nil, simplexIterations: whole.iterations, nodes: 0)
        case .failed(let why): return MIPResult(status: .failed(why), values: [], objective: nil, bound: nil, simplexIterations: whole.iterations, nodes: 0)
        }
        let progress = options.progress.map { send in
            { (nodes: Int, best: Double?, bound: Double) in
                send(SolveProgress(phase: "branch and bound (full model)", best: best, bound: bound, detail: tr("detail.nodes", ["n": String(nodes)])))
            }
        }
        var r = whole.solveMIP(deadline: options.deadline, lpBound: whole.lpObjective, stopAtFirstImprovement: options.firstPlan,
                               objectiveStep: objectiveStep(program), cuts: true, pseudocost: true, progress: progress)
        if options.firstPlan && r.status == .optimal { r.status = .feasible }
        return r
    }

    /// One branch and bound of `solveByFixing`: the paths it saw (those within `delta` of the LP
    /// bound), and what it found.
    struct Round {
        var paths: Int
        var delta: Double
        var nodes: Int
        var objective: Double?
        /// The restricted relaxation's seconds, then branch and bound's.
        var lpSeconds: Double
        var seconds: Double
    }

    /// The time limit came during the relaxation's column generation.
    struct TimeLimit: Error {}

    /// The relaxation's column generation proved (by its phase 1, over every path) that no plan exists.
    struct RelaxationInfeasible: Error {}

    /// Above this many paths the relaxation is solved by column generation (`PhasedColumns`).
    static let columnGenerationPaths = 20_000

    static func solveByFixing(_ model: PhasedModel, options: SolveOptions, rounds: inout [Round],
                              relaxationSeconds: inout Double, relaxationRounds: inout Int,
                              columnGenerationAbove: Int = columnGenerationPaths) throws -> MIPResult {
        let program = model.program
        try program.validate()
        let n = program.columns.count
        let deadline = options.deadline
        let none = { (status: MIPStatus) in
            MIPResult(status: status, values: [], objective: nil, bound: nil, simplexIterations: 0, nodes: 0)
        }
        if options.firstPlan { return try solveWhole(program, options: options) }
        options.progress?(SolveProgress(phase: "LP relaxation", detail: tr("detail.paths", ["n": String(n)])))
        var relaxation: (lp: Double, rc: [Double], basic: [Bool], values: [Double])?
        let relaxationBegan = Date()
        if n > columnGenerationAbove {
            do {
                if let r = try PhasedColumns.solve(program, cadreOf: model.columns.map(\.cadre), deadline: deadline) {
                    relaxationRounds = r.rounds
                    relaxation = (r.objective, r.reducedCosts, Array(repeating: false, count: n), r.values)
                }
            } catch is TimeLimit {
                return none(.noSolution)
            } catch is RelaxationInfeasible {
                return none(.infeasible)
            }
        }
        if relaxation == nil {
            let whole = try GLPKProblem(program)
            switch whole.solveLP(.dual, deadline: deadline) {
            case .optimal: break
            case .infeasible: return none(.infeasible)
            case .timeLimit: return none(.noSolution)
            case .failed(let why): return none(.failed(why))
            }
            let (rc, basic) = whole.reducedCosts(0..<n)
            relaxation = (whole.lpObjective, rc, basic, whole.lpValues())
        }
        let (lp, rc, basic, values) = relaxation!
        relaxationSeconds = Date().timeIntervalSince(relaxationBegan)
        let step = objectiveStep(program)
        let progress = options.progress.map { send in
            { (nodes: Int, best: Double?, bound: Double) in
                send(SolveProgress(phase: "branch and bound (phased model)", best: best, bound: bound, detail: tr("detail.nodes", ["n": String(nodes)])))
            }
        }
        // The first round sees about three paths per cadre (at least 1,000): the cheapest by reduced cost.
        let target = min(n, max(1000, 3 * Set(model.columns.map(\.cadre)).count))
        let sortedRC = (0..<n).map { basic[$0] ? 0 : rc[$0] }.sorted()
        var delta = max(step ?? 0, n == 0 ? 0 : sortedRC[target - 1], 1e-6)
        var incumbent: [Double]?  // over all columns
        var nodes = 0, iterations = 0
        // A dive: the cadres whose path is whole in the relaxation keep it; the others choose among their
        // paths within δ. A plan that reaches the relaxation's bound (rounded up to the costs' step) is
        // optimal at once; any plan is the incumbent of the rounds below.
        do {
            let cadreOf = model.columns.map(\.cadre)
            var whole = [Int: Int]()
            for j in 0..<n where values[j] > 1 - 1e-6 { whole[cadreOf[j]] = j }
            let kept = (0..<n).filter { j in whole[cadreOf[j]].map { $0 == j } ?? (basic[j] || rc[j] <= delta + 1e-9) }
            var sub = IntegerProgram()
            for row in program.rows { sub.addRow(name: row.name, rule: row.rule, lower: row.lower, upper: row.upper) }
            for j in kept { sub.addColumn(program.columns[j]) }
            let problem = try GLPKProblem(sub)
            let lpBegan = Date()
            if problem.solveLP(.dual, deadline: deadline) == .optimal {
                let began = Date()
                let r = problem.solveMIP(deadline: deadline, lpBound: problem.lpObjective, objectiveStep: step, cuts: false,
                                         pseudocost: true, progress: progress)
                nodes += r.nodes
                iterations += r.simplexIterations
                rounds.append(Round(paths: kept.count, delta: -1, nodes: r.nodes, objective: r.objective,
                                    lpSeconds: began.timeIntervalSince(lpBegan), seconds: Date().timeIntervalSince(began)))
                if (r.status == .optimal || r.status == .feasible), let z = r.objective {
                    var x = [Double](repeating: 0, count: n)
                    for (i, j) in kept.enumerated() { x[j] = r.values[i].rounded() }
                    // Every plan costs at least the bound, rounded up to a multiple of the step.
                    let floor = step.map { s in (((lp - 1e-9 * max(1, abs(lp))) / s).rounded(.up)) * s } ?? lp
                    if z <= floor + 1e-9 * max(1, abs(z)) {
                        return MIPResult(status: .optimal, values: x, objective: z, bound: z, simplexIterations: iterations, nodes: nodes)
                    }
                    incumbent = x
                    delta = max(delta, z - lp)
                }
            }
        }
        while true {
            let kept = (0..<n).filter { basic[$0] || rc[$0] <= delta + 1e-9 }
            // The least any plan with a left-out column costs.
            let outside = (0..<n).filter { !(basic[$0] || rc[$0] <= delta + 1e-9) }.map { lp + rc[$0] }.min() ?? .infinity
            var sub = IntegerProgram()
            for row in program.rows { sub.addRow(name: row.name, rule: row.rule, lower: row.lower, upper: row.upper) }
            for j in kept { sub.addColumn(program.columns[j]) }
            let problem = try GLPKProblem(sub)
            let lpBegan = Date()
            options.progress?(SolveProgress(phase: "branch and bound (phased model)", bound: lp,
                                            detail: tr("detail.pathsWithin", ["kept": String(kept.count), "n": String(n), "delta": JSON.format((delta * 100).rounded() / 100)])))
            switch problem.solveLP(.dual, deadline: deadline) {
            case .optimal: break
            case .infeasible:
                if kept.count == n { return none(.infeasible) }
                delta *= 4
                continue
            case .timeLimit:
                return incumbent.map { MIPResult(status: .feasible, values: $0, objective: program.objective($0), bound: lp,
                                                 simplexIterations: iterations, nodes: nodes) } ?? none(.noSolution)
            case .failed(let why): return none(.failed(why))
            }
            let start = incumbent.map { x in kept.map { x[$0] } }
            let began = Date()
            let lpSeconds = began.timeIntervalSince(lpBegan)
            let r = problem.solveMIP(deadline: deadline, lpBound: problem.lpObjective, incumbent: start, objectiveStep: step,
                                     cuts: true, pseudocost: true, progress: progress)
            nodes += r.nodes
            iterations += r.simplexIterations
            rounds.append(Round(paths: kept.count, delta: delta, nodes: r.nodes, objective: r.objective, lpSeconds: lpSeconds,
                                seconds: Date().timeIntervalSince(began)))
            var values: [Double]?
            if !r.values.isEmpty {
                var x = [Double](repeating: 0, count: n)
                for (i, j) in kept.enumerated() { x[j] = r.values[i].rounded() }
                values = x
            }
            switch r.status {
            case .optimal:
                let z = r.objective!
                // Every plan with a left-out column costs at least `outside`.
                if kept.count == n || z <= outside + 1e-9 * max(1, abs(z)) {
                    return MIPResult(status: .optimal, values: values!, objective: z, bound: z, simplexIterations: iterations, nodes: nodes)
                }
                // A plan dearer than L + δ: every column that could beat it goes in, with it as the incumbent.
                incumbent = values
                delta = z - lp
            case .infeasible:
                if kept.count == n { return none(.infeasible) }
                delta *= 4
            case .feasible:
                let z = r.objective!
                return MIPResult(status: .feasible, values: values!, objective: z, bound: min(r.bound ?? lp, outside),
                                 simplexIterations: iterations, nodes: nodes)
            case .noSolution:
                return incumbent.map { MIPResult(status: .feasible, values: $0, objective: program.objective($0),
                                                 bound: min(r.bound ?? lp, outside), simplexIterations: iterations, nodes: nodes) }
                    ?? MIPResult(status: .noSolution, values: [], objective: nil, bound: nil, simplexIterations: iterations, nodes: nodes)
            case .failed:
                return r
            }
        }
    }

    /// The phased plan of SPEC §11.5 for the chosen paths: each phase lists every post with its holder
    /// then; a move made at that phase carries its type, cross-block and cost (on its group's first
    /// post), every other entry `stay`, false and 0 but for a keeper's stay cost at the last phase.
    public static func makePlan(_ model: PhasedModel, paths: [PhasedModel.Path?], status: PlanStatus, bound: Double?,
                                stats: [(String, JSON)]) -> Plan {
        let instance = model.instance
        let T = model.phaseCount
        let cadres = instance.cadres
        let byID = cadres.indices.sorted { IdentifierOrder.precedes(cadres[$0].id, cadres[$1].id) }
        var objective = 0.0
        var phases: [PlanPhase] = []
        // Moves and releases made at each phase (against its cap, for the reasons).
        var movesAt = [Int](repeating: 0, count: T)
        for path in paths {
            switch path {
            case .move(_, let t)?, .release(let t)?: movesAt[t] += 1
            default: break
            }
        }
        for t in 0..<T {
            let seen = model.atPhase[t]
            var pairs: [(cadre: Int, post: Int)] = []
            for c in cadres.indices {
                if let path = paths[c], let g = model.holding(cadre: c, path: path, phase: t) { pairs.append((c, g)) }
                else if paths[c] == nil, t < model.retiresAt[c], let g = cadres[c].post { pairs.append((c, g)) }
            }
            let writer = ReasonWriter(instance: seen, facts: model.facts[t], pairs: pairs)
            var assignments: [Assignment] = []
            for (c, g) in pairs.sorted(by: { IdentifierOrder.precedes(instance.posts[$0.post].id, instance.posts[$1.post].id) }) {
                let path = paths[c] ?? .keep
                var type = MoveType.stay, cross = false, cost = 0.0
                var reasons: [String]
                switch path {
                case .move(g, t):
                    type = seen.moveType(cadre: c, post: g)
                    cross = seen.isCrossBlock(cadre: c, post: g)
                    cost = seen.cost(cadre: c, post: g)
                    reasons = [tr("phase.reason.moveNow", ["year": String(model.years[t])])] + writer.reasons(cadre: c, post: g)
                        + whyThisPhase(model, paths: paths, movesAt: movesAt, cadre: c, post: g, phase: t)
                case .move(_, let at) where at < t:
                    reasons = [tr("phase.reason.movedIn", ["year": String(model.years[at])])]
                case .move(let next, let at):
                    // Holds its group now until it moves at a later phase.
                    reasons = writer.reasons(cadre: c, post: g)
                        + [tr("phase.reason.untilMove", ["year": String(model.years[at]), "post": instance.posts[next].id])]
                case .release(let at):
                    reasons = writer.reasons(cadre: c, post: g) + [tr("phase.reason.untilRelease", ["year": String(model.years[at])])]
                case .keep:
                    // A keeper through the last phase pays its stay's cost once, there.
                    if t == T - 1, model.retiresAt[c] == T { cost = seen.cost(cadre: c, post: g) }
                    reasons = writer.reasons(cadre: c, post: g)
                }
                objective += cost
                let behind = instance.postsBehind(g)
                for (i, post) in behind.enumerated() {
                    assignments.append(Assignment(post: post.id, cadre: cadres[c].id, type: type, crossBlock: cross,
                                                  cost: i == 0 ? cost : 0, reasons: reasons,
                                                  joint: post.joint.isEmpty ? nil : post.joint))
                }
            }
            if instance.joint != nil { assignments.sort { IdentifierOrder.precedes($0.post, $1.post) } }
            var releases: [Release] = []
            var retired: [String] = []
            for c in byID {
                if case .release(t)? = paths[c] {
                    let previous = instance.joint.map { $0.posts[$0.listed[c][0]].id } ?? instance.posts[cadres[c].post!].id
                    releases.append(Release(cadre: cadres[c].id, previousPost: previous,
                                            reasons: [tr("phase.reason.releasedIn", ["year": String(model.years[t])])]
                                                + writer.releaseReasons(cadre: c)))
                    objective += instance.policy.weights.release
                }
                // Retired at t: held a group at the previous phase (now, for the first) and retires in Y_t.
                if model.retiresAt[c] == t {
                    let held: Int? = t == 0 ? cadres[c].post
                        : paths[c].flatMap { model.holding(cadre: c, path: $0, phase: t - 1) } ?? (paths[c] == nil ? cadres[c].post : nil)
                    if held != nil { retired.append(cadres[c].id) }
                }
            }
            phases.append(PlanPhase(year: model.years[t], assignments: assignments, released: releases.map(\.cadre),
                                    releases: releases, retired: retired))
        }
        let provenBound = status == .optimal ? objective : min(bound ?? -.infinity, objective)
        var plan = Plan(status: status, objective: objective, bound: provenBound.isFinite ? provenBound : nil,
                        assignments: [], released: [], releases: [], stats: stats)
        plan.phases = phases
        return plan
    }
}
