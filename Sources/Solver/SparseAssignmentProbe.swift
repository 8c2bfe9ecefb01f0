/// Public access to the warm-start assignment, for tests and benchmarks.
public enum SparseAssignmentProbe {
    /// The matching and potentials of `SparseAssignment`, or nil when a row cannot be matched.
    public static func solve(rows: Int, columns: Int, start: [Int], column: [Int32], cost: [Double])
        -> (rowMatch: [Int32], u: [Double], v: [Double])? {
        guard let lap = SparseAssignment(rows: rows, columns: columns, start: start, column: column, cost: cost) else { return nil }
        return (lap.rowMatch, lap.u, lap.v)
    }
}
