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
    /// Wall-clock limit in seconds for the whole solve; nil = none.
    public var timeLimit: Double?
    public init(timeLimit: Double? = nil) { self.timeLimit = timeLimit }
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
}

/// Receives GLPK's branch-and-bound callbacks: tracks the best bound and node count.
private final class TreeObserver {
    var bound = -Double.infinity
    var nodes = 0
}

/// Owns one `glp_prob` loaded from an `IntegerProgram`; frees it in `deinit`.
///
/// This file and `GLPKArray.swift` are the only places that call GLPK. Everything handed to GLPK
/// is checked first (`IntegerProgram.validate`), so no input can make GLPK abort the process, and
/// GLPK's terminal output is switched off.
final class GLPKProblem {
    private let prob: OpaquePointer
    private let columnCount: Int
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

    /// Solves the LP relaxation by the dual simplex, then the integer program by branch and bound.
    func solve(_ options: SolveOptions) -> MIPResult {
        let started = Date()
        func remainingMilliseconds() -> Int32 {
            guard let limit = options.timeLimit else { return Int32.max }
            let left = limit - Date().timeIntervalSince(started)
            return Int32(max(1, min(Double(Int32.max), left * 1000)))
        }
        if columnCount == 0 || rowCount == 0 {
            return solveTrivially()
        }
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = GLP_MSG_OFF
        smcp.meth = GLP_DUALP
        smcp.tm_lim = remainingMilliseconds()
        let lpCode = glp_simplex(prob, &smcp)
        let iterations = Int(glp_get_it_cnt(prob))
        if lpCode == GLP_ETMLIM {
            return MIPResult(status: .noSolution, values: [], objective: nil, bound: nil, simplexIterations: iterations, nodes: 0)
        }
        if lpCode != 0 {
            return MIPResult(status: .failed("simplex returned code \(lpCode)"), values: [], objective: nil, bound: nil,
                             simplexIterations: iterations, nodes: 0)
        }
        switch glp_get_status(prob) {
        case GLP_OPT: break
        case GLP_NOFEAS, GLP_INFEAS:
            return MIPResult(status: .infeasible, values: [], objective: nil, bound: nil, simplexIterations: iterations, nodes: 0)
        default:
            return MIPResult(status: .failed("LP relaxation status \(glp_get_status(prob))"), values: [], objective: nil,
                             bound: nil, simplexIterations: iterations, nodes: 0)
        }
        let lpBound = glp_get_obj_val(prob)

        let observer = TreeObserver()
        var iocp = glp_iocp()
        glp_init_iocp(&iocp)
        iocp.msg_lev = GLP_MSG_OFF
        iocp.presolve = GLP_OFF
        iocp.tm_lim = remainingMilliseconds()
        iocp.cb_info = Unmanaged.passUnretained(observer).toOpaque()
        iocp.cb_func = { tree, info in
            guard let tree, let info else { return }
            let observer = Unmanaged<TreeObserver>.fromOpaque(info).takeUnretainedValue()
            let best = glp_ios_best_node(tree)
            if best != 0 { observer.bound = max(observer.bound, glp_ios_node_bound(tree, best)) }
            var active: Int32 = 0, current: Int32 = 0, total: Int32 = 0
            glp_ios_tree_size(tree, &active, &current, &total)
            observer.nodes = Int(total)
        }
        let mipCode = withExtendedLifetime(observer) { glp_intopt(prob, &iocp) }
        let mipStatus = glp_mip_status(prob)
        let allIterations = Int(glp_get_it_cnt(prob))
        let hasSolution = mipStatus == GLP_OPT || mipStatus == GLP_FEAS
        let values = hasSolution ? (0..<columnCount).map { glp_mip_col_val(prob, GLPKArray.index($0)) } : []
        let objective = hasSolution ? glp_mip_obj_val(prob) : nil
        let bound = max(lpBound, observer.bound)
        let status: MIPStatus
        switch (mipCode, mipStatus) {
        case (0, GLP_OPT): status = .optimal
        case (0, GLP_NOFEAS), (GLP_ENOPFS, _): status = .infeasible
        case (GLP_ETMLIM, GLP_FEAS), (GLP_ESTOP, GLP_FEAS): status = .feasible
        case (GLP_ETMLIM, _), (GLP_ESTOP, _): status = .noSolution
        default: status = .failed("branch and bound returned code \(mipCode), status \(mipStatus)")
        }
        return MIPResult(status: status, values: values, objective: objective,
                         bound: status == .optimal ? objective : bound,
                         simplexIterations: allIterations, nodes: observer.nodes)
    }
}
