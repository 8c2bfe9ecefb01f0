import AssignModel
import Foundation

/// The outcome of solving one instance: a plan when one was found, and the figures of the solve.
public struct SolveReport: Sendable {
    public var status: MIPStatus
    /// The plan, when GLPK found one (status optimal or feasible).
    public var plan: Plan?
    /// Plain-language reasons why no plan exists, when infeasible (first findings; may be empty).
    public var blockers: [String]
    public var pairs: Int
    public var rows: Int
    public var columns: Int
    public var nonzeros: Int
    public var simplexIterations: Int
    public var nodes: Int
    public var buildSeconds: Double
    public var solveSeconds: Double
}

/// Runs the pipeline instance → formulation → GLPK → plan with reasons.
public enum PlanSolver {
    /// Solves `instance`. With `timings`, the plan's stats include build and solve seconds
    /// (which makes the file differ between runs); without, the plan is byte-for-byte reproducible.
    ///
    /// An instance with joint posts (SPEC §11.1) is solved on its grouped instance (`Instance.grouped()`);
    /// the plan lists every post.
    ///
    /// A policy with `phases` (SPEC §11.5) is solved by `PhasedSolver`.
    public static func solve(_ instance: Instance, options: SolveOptions = SolveOptions(), timings: Bool = false) -> SolveReport {
        if instance.policy.isPhased { return PhasedSolver.solve(instance, options: options, timings: timings) }
        let instance = instance.grouped()
        if options.method == .columnGeneration {
            if let report = solveByColumnGeneration(instance, options: options, timings: timings) { return report }
            if let deadline = options.deadline, Date() >= deadline {
                return SolveReport(status: .noSolution, plan: nil, blockers: [], pairs: 0, rows: 0, columns: 0, nonzeros: 0,
                                   simplexIterations: 0, nodes: 0, buildSeconds: 0, solveSeconds: 0)
            }
        }
        let t0 = Date()
        let formulation = Formulation(instance: instance, exclusions: options.exclusions, minDiff: options.minDiff,
                                      deadline: options.deadline)
        if !formulation.candidates.complete {
            return SolveReport(status: .noSolution, plan: nil, blockers: [], pairs: 0, rows: 0, columns: 0, nonzeros: 0,
                               simplexIterations: 0, nodes: 0, buildSeconds: Date().timeIntervalSince(t0), solveSeconds: 0)
        }
        return solve(formulation, options: options, timings: timings, buildSeconds: Date().timeIntervalSince(t0))
    }

    /// Restarts of column generation with more C8 rows before it takes them all.
    static let relationRounds = 3

    /// Column generation (see `ColumnGeneration`); nil when the full model must decide.
    ///
    /// C8 rows are many (a relation and every unit where both relatives could serve) and rarely
    /// bind, and every row slows GLPK's simplex: the first solve has only the rows of the units where
    /// a relative works now (a relaxation, so its bound holds). A plan that breaks another row is
    /// solved again with those rows added (at most `relationRounds` times, then with every row); an
    /// optimal plan that breaks none is optimal for the whole model. The tie-break then works on
    /// every row.
    static func solveByColumnGeneration(_ instance: Instance, options: SolveOptions, timings: Bool) -> SolveReport? {
        let t0 = Date()
        var scope: Set<Int>? = instance.relations.isEmpty ? nil : Formulation.likelyRelationRows(instance)
        var cg: ColumnGeneration
        var outcome: ColumnGeneration.Outcome
        var t1 = Date()
        var restarts = 0
        while true {
            do {
                cg = try ColumnGeneration(instance: instance, options: options, relationScope: scope)
            } catch {
                return nil
            }
            if restarts == 0 { t1 = Date() }
            do {
                outcome = try cg.run()
            } catch {
                outcome = .failed("\(error)")
            }
            guard scope != nil, cg.f.lacksRelationRows, case .plan(let result, let pairs) = outcome else { break }
            let broken = cg.f.brokenRelations(pairs)
            if broken.isEmpty { break }
            // A plan stopped early that breaks a row the model lacked is no plan.
            if result.status != .optimal { outcome = .noSolution; break }
            restarts += 1
            options.progress?(SolveProgress(phase: "relatives (C8)", detail: tr("detail.relatives", ["n": String(broken.count)])))
            if restarts > relationRounds { scope = nil } else { scope!.formUnion(broken) }
        }
        let t2 = Date()
        var report = SolveReport(status: .noSolution, plan: nil, blockers: [], pairs: cg.f.candidates.count,
                                 rows: cg.f.program.rows.count, columns: cg.candidateOfColumn.count,
                                 nonzeros: 0, simplexIterations: cg.problem.iterations, nodes: 0,
                                 buildSeconds: t1.timeIntervalSince(t0), solveSeconds: t2.timeIntervalSince(t1))
        switch outcome {
        case .needFullModel:
            return nil
        case .infeasible:
            report.status = .infeasible
            report.blockers = quickBlockers(cg.f)
        case .noSolution:
            report.status = .noSolution
        case .failed(let why):
            report.status = .failed(why)
        case .plan(let result, let pairs):
            report.status = result.status
            report.nodes = result.nodes
            var extra: [(String, JSON)] = []
            if timings {
                extra = [("pricing_rounds", .int(cg.rounds)), ("warm_start", .bool(cg.warmMatch != nil)),
                         ("phase_seconds", .object(cg.phases.map { ($0.0, .number(rounded($0.1))) }))]
            }
            // The tie-break chooses among plans of the optimal cost on every C8 row (a row the solve
            // lacked has dual 0, which keeps the duals feasible).
            var f = cg.f
            f.addAllRelationRows()
            let duals = cg.provenDuals.map { $0 + Array(repeating: 0, count: f.program.rows.count - $0.count) }
            report.rows = f.program.rows.count
            report.plan = finish(instance: instance, formulation: f, pairs: pairs, result: result, duals: duals,
                                 report: report, method: "column generation", extra: extra, options: options, timings: timings,
                                 near: cg.provenNear)
        }
        return report
    }

    /// The plan of a solve: an optimal one made canonical by `TieBreak` (the same plan whatever the
    /// row order of the files and the method), with how far the plans of the same cost reach.
    static func finish(instance: Instance, formulation f: Formulation, pairs: [(cadre: Int, post: Int)], result: MIPResult,
                       duals: [Double]?, report: SolveReport, method: String, extra: [(String, JSON)],
                       options: SolveOptions, timings: Bool, near: NearPricing? = nil) -> Plan {
        guard result.status == .optimal, options.tieBreak else {
            let stats = statistics(instance: instance, report: report, method: method, extra: extra, timings: timings)
            return makePlan(instance: instance, facts: f.facts, pairs: pairs, status: result.status == .optimal ? .optimal : .feasible,
                            bound: result.bound, stats: stats)
        }
        let z = objective(instance: instance, facts: f.facts, pairs: pairs)
        let t0 = Date()
        options.progress?(SolveProgress(phase: "tie-break among the plans of the optimal cost", best: z, bound: z))
        let tie = TieBreak(f: f).run(pairs: pairs, objective: z, duals: duals, deadline: options.deadline,
                                         search: options.tieBreakSearch, preferred: options.keep.map { keptPairs($0, in: instance) },
                                         near: near)
        var extra = extra
        extra.append(("tie_break", .string(!tie.canonical ? "not finished" : options.keep != nil ? "closest to the kept plan" : "canonical")))
        if let reach = tie.reach {
            extra.append(("same_cost_reach", .int(reach)))
            if tie.reachIsLowerBound { extra.append(("same_cost_reach_is_lower_bound", .bool(true))) }
        }
        if timings {
            extra.append(("tie_break_pairs", .int(tie.pairsConsidered)))
            extra.append(("tie_break_pairs_from", .string(tie.reusedPricing ? "proof round" : "own pricing")))
            if let by = tie.settledBy { extra.append(("tie_break_by", .string(by))) }
            extra.append(("tie_break_seconds", .number(rounded(Date().timeIntervalSince(t0)))))
        }
        let stats = statistics(instance: instance, report: report, method: method, extra: extra, timings: timings)
        return makePlan(instance: instance, facts: f.facts, pairs: tie.pairs, status: .optimal, bound: nil, stats: stats)
    }

    /// `plan` with its reasons written again in `Language.current` (the workbench shows a plan in the
    /// language of the page that asks); everything else as it is. Nil for a phased plan, or when the
    /// plan names a cadre or post the instance lacks (then the stored texts stand).
    public static func reworded(_ plan: Plan, instance: Instance) -> Plan? {
        guard !plan.isPhased else { return nil }
        let keys = keptPairs(plan.assignments.map { ($0.cadre, $0.post) }, in: instance)
        let pairs = keys.sorted().map { (cadre: $0 / instance.posts.count, post: $0 % instance.posts.count) }
        let made = makePlan(instance: instance, facts: instance.cadres.indices.map(instance.facts), pairs: pairs,
                            status: plan.status, bound: plan.bound, stats: [])
        guard made.assignments.map({ [$0.post, $0.cadre] }) == plan.assignments.map({ [$0.post, $0.cadre] }),
              made.releases.map(\.cadre) == plan.releases.map(\.cadre) else { return nil }
        var out = plan
        for i in out.assignments.indices { out.assignments[i].reasons = made.assignments[i].reasons }
        for i in out.releases.indices { out.releases[i].reasons = made.releases[i].reasons }
        return out
    }

    /// The pair keys of an earlier plan's assignments on the instance the solver works on (a joint
    /// group's posts name their group); assignments naming an unknown cadre or post are left out.
    static func keptPairs(_ keep: [(cadre: String, post: String)], in instance: Instance) -> Set<Int> {
        var keys = Set<Int>()
        let jointIndex = instance.joint.map { joint in
            Dictionary(joint.posts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        }
        for (cadre, post) in keep {
            guard let c = instance.cadreIndex[cadre] else { continue }
            if let joint = instance.joint, let jointIndex {
                guard let q = jointIndex[post] else { continue }
                keys.insert(instance.pairKey(c, joint.groupOf[q]))
            } else if let p = instance.postIndex[post] {
                keys.insert(instance.pairKey(c, p))
            }
        }
        return keys
    }

    /// The plan's `stats`: sizes of the instance and of what GLPK saw, and optionally timings.
    static func statistics(instance: Instance, report: SolveReport, method: String, extra: [(String, JSON)],
                           timings: Bool) -> [(String, JSON)] {
        var stats: [(String, JSON)] = [
            ("posts", .int(instance.posts.count)), ("cadres", .int(instance.cadres.count)),
            ("pairs", .int(report.pairs)), ("method", .string(method)), ("rows", .int(report.rows)),
        ]
        // Figures of the search path (they change with the row order of the files): with timings only.
        if timings {
            stats += [("columns", .int(report.columns)), ("simplex_iterations", .int(report.simplexIterations)),
                      ("nodes", .int(report.nodes))]
        }
        stats += extra
        stats.append(("solver", .string("GLPK \(glpkVersion)")))
        if timings {
            stats.append(("build_seconds", .number(rounded(report.buildSeconds))))
            stats.append(("solve_seconds", .number(rounded(report.solveSeconds))))
        }
        return stats
    }

    /// Solves an already built formulation with every column in GLPK (tests use this to leave a rule out).
    public static func solve(_ formulation: Formulation, options: SolveOptions = SolveOptions(), timings: Bool = false,
                             buildSeconds: Double = 0) -> SolveReport {
        let instance = formulation.instance
        let t1 = Date()
        let result: MIPResult
        do {
            let problem = try GLPKProblem(formulation.program)
            result = problem.solve(options)
        } catch {
            result = MIPResult(status: .failed("\(error)"), values: [], objective: nil, bound: nil,
                               simplexIterations: 0, nodes: 0)
        }
        let t2 = Date()
        var report = SolveReport(status: result.status, plan: nil, blockers: [], pairs: formulation.candidates.count,
                                 rows: formulation.program.rows.count, columns: formulation.program.columns.count,
                                 nonzeros: formulation.program.nonzeros, simplexIterations: result.simplexIterations,
                                 nodes: result.nodes, buildSeconds: buildSeconds,
                                 solveSeconds: t2.timeIntervalSince(t1))
        switch result.status {
        case .optimal, .feasible:
            report.plan = finish(instance: instance, formulation: formulation, pairs: formulation.chosenPairs(result.values),
                                 result: result, duals: result.rootDuals, report: report, method: "full model",
                                 extra: [("nonzeros", .int(report.nonzeros))], options: options, timings: timings)
        case .infeasible:
            report.blockers = quickBlockers(formulation)
        default:
            break
        }
        return report
    }

    /// Up to `count` plans: the first optimal, each next the best that differs from every earlier
    /// one in at least `minDiff` posts (so objectives never decrease). Stops early when no such plan
    /// exists; the last report then says why (infeasible, or the time limit).
    public static func alternatives(_ instance: Instance, count: Int, minDiff: Int, options: SolveOptions = SolveOptions(),
                                    timings: Bool = false) -> [SolveReport] {
        if instance.policy.isPhased { return PhasedSolver.alternatives(instance, count: count, minDiff: minDiff, options: options, timings: timings) }
        let instance = instance.grouped()
        var reports: [SolveReport] = []
        var earlier: [[(cadre: Int, post: Int)]] = []
        for _ in 0..<count {
            var o = options
            o.exclusions = earlier
            o.minDiff = minDiff
            let report = solve(instance, options: o, timings: timings)
            reports.append(report)
            guard let plan = report.plan, report.status == .optimal || report.status == .feasible else { break }
            earlier.append(plan.assignments.compactMap { a in
                guard let c = instance.cadreIndex[a.cadre], let p = instance.postIndex[a.post] else { return nil }
                return (c, p)
            })
        }
        return reports
    }

    private static func rounded(_ s: Double) -> Double { (s * 1e4).rounded() / 1e4 }

    /// GLPK's version string.
    public static var glpkVersion: String { GLPKInfo.version }

    /// The objective of SPEC §7 for the chosen pairs: their costs in the order given, then the release
    /// weight once per releasable cadre left without a post.
    static func objective(instance: Instance, facts: [CadreFacts], pairs: [(cadre: Int, post: Int)]) -> Double {
        var z = 0.0
        var assigned = Set<Int>()
        for (c, p) in pairs {
            z += instance.cost(cadre: c, post: p)
            assigned.insert(c)
        }
        for c in instance.cadres.indices where !assigned.contains(c) && instance.releasable(c, facts: facts[c]) {
            z += instance.policy.weights.release
        }
        return z
    }

    /// A plan file for the chosen pairs: assignments by post id, releases by cadre id (`IdentifierOrder`,
    /// whatever the row order of the files), reasons for each, and the objective recomputed from the
    /// pairs (SPEC §7) in that order.
    public static func makePlan(instance: Instance, facts: [CadreFacts], pairs: [(cadre: Int, post: Int)],
                                status: PlanStatus, bound: Double?, stats: [(String, JSON)]) -> Plan {
        let writer = ReasonWriter(instance: instance, facts: facts, pairs: pairs)
        let sorted = pairs.sorted { IdentifierOrder.precedes(instance.posts[$0.post].id, instance.posts[$1.post].id) }
        var assignments: [Assignment] = []
        var assigned = Set<Int>()
        for (c, p) in sorted {
            let cost = instance.cost(cadre: c, post: p)
            assigned.insert(c)
            let type = instance.moveType(cadre: c, post: p), cross = instance.isCrossBlock(cadre: c, post: p)
            let reasons = writer.reasons(cadre: c, post: p)
            // A joint group (SPEC §11.1): every post listed, the group's cost on its first post.
            let behind = instance.postsBehind(p)
            for (i, post) in behind.enumerated() {
                let others = behind.filter { $0.id != post.id }.map { "\($0.id) (\($0.title))" }
                let joint = others.isEmpty ? [] : [tr("reason.joint", ["post": post.joint, "others": others.joined(separator: ", ")])]
                assignments.append(Assignment(post: post.id, cadre: instance.cadres[c].id, type: type, crossBlock: cross,
                                              cost: i == 0 ? cost : 0, reasons: joint + reasons,
                                              joint: post.joint.isEmpty ? nil : post.joint))
            }
        }
        if instance.joint != nil { assignments.sort { IdentifierOrder.precedes($0.post, $1.post) } }
        var releases: [Release] = []
        let byID = instance.cadres.indices.sorted { IdentifierOrder.precedes(instance.cadres[$0].id, instance.cadres[$1].id) }
        for c in byID where !assigned.contains(c) && instance.releasable(c, facts: facts[c]) {
            let previous = instance.joint.map { $0.posts[$0.listed[c][0]].id } ?? instance.posts[instance.cadres[c].post!].id
            releases.append(Release(cadre: instance.cadres[c].id, previousPost: previous,
                                    reasons: writer.releaseReasons(cadre: c)))
        }
        let objective = objective(instance: instance, facts: facts, pairs: sorted)
        // The bound GLPK proves is for the same objective; it can exceed the recomputed value only by rounding.
        let provenBound = status == .optimal ? objective : min(bound ?? -.infinity, objective)
        return Plan(status: status, objective: objective, bound: provenBound.isFinite ? provenBound : nil,
                    assignments: assignments, released: releases.map(\.cadre), releases: releases, stats: stats)
    }

    /// Obvious reasons for infeasibility: posts without any eligible cadre, fix pins on ineligible pairs.
    static func quickBlockers(_ f: Formulation) -> [String] {
        let instance = f.instance
        var out: [String] = []
        for p in instance.posts.indices where f.candidates.range(ofPost: p).isEmpty {
            var counts: [RuleID: Int] = [:]
            for c in instance.cadres.indices {
                for r in instance.brokenRules(cadre: c, post: p, facts: f.facts[c]) { counts[r, default: 0] += 1 }
            }
            let top = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key.label) rules out \($0.value)" }
            out.append("post \(instance.posts[p].id) (\(instance.posts[p].title), \(instance.units[instance.posts[p].unit].id)) has no eligible cadre: \(top.joined(separator: ", "))")
        }
        for pin in instance.pins where pin.action == .fix {
            let broken = instance.brokenRules(cadre: pin.cadre, post: pin.post, facts: f.facts[pin.cadre])
            if !broken.isEmpty {
                out.append("fix pin \(instance.cadres[pin.cadre].id) → \(instance.posts[pin.post].id) (pins.csv line \(pin.line)) is ineligible: "
                           + broken.map { "\($0.label): \(instance.explain($0, cadre: pin.cadre, post: pin.post, facts: f.facts[pin.cadre]))" }.joined(separator: "; "))
            }
        }
        return out
    }
}
