import CGLPK

/// Facts about the linked GLPK library.
enum GLPKInfo {
    /// The version string GLPK reports, e.g. `5.0`.
    static var version: String { String(cString: glp_version()) }
}
