/// GLPK's arrays are 1-based: element 0 is never read. This helper is the one place that says so.
///
/// Every array handed to GLPK (`ia`, `ja`, `ar` of `glp_load_matrix`, index lists) is built here,
/// from ordinary 0-based Swift arrays, by putting an unused slot in front.
enum GLPKArray {
    /// `[unused] + values`: the 0-based Swift array as a 1-based GLPK array.
    static func oneBased<T>(_ values: [T], unused: T) -> [T] {
        var out = [T]()
        out.reserveCapacity(values.count + 1)
        out.append(unused)
        out.append(contentsOf: values)
        return out
    }

    /// GLPK's number for the 0-based Swift index `i`.
    @inline(__always)
    static func index(_ i: Int) -> Int32 { Int32(i + 1) }
}
