/// A tiny seeded pseudo-random generator (SplitMix64, Steele, Lea and Flood 2014) with the few
/// draws the instance generator needs.
///
/// Every draw is integer arithmetic or exact IEEE additions and multiplications — no `log`, `exp`
/// or library shuffles whose algorithm could differ between platforms or Swift versions — so a
/// seed gives the same sequence, and the generator the same bytes, on every machine.
public struct SplitMix64 {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<n` (Lemire's multiply-and-reject, without bias).
    mutating func below(_ n: Int) -> Int {
        precondition(n > 0, "below(\(n))")
        let bound = UInt64(n)
        let threshold = (0 &- bound) % bound
        while true {
            let (high, low) = next().multipliedFullWidth(by: bound)
            if low >= threshold { return Int(high) }
        }
    }

    /// A uniform integer in `range`.
    mutating func uniform(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `percent` / 100.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// An index drawn with the given non-negative integer weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var r = below(total)
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }

    /// An element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// A uniform real in [0, 1) with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// An approximately normal draw: the sum of 12 uniforms minus 6 (Irwin–Hall), scaled.
    mutating func normal(mean: Double, sd: Double) -> Double {
        var s = 0.0
        for _ in 0..<12 { s += unit() }
        return mean + sd * (s - 6)
    }

    /// Fisher–Yates shuffle in place.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, below(i + 1))
        }
    }
}
