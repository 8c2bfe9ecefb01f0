/// GLPK numbers rows and columns from 1, and its arrays are 1-based: element 0 is never read.
/// This helper is the one place that says so; everything else uses 0-based Swift indices.
enum GLPKArray {
    /// GLPK's number for the 0-based Swift index `i`.
    @inline(__always)
    static func index(_ i: Int) -> Int32 { Int32(i + 1) }

    /// A 1-based GLPK index array for 0-based Swift indices: an unused slot, then each index + 1.
    static func indices(_ zeroBased: [Int32]) -> [Int32] {
        var out = [Int32](repeating: 0, count: zeroBased.count + 1)
        for (k, i) in zeroBased.enumerated() { out[k + 1] = i + 1 }
        return out
    }

    /// A 1-based GLPK value array: an unused slot, then the values.
    static func values(_ values: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: values.count + 1)
        for (k, v) in values.enumerated() { out[k + 1] = v }
        return out
    }
}
