import AssignModel

/// A mixed-integer linear program in plain Swift: columns, rows and a sparse matrix.
///
/// The formulation builds it; tests inspect it without GLPK; the GLPK wrapper loads it after
/// `validate()` has checked every index, bound and coefficient that GLPK would abort on.
public struct IntegerProgram: Sendable {
    /// A variable: bounds, objective coefficient and whether it must be integral.
    public struct Column: Sendable {
        public var name: String
        public var lower: Double
        public var upper: Double
        public var cost: Double
        public var isInteger: Bool
    }

    /// A constraint `lower ≤ Σ value·x[column] ≤ upper`; nil means unbounded on that side.
    public struct Row: Sendable {
        public var name: String
        /// The plan rule this row enforces.
        public var rule: RuleID
        public var lower: Double?
        public var upper: Double?
        public var columns: [Int32]
        public var values: [Double]
    }

    public private(set) var columns: [Column] = []
    public private(set) var rows: [Row] = []

    public init() {}

    /// Adds a column and returns its 0-based index.
    @discardableResult
    public mutating func addColumn(name: String, lower: Double, upper: Double, cost: Double, isInteger: Bool) -> Int {
        columns.append(Column(name: name, lower: lower, upper: upper, cost: cost, isInteger: isInteger))
        return columns.count - 1
    }

    /// Adds a row over `entries` (column, coefficient) and returns its 0-based index.
    @discardableResult
    public mutating func addRow(name: String, rule: RuleID, lower: Double?, upper: Double?,
                                entries: [(Int, Double)]) -> Int {
        rows.append(Row(name: name, rule: rule, lower: lower, upper: upper,
                        columns: entries.map { Int32($0.0) }, values: entries.map(\.1)))
        return rows.count - 1
    }

    /// Sets the lower bound of a column (used by fix pins).
    public mutating func setLower(_ column: Int, _ value: Double) {
        columns[column].lower = value
    }

    public var nonzeros: Int { rows.reduce(0) { $0 + $1.columns.count } }

    /// Objective value of a point.
    public func objective(_ x: [Double]) -> Double {
        zip(columns, x).reduce(0) { $0 + $1.0.cost * $1.1 }
    }

    /// Rows violated by a point by more than `tolerance`.
    public func violatedRows(_ x: [Double], tolerance: Double = 1e-6) -> [Int] {
        rows.indices.filter { i in
            let r = rows[i]
            var sum = 0.0
            for (j, v) in zip(r.columns, r.values) { sum += v * x[Int(j)] }
            return (r.lower.map { sum < $0 - tolerance } ?? false) || (r.upper.map { sum > $0 + tolerance } ?? false)
        }
    }

    /// A problem that would make GLPK abort the process.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Checks everything GLPK would abort on: index ranges, duplicate entries in a row,
    /// non-finite numbers, crossed bounds, sizes beyond GLPK's `int`.
    public func validate() throws {
        let limit = Int(Int32.max) - 1
        guard columns.count < limit, rows.count < limit, nonzeros < limit else {
            throw Invalid(description: "the program is too large for GLPK (\(columns.count) columns, \(rows.count) rows, \(nonzeros) nonzeros)")
        }
        for (j, c) in columns.enumerated() {
            guard !c.lower.isNaN, !c.upper.isNaN, c.cost.isFinite, c.lower <= c.upper,
                  c.lower != .infinity, c.upper != -.infinity else {
                throw Invalid(description: "column \(j) '\(c.name)' has bad bounds [\(c.lower), \(c.upper)] or cost \(c.cost)")
            }
        }
        var seen = [Int32](repeating: -1, count: columns.count)
        for (i, r) in rows.enumerated() {
            if let l = r.lower, !l.isFinite { throw Invalid(description: "row '\(r.name)' has a non-finite lower bound") }
            if let u = r.upper, !u.isFinite { throw Invalid(description: "row '\(r.name)' has a non-finite upper bound") }
            if let l = r.lower, let u = r.upper, l > u { throw Invalid(description: "row '\(r.name)' has crossed bounds [\(l), \(u)]") }
            guard r.columns.count == r.values.count else { throw Invalid(description: "row '\(r.name)' is malformed") }
            for (j, v) in zip(r.columns, r.values) {
                guard j >= 0, Int(j) < columns.count else { throw Invalid(description: "row '\(r.name)' names column \(j) of \(columns.count)") }
                guard v.isFinite else { throw Invalid(description: "row '\(r.name)' has a non-finite coefficient") }
                guard seen[Int(j)] != Int32(i) else { throw Invalid(description: "row '\(r.name)' names column '\(columns[Int(j)].name)' twice") }
                seen[Int(j)] = Int32(i)
            }
        }
    }
}
