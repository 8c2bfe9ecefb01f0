/// The order plans list posts and cadres in: by id, numbers inside an id compared as numbers
/// (`P2` before `P10`, `X-9` before `X-010`), so a plan never depends on the row order of the files.
public enum IdentifierOrder {
    /// True when id `a` comes before id `b`: digit runs compare by value (then by length, so that
    /// `01` and `1` still differ), other characters by their Unicode scalars; the plain scalar
    /// order decides what is equal so far.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var i = 0, j = 0
        func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
        while i < x.count && j < y.count {
            if isDigit(x[i]) && isDigit(y[j]) {
                let si = i, sj = j
                while i < x.count && isDigit(x[i]) { i += 1 }
                while j < y.count && isDigit(y[j]) { j += 1 }
                // Leading zeros do not change the value.
                var vi = si, vj = sj
                while vi < i - 1 && x[vi].value == 48 { vi += 1 }
                while vj < j - 1 && y[vj].value == 48 { vj += 1 }
                let ni = i - vi, nj = j - vj
                if ni != nj { return ni < nj }
                for k in 0..<ni where x[vi + k] != y[vj + k] { return x[vi + k].value < y[vj + k].value }
                if i - si != j - sj { return i - si < j - sj }
            } else {
                if x[i] != y[j] { return x[i].value < y[j].value }
                i += 1
                j += 1
            }
        }
        if x.count - i != y.count - j { return x.count - i < y.count - j }
        return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}
