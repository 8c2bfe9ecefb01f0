/// A set of skill tags as a bit set over `Instance.skillNames`, so that E1 is a few word operations.
public struct SkillSet: Sendable, Equatable, Hashable {
    /// Bit `i` of word `i / 64` is set when tag `i` is in the set.
    public private(set) var words: [UInt64]

    public init() { words = [] }

    public init<S: Sequence>(_ tags: S) where S.Element == Int {
        words = []
        for t in tags { insert(t) }
    }

    public mutating func insert(_ tag: Int) {
        let w = tag >> 6
        if w >= words.count { words.append(contentsOf: repeatElement(0, count: w - words.count + 1)) }
        words[w] |= 1 << UInt64(tag & 63)
    }

    public func contains(_ tag: Int) -> Bool {
        let w = tag >> 6
        return w < words.count && words[w] & (1 << UInt64(tag & 63)) != 0
    }

    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// Whether every tag of `self` is also in `other`.
    @inline(__always)
    public func isSubset(of other: SkillSet) -> Bool {
        for i in 0..<words.count where words[i] != 0 {
            let o = i < other.words.count ? other.words[i] : 0
            if words[i] & ~o != 0 { return false }
        }
        return true
    }

    /// The tags in the set, ascending.
    public var members: [Int] {
        var out: [Int] = []
        for (i, w) in words.enumerated() where w != 0 {
            for b in 0..<64 where w & (1 << UInt64(b)) != 0 { out.append(i * 64 + b) }
        }
        return out
    }
}
