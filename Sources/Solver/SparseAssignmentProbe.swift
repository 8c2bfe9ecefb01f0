/// Public access to the warm-start assignment, for tests and benchmarks.
public enum SparseAssignmentProbe {
    /// The matching and potentials of `SparseAssignment`, or nil when a row cannot be matched.
    /// With `discount`, an arc into column c costs `cost − discount[c]`.
    public static func solve(rows: Int, columns: Int, start: [Int], column: [Int32], cost: [Double], discount: [Double]? = nil)
        -> (rowMatch: [Int32], u: [Double], v: [Double])? {
        guard let lap = SparseAssignment(rows: rows, columns: columns, start: start, column: column, cost: cost,
                                         discount: discount) else { return nil }
        return (lap.rowMatch, lap.u, lap.v)
    }
}
