import CGLPK

/// A return code of a GLPK call, kept as a value with the manual's meaning (GLPK 5.0 reference
/// manual, "Returns" of `glp_simplex` and `glp_intopt`). One table per call: the same code means
/// different things in the two.
public struct GLPKReturn: Sendable, Equatable, CustomStringConvertible {
    public enum Call: String, Sendable { case simplex = "glp_simplex", intopt = "glp_intopt" }

    public let call: Call
    public let code: Int32

    public init(call: Call, code: Int32) {
        self.call = call
        self.code = code
    }

    /// The constant's name, e.g. `GLP_ESING`.
    public var name: String { Self.names[code] ?? "code \(code)" }

    /// The manual's sentence for this code of this call.
    public var meaning: String {
        let table = call == .simplex ? Self.simplex : Self.intopt
        return table[code] ?? "a return code the manual does not list for \(call.rawValue)"
    }

    public var description: String { "\(call.rawValue) returned \(name): \(meaning)" }

    static let names: [Int32: String] = [
        0: "0", GLP_EBADB: "GLP_EBADB", GLP_ESING: "GLP_ESING", GLP_ECOND: "GLP_ECOND", GLP_EBOUND: "GLP_EBOUND",
        GLP_EFAIL: "GLP_EFAIL", GLP_EOBJLL: "GLP_EOBJLL", GLP_EOBJUL: "GLP_EOBJUL", GLP_EITLIM: "GLP_EITLIM",
        GLP_ETMLIM: "GLP_ETMLIM", GLP_ENOPFS: "GLP_ENOPFS", GLP_ENODFS: "GLP_ENODFS", GLP_EROOT: "GLP_EROOT",
        GLP_ESTOP: "GLP_ESTOP", GLP_EMIPGAP: "GLP_EMIPGAP",
    ]

    static let simplex: [Int32: String] = [
        0: "The LP problem instance has been successfully solved (not necessarily to optimality).",
        GLP_EBADB: "Unable to start the search, because the initial basis specified in the problem object is invalid.",
        GLP_ESING: "Unable to start the search, because the basis matrix corresponding to the initial basis is singular within the working precision.",
        GLP_ECOND: "Unable to start the search, because the basis matrix corresponding to the initial basis is ill-conditioned.",
        GLP_EBOUND: "Unable to start the search, because some double-bounded variables have incorrect bounds.",
        GLP_EFAIL: "The search was prematurely terminated due to the solver failure.",
        GLP_EOBJLL: "The search was prematurely terminated, because the objective function being maximized has reached its lower limit and continues decreasing.",
        GLP_EOBJUL: "The search was prematurely terminated, because the objective function being minimized has reached its upper limit and continues increasing.",
        GLP_EITLIM: "The search was prematurely terminated, because the simplex iteration limit has been exceeded.",
        GLP_ETMLIM: "The search was prematurely terminated, because the time limit has been exceeded.",
        GLP_ENOPFS: "The LP problem instance has no primal feasible solution (only if the LP presolver is used).",
        GLP_ENODFS: "The LP problem instance has no dual feasible solution (only if the LP presolver is used).",
    ]

    static let intopt: [Int32: String] = [
        0: "The MIP problem instance has been successfully solved (not necessarily to optimality).",
        GLP_EBOUND: "Unable to start the search, because some double-bounded variables have incorrect bounds or some integer variables have non-integer bounds.",
        GLP_EROOT: "Unable to start the search, because optimal basis for initial LP relaxation is not provided.",
        GLP_ENOPFS: "Unable to start the search, because LP relaxation of the MIP problem instance has no primal feasible solution.",
        GLP_ENODFS: "Unable to start the search, because LP relaxation of the MIP problem instance has no dual feasible solution.",
        GLP_EFAIL: "The search was prematurely terminated due to the solver failure.",
        GLP_EMIPGAP: "The search was prematurely terminated, because the relative mip gap tolerance has been reached.",
        GLP_ETMLIM: "The search was prematurely terminated, because the time limit has been exceeded.",
        GLP_ESTOP: "The search was prematurely terminated by application.",
    ]
}
