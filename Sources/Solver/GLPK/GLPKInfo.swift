import CGLPK

/// Facts about the linked GLPK library.
public enum GLPKInfo {
    /// The version string GLPK reports, e.g. `5.0`.
    public static var version: String { String(cString: glp_version()) }

    /// Whether GLPK keeps its environment per thread (`glp_config("TLS")` is not NULL): only then
    /// may several threads solve at once.
    public static var isThreadLocal: Bool { glp_config("TLS") != nil }
}
