import AssignModel
import CGLPK
import Foundation

/// How a GLPK solve ended.
public enum MIPStatus: Equatable, Sendable {
    /// Proven optimal.
    case optimal
    /// A plan was found but not proven optimal (time limit or interruption).
    case feasible
    /// No plan exists.
    case infeasible
    /// The time limit or an interruption came before any plan was found.
    case noSolution
    /// GLPK gave up for a numerical or internal reason.
    case failed(String)
}

/// Solver settings a caller may choose.
public struct SolveOptions: Sendable {
    /// How the integer program is handed to GLPK.
    public enum Method: String, Sendable, CaseIterable {
        /// Column generation: GLPK sees a few candidates per post; pricing by reduced costs adds the
        /// rest only when they could improve, and a reduced-cost argument proves the optimum.
        case columnGeneration = "cg"
        /// Every eligible pair as a column: the plain model of SPEC §5–§7.
        case full
    }

    /// Wall-clock limit in seconds for the whole solve; nil = none.
    public var timeLimit: Double? {
        didSet { deadline = timeLimit.map { Date(timeIntervalSinceNow: $0) } }
    }
    public var method: Method
    /// Earlier plans (pairs) the plan must differ from, in at least `minDiff` posts each.
    public var exclusions: [[(cadre: Int, post: Int)]] = []
    public var minDiff = 1
    /// When the time limit runs out, fixed when the limit is set.
    public private(set) var deadline: Date?
    /// Stop at the first plan found (feasibility probes of the diagnosis): the plan is `feasible`, not
    /// proven optimal, and its bound may be absent.
    public var firstPlan = false
    /// Make an optimal plan canonical (`TieBreak`): the same plan whatever the row order of the files
    /// and the method, and how many posts another plan of the same cost changes.
    public var tieBreak = true
    /// How the tie-break searches when it must (tests use the fixed ones to check that all agree).
    public var tieBreakSearch = TieBreakSearch.automatic
    /// An earlier plan to keep as far as the optimum allows (`solve --keep`): its (cadre id, post
    /// id) assignments. Among the optimal plans the tie-break then takes one that changes the
    /// fewest posts of it (instead of the canonical one). Nil: the canonical tie-break.
    public var keep: [(cadre: String, post: String)]?
    /// The same for a phased plan (`solve --keep` of a phased instance): the earlier plan's (cadre id,
    /// post id) holdings at each phase, in phase order. Among the optimal phased plans the solve then
    /// takes one that changes the fewest (post, phase) holdings of it.
    public var keepPhases: [[(cadre: String, post: String)]]?
    /// Receives progress reports during a solve (phase, best plan, bound); nil = silent.
    public var progress: (@Sendable (SolveProgress) -> Void)?

    /// How the tie-break (`TieBreak`) finds the lightest plan of the optimal cost.
    public enum TieBreakSearch: Sendable {
        /// The Lagrangian relaxation first; then GLPK's branch and bound on the whole program of kept
        /// pairs when it is small, column generation over them when it is larger.
        case automatic
        /// GLPK's branch and bound on the whole program of kept pairs, nothing else.
        case wholeProgram
        /// Column generation over the kept pairs, nothing else.
        case columns
    }

    public init(timeLimit: Double? = nil, method: Method = .columnGeneration) {
        self.timeLimit = timeLimit
        self.method = method
        self.deadline = timeLimit.map { Date(timeIntervalSinceNow: $0) }
    }
}

/// One progress report of a running solve.
public struct SolveProgress: Sendable {
    /// What the solver is doing, e.g. "pricing", "branch and bound".
    public var phase: String
    /// Objective of the best plan found so far, if any.
    public var best: Double?
    /// Best proven lower bound so far, if any.
    public var bound: Double?
    /// Free text: rounds, columns, iterations.
    public var detail: String

    public init(phase: String, best: Double? = nil, bound: Double? = nil, detail: String = "") {
        self.phase = phase
        self.best = best
        self.bound = bound
        self.detail = detail
    }

    /// Relative gap between best and bound, when both are known.
    public var gap: Double? {
        guard let best, let bound else { return nil }
        return max(0, best - bound) / max(1, abs(best))
    }
}

/// What GLPK returned: status, values and the figures worth reporting.
public struct MIPResult: Sendable {
    public var status: MIPStatus
    /// Column values (0-based), when a solution exists.
    public var values: [Double]
    public var objective: Double?
    /// Best proven lower bound.
    public var bound: Double?
    public var simplexIterations: Int
    public var nodes: Int
    /// Row duals of the LP relaxation solved before branching (0-based), when there was one.
    public var rootDuals: [Double]? = nil
}

/// Receives GLPK's branch-and-bound callbacks: tracks the best bound and node count.
private final class TreeObserver {
    var bound = -Double.infinity
    var nodes = 0
    /// Called now and then with (nodes, incumbent objective, bound), in GLPK's (shifted) terms.
    var progress: ((Int, Double?, Double) -> Void)?
    var lastReport = Date()
    /// A known integer solution (1-based, index 0 unused) handed to GLPK at the first heuristic call.
    var incumbent: [Double]?
    /// Stop the search at the first integer solution better than the incumbent.
    var stopAtFirstImprovement = false
    /// Every plan's objective is a multiple of this: the search may stop once the incumbent is less
    /// than one step above the bound.
    var objectiveStep: Double?
    /// Whether the search stopped because of `objectiveStep` (the incumbent is then optimal).
    var provenByStep = false
}

/// Owns one `glp_prob` loaded from an `IntegerProgram`; frees it in `deinit`.
///
/// This file and `GLPKArray.swift` are the only places that call GLPK. Everything handed to GLPK
/// is checked first (`IntegerProgram.validate`), so no input can make GLPK abort the process, and
/// GLPK's terminal output is switched off.
final class GLPKProblem {
    private let prob: OpaquePointer
    /// The `glp_prob`, for the other files of this folder.
    var handle: OpaquePointer { prob }
    private var columnCount: Int
    private let rowCount: Int
    private let program: IntegerProgram

    init(_ program: IntegerProgram) throws {
        try program.validate()
        glp_term_out(GLP_OFF)
        self.program = program
        prob = glp_create_prob()
        columnCount = program.columns.count
        rowCount = program.rows.count
        glp_set_obj_dir(prob, GLP_MIN)
        if columnCount > 0 { glp_add_cols(prob, Int32(columnCount)) }
        if rowCount > 0 { glp_add_rows(prob, Int32(rowCount)) }
        for (i, row) in program.rows.enumerated() {
            let (type, lb, ub) = Self.bounds(row.lower, row.upper)
            glp_set_row_bnds(prob, GLPKArray.index(i), type, lb, ub)
        }
        for (j, column) in program.columns.enumerated() {
            setColumn(GLPKArray.index(j), column)
        }
    }

    /// Sets bounds, kind, cost and entries of GLPK column `g` (1-based).
    private func setColumn(_ g: Int32, _ column: IntegerProgram.Column) {
        // Set the kind before the bounds: GLP_BV would reset the bounds to [0, 1].
        glp_set_col_kind(prob, g, column.isInteger ? GLP_IV : GLP_CV)
        let (type, lb, ub) = Self.bounds(column.lower.isFinite ? column.lower : nil,
                                         column.upper.isFinite ? column.upper : nil)
        glp_set_col_bnds(prob, g, type, lb, ub)
        glp_set_obj_coef(prob, g, column.cost)
        if !column.rows.isEmpty {
            let ind = GLPKArray.indices(column.rows)
            let val = GLPKArray.values(column.values)
            glp_set_mat_col(prob, g, Int32(column.rows.count), ind, val)
        }
    }

    deinit {
        glp_delete_prob(prob)
    }

    /// GLPK bound type and values for optional lower and upper bounds.
    private static func bounds(_ lower: Double?, _ upper: Double?) -> (Int32, Double, Double) {
        switch (lower, upper) {
        case (nil, nil): return (GLP_FR, 0, 0)
        case (let l?, nil): return (GLP_LO, l, 0)
        case (nil, let u?): return (GLP_UP, 0, u)
        case (let l?, let u?): return l == u ? (GLP_FX, l, u) : (GLP_DB, l, u)
        }
    }

    /// A program without rows or without columns, which GLPK refuses: solved directly.
    private func solveTrivially() -> MIPResult {
        if columnCount == 0 {
            let feasible = program.rows.allSatisfy { ($0.lower ?? 0) <= 0 && 0 <= ($0.upper ?? 0) }
            return MIPResult(status: feasible ? .optimal : .infeasible, values: [], objective: feasible ? 0 : nil,
                             bound: feasible ? 0 : nil, simplexIterations: 0, nodes: 0)
        }
        var values: [Double] = []
        for c in program.columns {
            let v = c.cost >= 0 ? c.lower : c.upper
            guard v.isFinite else {
                return MIPResult(status: .failed("unbounded objective"), values: [], objective: nil, bound: nil,
                                 simplexIterations: 0, nodes: 0)
            }
            values.append(c.isInteger ? v.rounded(c.cost >= 0 ? .up : .down) : v)
        }
        let objective = program.objective(values)
        return MIPResult(status: .optimal, values: values, objective: objective, bound: objective,
                         simplexIterations: 0, nodes: 0)
    }

    /// Milliseconds left before `deadline`, as GLPK's `tm_lim` wants them (at least 1).
    private static func milliseconds(until deadline: Date?) -> Int32 {
        guard let deadline else { return Int32.max }
        let left = deadline.timeIntervalSinceNow * 1000
        return Int32(max(1, min(Double(Int32.max), left)))
    }

    /// Simplex flavour for `solveLP`.
    enum SimplexMethod {
        /// Dual simplex (falling back to primal): best from scratch.
        case dual
        /// Primal simplex: best after adding columns, which keeps the basis primal feasible.
        case primal
    }

    /// Outcome of an LP solve.
    enum LPStatus: Equatable {
        case optimal, infeasible, timeLimit
        case failed(String)
    }

    /// Solves the LP relaxation, warm-started from the current basis.
    func solveLP(_ method: SimplexMethod, deadline: Date?) -> LPStatus {
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = GLP_MSG_OFF
        smcp.meth = method == .dual ? GLP_DUALP : GLP_PRIMAL
        smcp.tm_lim = Self.milliseconds(until: deadline)
        // Long-step ratio test: fewer pivots on these assignment LPs (measured: 11,612 against 13,233
        // iterations on a binding 1,125-post instance).
        smcp.r_test = GLP_RT_FLIP
        var code = glp_simplex(prob, &smcp)
        if code == GLP_EBADB || code == GLP_ESING || code == GLP_ECOND {
            // The starting basis was not usable: start again from GLPK's own.
            glp_adv_basis(prob, 0)
            code = glp_simplex(prob, &smcp)
        }
        if code == GLP_ETMLIM { return .timeLimit }
        if code != 0 { return .failed(GLPKReturn(call: .simplex, code: code).description) }
        switch glp_get_status(prob) {
        case GLP_OPT: return .optimal
        case GLP_NOFEAS, GLP_INFEAS: return .infeasible
        default: return .failed("LP relaxation status \(glp_get_status(prob))")
        }
    }

    /// Objective of the current LP solution.
    var lpObjective: Double { glp_get_obj_val(prob) }

    /// Simplex iterations so far.
    var iterations: Int { Int(glp_get_it_cnt(prob)) }

    /// Row duals of the current LP solution, 0-based.
    func rowDuals() -> [Double] {
        (0..<rowCount).map { glp_get_row_dual(prob, GLPKArray.index($0)) }
    }

    /// Value of column `j` (0-based) in the current LP solution.
    func columnValue(_ j: Int) -> Double {
        precondition(j >= 0 && j < columnCount)
        return glp_get_col_prim(prob, GLPKArray.index(j))
    }

    /// Reduced costs and basis membership of columns `range` (0-based) in the current LP solution.
    func reducedCosts(_ range: Range<Int>) -> (rc: [Double], basic: [Bool]) {
        precondition(range.lowerBound >= 0 && range.upperBound <= columnCount)
        var rc: [Double] = [], basic: [Bool] = []
        rc.reserveCapacity(range.count)
        basic.reserveCapacity(range.count)
        for j in range {
            let g = GLPKArray.index(j)
            rc.append(glp_get_col_dual(prob, g))
            basic.append(glp_get_col_stat(prob, g) == GLP_BS)
        }
        return (rc, basic)
    }

    /// Deletes non-basic columns (0-based, ascending, no repeats); later columns move down to fill the gaps.
    func deleteColumns(_ columns: [Int]) {
        guard !columns.isEmpty else { return }
        var num: [Int32] = [0]
        num.reserveCapacity(columns.count + 1)
        var previous = -1
        for j in columns {
            precondition(j > previous && j < columnCount && glp_get_col_stat(prob, GLPKArray.index(j)) != GLP_BS)
            previous = j
            num.append(GLPKArray.index(j))
        }
        glp_del_cols(prob, Int32(columns.count), num)
        columnCount -= columns.count
    }

    /// Column values of the current LP solution, 0-based.
    func lpValues() -> [Double] {
        (0..<columnCount).map { glp_get_col_prim(prob, GLPKArray.index($0)) }
    }

    /// Adds columns after checking them as `IntegerProgram.validate` would; returns their indices.
    @discardableResult
    func addColumns(_ columns: [IntegerProgram.Column]) throws -> Range<Int> {
        var seen = [Int32](repeating: -1, count: rowCount)
        for (k, c) in columns.enumerated() {
            try IntegerProgram.validate(c, index: Int32(k), rowCount: rowCount, seen: &seen)
        }
        let first = columnCount
        guard !columns.isEmpty else { return first..<first }
        glp_add_cols(prob, Int32(columns.count))
        for (k, c) in columns.enumerated() { setColumn(GLPKArray.index(first + k), c) }
        columnCount += columns.count
        return first..<columnCount
    }

    /// Basis status of a row's auxiliary variable or of a column, for a warm start.
    enum BasisStatus {
        case basic, atLower, atUpper, fixed

        var glpk: Int32 {
            switch self {
            case .basic: return GLP_BS
            case .atLower: return GLP_NL
            case .atUpper: return GLP_NU
            case .fixed: return GLP_NS
            }
        }
    }

    /// Installs a starting basis (0-based statuses for every row and column). The caller promises
    /// as many basic entries as rows; `solveLP` falls back to GLPK's own basis if it is singular.
    func setBasis(rows: [BasisStatus], columns: [BasisStatus]) {
        precondition(rows.count == rowCount && columns.count == columnCount)
        for (i, st) in rows.enumerated() { glp_set_row_stat(prob, GLPKArray.index(i), st.glpk) }
        for (j, st) in columns.enumerated() { glp_set_col_stat(prob, GLPKArray.index(j), st.glpk) }
    }

    /// Sets the objective coefficient of column `j` (0-based).
    func setCost(column j: Int, _ cost: Double) {
        precondition(j >= 0 && j < columnCount && cost.isFinite)
        glp_set_obj_coef(prob, GLPKArray.index(j), cost)
    }

    /// Changes the bounds of column `j` (0-based).
    func setBounds(column j: Int, lower: Double, upper: Double) {
        precondition(j >= 0 && j < columnCount && lower <= upper && lower.isFinite && upper.isFinite)
        let (type, lb, ub) = Self.bounds(lower, upper)
        glp_set_col_bnds(prob, GLPKArray.index(j), type, lb, ub)
    }

    /// Solves the LP relaxation by the dual simplex, then the integer program by branch and bound.
    func solve(_ options: SolveOptions) -> MIPResult {
        if columnCount == 0 || rowCount == 0 {
            return solveTrivially()
        }
        let deadline = options.deadline
        let none = { (status: MIPStatus) in
            MIPResult(status: status, values: [], objective: nil, bound: nil, simplexIterations: self.iterations, nodes: 0)
        }
        switch solveLP(.dual, deadline: deadline) {
        case .optimal: break
        case .infeasible: return none(.infeasible)
        case .timeLimit: return none(.noSolution)
        case .failed(let why): return none(.failed(why))
        }
        let progress = options.progress
        let duals = rowDuals()
        var result = solveMIP(deadline: deadline, lpBound: lpObjective, progress: progress.map { send in
            { nodes, best, bound in send(SolveProgress(phase: "branch and bound (full model)", best: best, bound: bound, detail: tr("detail.nodes", ["n": String(nodes)]))) }
        })
        result.rootDuals = duals
        return result
    }

    /// Branch and bound from the current optimal LP basis; `lpBound` is the bound to report if stopped early.
    ///
    /// `incumbent` (0-based column values of an integer solution, when one is known) is offered to
    /// GLPK at its first request for a heuristic solution, so that the search prunes from the start.
    ///
    /// `preprocess: false` turns off GLPK's bound tightening at each node (`pp_tech`), which walks every
    /// row: on a program with a dense row (the tie-break's cost row over 55,749 pairs) it took 1.8 s of
    /// a 1.9 s search that needed no pivot.
    ///
    /// With `stopAtFirstImprovement`, the search ends (status `feasible`) at the first integer
    /// solution better than `incumbent`.
    ///
    /// With `objectiveStep` s (every plan's objective is a multiple of s), the search stops as soon as
    /// the incumbent is less than s above the bound of every open node: no better plan exists, and
    /// the status is `optimal`. `cuts` turns on GLPK's Gomory, MIR, cover and clique cuts;
    /// `pseudocost` branches by GLPK's hybrid pseudocost heuristic instead of Driebeck–Tomlin.
    func solveMIP(deadline: Date?, lpBound: Double, incumbent: [Double]? = nil, preprocess: Bool = true,
                  stopAtFirstImprovement: Bool = false, objectiveStep: Double? = nil, cuts: Bool = false, pseudocost: Bool = false,
                  progress: ((Int, Double?, Double) -> Void)? = nil) -> MIPResult {
        let observer = TreeObserver()
        observer.stopAtFirstImprovement = stopAtFirstImprovement
        observer.objectiveStep = objectiveStep
        observer.progress = progress
        if let incumbent {
            precondition(incumbent.count == columnCount && incumbent.allSatisfy(\.isFinite))
            observer.incumbent = [0] + incumbent
        }
        observer.bound = lpBound
        var iocp = glp_iocp()
        glp_init_iocp(&iocp)
        iocp.msg_lev = GLP_MSG_OFF
        iocp.presolve = GLP_OFF
        if !preprocess { iocp.pp_tech = GLP_PP_NONE }
        if pseudocost { iocp.br_tech = GLP_BR_PCH }
        if cuts {
            iocp.gmi_cuts = GLP_ON
            iocp.mir_cuts = GLP_ON
            iocp.cov_cuts = GLP_ON
            iocp.clq_cuts = GLP_ON
        }
        iocp.tm_lim = Self.milliseconds(until: deadline)
        iocp.cb_info = Unmanaged.passUnretained(observer).toOpaque()
        iocp.cb_func = { tree, info in
            guard let tree, let info else { return }
            let observer = Unmanaged<TreeObserver>.fromOpaque(info).takeUnretainedValue()
            if glp_ios_reason(tree) == GLP_IBINGO && observer.stopAtFirstImprovement && observer.incumbent == nil {
                glp_ios_terminate(tree)
                return
            }
            if glp_ios_reason(tree) == GLP_IHEUR, let x = observer.incumbent {
                observer.incumbent = nil
                // GLPK checks the point itself and ignores it (return 1) if it breaks a bound or row.
                _ = x.withUnsafeBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) }
            }
            let best = glp_ios_best_node(tree)
            if best != 0 { observer.bound = max(observer.bound, glp_ios_node_bound(tree, best)) }
            if let step = observer.objectiveStep, best != 0 {
                let p = glp_ios_get_prob(tree)
                let status = glp_mip_status(p)
                let z = glp_mip_obj_val(p)
                if (status == GLP_FEAS || status == GLP_OPT), z - glp_ios_node_bound(tree, best) < step - 1e-7 * max(1, abs(z)) {
                    observer.provenByStep = true
                    glp_ios_terminate(tree)
                    return
                }
            }
            var active: Int32 = 0, current: Int32 = 0, total: Int32 = 0
            glp_ios_tree_size(tree, &active, &current, &total)
            observer.nodes = Int(total)
            if let progress = observer.progress, Date().timeIntervalSince(observer.lastReport) >= 0.5 {
                observer.lastReport = Date()
                let p = glp_ios_get_prob(tree)
                let status = glp_mip_status(p)
                progress(observer.nodes, status == GLP_FEAS || status == GLP_OPT ? glp_mip_obj_val(p) : nil, observer.bound)
            }
        }
        let mipCode = withExtendedLifetime(observer) { glp_intopt(prob, &iocp) }
        let mipStatus = glp_mip_status(prob)
        let hasSolution = mipStatus == GLP_OPT || mipStatus == GLP_FEAS
        let values = hasSolution ? (0..<columnCount).map { glp_mip_col_val(prob, GLPKArray.index($0)) } : []
        let objective = hasSolution ? glp_mip_obj_val(prob) : nil
        let bound = max(lpBound, observer.bound)
        let status: MIPStatus
        switch (mipCode, mipStatus) {
        case (0, GLP_OPT): status = .optimal
        case (GLP_ESTOP, GLP_FEAS) where observer.provenByStep: status = .optimal
        case (0, GLP_NOFEAS), (GLP_ENOPFS, _): status = .infeasible
        case (GLP_ETMLIM, GLP_FEAS), (GLP_ESTOP, GLP_FEAS): status = .feasible
        case (GLP_ETMLIM, _), (GLP_ESTOP, _): status = .noSolution
        default: status = .failed(GLPKReturn(call: .intopt, code: mipCode).description + " (solution status \(mipStatus))")
        }
        return MIPResult(status: status, values: values, objective: objective,
                         bound: status == .optimal ? objective : bound,
                         simplexIterations: iterations, nodes: observer.nodes)
    }
}

extension GLPKProblem {
    /// Sets row and column names (0-based arrays, already checked to be safe).
    func setNames(rows: [String], columns: [String]) {
        for (i, n) in rows.enumerated() { glp_set_row_name(handle, GLPKArray.index(i), n) }
        for (j, n) in columns.enumerated() { glp_set_col_name(handle, GLPKArray.index(j), n) }
        glp_set_prob_name(handle, "rotation")
        glp_set_obj_name(handle, "cost")
    }

    /// Writes the problem with GLPK's writer; returns GLPK's code (0 = success).
    func write(_ format: ModelExport.Format, path: String) -> Int32 {
        switch format {
        case .mps: return glp_write_mps(handle, GLP_MPS_FILE, nil, path)
        case .lp: return glp_write_lp(handle, nil, path)
        }
    }
}
