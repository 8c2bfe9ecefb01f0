import AssignModel

/// A mixed-integer linear program in plain Swift: rows with bounds, and columns that carry their
/// own sparse entries (column-major, as column generation adds them).
///
/// The formulation builds it; tests inspect it without GLPK; the GLPK wrapper loads it after
/// `validate()` has checked every index, bound and coefficient that GLPK would abort on.
public struct IntegerProgram: Sendable {
    /// A variable: bounds, objective coefficient, integrality, and its entries in the rows.
    public struct Column: Sendable {
        public var name: String
        public var lower: Double
        public var upper: Double
        public var cost: Double
        public var isInteger: Bool
        public var rows: [Int32]
        public var values: [Double]

        public init(name: String, lower: Double, upper: Double, cost: Double, isInteger: Bool,
                    rows: [Int32] = [], values: [Double] = []) {
            self.name = name
            self.lower = lower
            self.upper = upper
            self.cost = cost
            self.isInteger = isInteger
            self.rows = rows
            self.values = values
        }
    }

    /// A constraint `lower ≤ Σ value·x ≤ upper`; nil means unbounded on that side.
    public struct Row: Sendable {
        public var name: String
        /// The plan rule this row enforces; nil for a row that is not a plan rule (a difference cut).
        public var rule: RuleID?
        public var lower: Double?
        public var upper: Double?
    }

    public private(set) var columns: [Column] = []
    public private(set) var rows: [Row] = []

    public init() {}

    /// Adds a row (without entries; columns bring them) and returns its 0-based index.
    @discardableResult
    public mutating func addRow(name: String, rule: RuleID?, lower: Double?, upper: Double?) -> Int {
        rows.append(Row(name: name, rule: rule, lower: lower, upper: upper))
        return rows.count - 1
    }

    /// Adds a column and returns its 0-based index.
    @discardableResult
    public mutating func addColumn(_ column: Column) -> Int {
        columns.append(column)
        return columns.count - 1
    }

    /// Adds a column with entries `(row, coefficient)` and returns its 0-based index.
    @discardableResult
    public mutating func addColumn(name: String, lower: Double, upper: Double, cost: Double, isInteger: Bool,
                                   entries: [(Int, Double)] = []) -> Int {
        addColumn(Column(name: name, lower: lower, upper: upper, cost: cost, isInteger: isInteger,
                         rows: entries.map { Int32($0.0) }, values: entries.map(\.1)))
    }

    /// Sets the lower bound of a column.
    public mutating func setLower(_ column: Int, _ value: Double) {
        columns[column].lower = value
    }

    public var nonzeros: Int { columns.reduce(0) { $0 + $1.rows.count } }

    /// The entries of each row as (column, coefficient), in column order.
    public func rowEntries() -> [[(column: Int, value: Double)]] {
        var out = [[(column: Int, value: Double)]](repeating: [], count: rows.count)
        for (j, c) in columns.enumerated() {
            for (i, v) in zip(c.rows, c.values) { out[Int(i)].append((j, v)) }
        }
        return out
    }

    /// Objective value of a point.
    public func objective(_ x: [Double]) -> Double {
        zip(columns, x).reduce(0) { $0 + $1.0.cost * $1.1 }
    }

    /// A problem that would make GLPK abort the process.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Checks everything GLPK would abort on: index ranges, a row named twice in a column,
    /// non-finite numbers, crossed bounds, sizes beyond GLPK's `int`.
    public func validate() throws {
        let limit = Int(Int32.max) - 1
        guard columns.count < limit, rows.count < limit, nonzeros < limit else {
            throw Invalid(description: "the program is too large for GLPK (\(columns.count) columns, \(rows.count) rows, \(nonzeros) nonzeros)")
        }
        for r in rows {
            if let l = r.lower, !l.isFinite { throw Invalid(description: "row '\(r.name)' has a non-finite lower bound") }
            if let u = r.upper, !u.isFinite { throw Invalid(description: "row '\(r.name)' has a non-finite upper bound") }
            if let l = r.lower, let u = r.upper, l > u { throw Invalid(description: "row '\(r.name)' has crossed bounds [\(l), \(u)]") }
        }
        var seen = [Int32](repeating: -1, count: rows.count)
        for (j, c) in columns.enumerated() {
            try IntegerProgram.validate(c, index: Int32(j), rowCount: rows.count, seen: &seen)
        }
    }

    /// Checks one column; `seen` is scratch space of `rowCount` entries, tagged with `index`.
    static func validate(_ c: Column, index: Int32, rowCount: Int, seen: inout [Int32]) throws {
        guard !c.lower.isNaN, !c.upper.isNaN, c.cost.isFinite, c.lower <= c.upper,
              c.lower != .infinity, c.upper != -.infinity else {
            throw Invalid(description: "column '\(c.name)' has bad bounds [\(c.lower), \(c.upper)] or cost \(c.cost)")
        }
        guard c.rows.count == c.values.count else { throw Invalid(description: "column '\(c.name)' is malformed") }
        for (i, v) in zip(c.rows, c.values) {
            guard i >= 0, Int(i) < rowCount else { throw Invalid(description: "column '\(c.name)' names row \(i) of \(rowCount)") }
            guard v.isFinite else { throw Invalid(description: "column '\(c.name)' has a non-finite coefficient") }
            guard seen[Int(i)] != index else { throw Invalid(description: "column '\(c.name)' names row '\(i)' twice") }
            seen[Int(i)] = index
        }
    }
}
