import Foundation
/// A sparse rectangular assignment by successive shortest augmenting paths (Jonker–Volgenant style:
/// row reduction, a greedy start, then Dijkstra on reduced costs with dual potentials).
///
/// Every row (post) must be matched to one column (cadre) along an arc; a column takes at most one
/// row. The result is an optimal matching for the pure assignment and a dual certificate: `u[row]`
/// free, `v[column] ≤ 0`, `cost − u − v ≥ 0` on every arc, `= 0` on matched arcs and `v = 0` on
/// unmatched columns. Column generation uses it as a warm start and for its first duals; the proof
/// of optimality for the whole model (side rules included) stays with GLPK.
struct SparseAssignment {
    /// Column matched to each row.
    private(set) var rowMatch: [Int32]
    /// Row matched to each column, -1 when free.
    private(set) var columnMatch: [Int32]
    private(set) var u: [Double]
    private(set) var v: [Double]

    /// Solves the assignment over arcs given row by row (`start[r]..<start[r+1]` into `column`, `cost`).
    /// Nil when some row cannot be matched (then the pure assignment, and so the model, has no plan
    /// without side rules' help — column generation goes on without a warm start).
    /// A `deadline` that passes makes it give up (nil): it is only a warm start.
    /// An arc into column c costs `cost[k] − discount[c]` when a `discount` is given (a release bonus,
    /// say), without a discounted copy of the arcs: the search runs on `v + discount` instead.
    init?(rows: Int, columns: Int, start: [Int], column: [Int32], cost: [Double], discount: [Double]? = nil,
          deadline: Date? = nil) {
        rowMatch = Array(repeating: -1, count: rows)
        columnMatch = Array(repeating: -1, count: columns)
        u = Array(repeating: 0, count: rows)
        v = discount ?? Array(repeating: 0, count: columns)
        // Augmenting row reduction (Jonker–Volgenant): a row takes its cheapest column, lowering that
        // column's potential to its second-cheapest level, and evicts the column's previous row,
        // which queues again. Matched rows stay tight; free columns keep v = 0.
        var queue = Array(0..<rows)
        for pass in 0..<2 {
            var next: [Int] = []
            var head = 0
            var steps = 0
            while head < queue.count && steps < 4 * rows {
                let r = queue[head]
                head += 1
                steps += 1
                let range = start[r]..<start[r + 1]
                guard !range.isEmpty else { return nil }
                var min1 = Double.infinity, min2 = Double.infinity, j1 = -1, j2 = -1
                for k in range {
                    let c = Int(column[k])
                    let h = cost[k] - v[c]
                    if h < min1 || (h == min1 && c < j1) {
                        min2 = min1; j2 = j1
                        min1 = h; j1 = c
                    } else if h < min2 || (h == min2 && c < j2) {
                        min2 = h; j2 = c
                    }
                }
                var target = j1
                var evicted = Int(columnMatch[j1])
                if min1 < min2 {
                    if min2 < .infinity { v[j1] -= min2 - min1 }
                } else if evicted >= 0 && j2 >= 0 {
                    target = j2
                    evicted = Int(columnMatch[j2])
                }
                if evicted >= 0 { rowMatch[evicted] = -1 }
                rowMatch[r] = Int32(target)
                columnMatch[target] = Int32(r)
                u[r] = cost[range.first { Int(column[$0]) == target }!] - v[target]
                if evicted >= 0 {
                    if min1 < min2 { queue.append(evicted) } else { next.append(evicted) }
                }
            }
            queue = Array(queue[head...]) + next
            if pass == 1 { break }
        }
        // Unmatched rows' potentials: their cheapest reduced arc.
        for r in 0..<rows where rowMatch[r] < 0 {
            var m = Double.infinity
            for k in start[r]..<start[r + 1] { m = min(m, cost[k] - v[Int(column[k])]) }
            u[r] = m
        }
        guard Self.augment(start: start, column: column, cost: cost, u: &u, v: &v, rowMatch: &rowMatch,
                           columnMatch: &columnMatch, deadline: deadline) else { return nil }
        if let discount { for c in 0..<columns { v[c] -= discount[c] } }
    }

    /// A column's potential and its distance in the current search (`scanned` once it is final).
    private struct Label {
        var v: Double
        var dist: Double
        /// Marks a column whose distance is final; no new distance (always ≥ 0) is below it.
        static let scanned = -1.0
    }

    /// Matches every free row by a shortest augmenting path (Dijkstra on reduced costs), keeping
    /// the potentials feasible and tight on matched arcs. False when a row cannot be matched or the
    /// deadline passes. Raw buffers: this loop relaxes tens of millions of arcs on a province.
    private static func augment(start: [Int], column: [Int32], cost: [Double], u: inout [Double], v: inout [Double],
                                rowMatch: inout [Int32], columnMatch: inout [Int32], deadline: Date?) -> Bool {
        let rows = u.count, columns = v.count
        var label = v.map { Label(v: $0, dist: .infinity) }
        var pred = [Int32](repeating: -1, count: columns)
        var touched: [Int32] = []
        var scannedList: [Int32] = []
        var scannedDist: [Double] = []
        var heap = MinHeap()
        var searches = 0
        var ok = true
        start.withUnsafeBufferPointer { st in
        column.withUnsafeBufferPointer { col in
        cost.withUnsafeBufferPointer { cst in
        label.withUnsafeMutableBufferPointer { L in
        pred.withUnsafeMutableBufferPointer { P in
        u.withUnsafeMutableBufferPointer { U in
        rowMatch.withUnsafeMutableBufferPointer { RM in
        columnMatch.withUnsafeMutableBufferPointer { CM in
            for s in 0..<rows where RM[s] < 0 {
                searches += 1
                if let deadline, searches % 16 == 0, Date() >= deadline { ok = false; return }
                touched.removeAll(keepingCapacity: true)
                scannedList.removeAll(keepingCapacity: true)
                scannedDist.removeAll(keepingCapacity: true)
                heap.removeAll()
                // Dijkstra from row s until a free column is final. A free column reached at the
                // current distance itself (by a tight arc) ends the search at once.
                var r = s
                var d = 0.0
                var end = -1
                while true {
                    let ur = U[r]
                    for k in st[r]..<st[r + 1] {
                        let c = Int(col[k])
                        let l = L[c]
                        let rc = cst[k] - ur - l.v
                        let nd = d + (rc > 0 ? rc : 0)
                        if nd < l.dist {
                            if l.dist == .infinity { touched.append(Int32(c)) }
                            L[c].dist = nd
                            P[c] = Int32(r)
                            let free = CM[c] < 0
                            if free && nd <= d { end = c; break }
                            heap.push(nd, free, Int32(c))
                        }
                    }
                    if end >= 0 { break }
                    // The nearest column not yet final.
                    var next = -1
                    while let (key, c32) = heap.pop() {
                        let c = Int(c32)
                        if key == L[c].dist { next = c; d = key; break }
                    }
                    guard next >= 0 else { ok = false; return }
                    if CM[next] < 0 { end = next; break }
                    L[next].dist = Label.scanned
                    scannedList.append(Int32(next))
                    scannedDist.append(d)
                    r = Int(CM[next])
                }
                let total = d
                // Potentials: final columns and their rows move by how far short of `total` they were.
                U[s] += total
                for (i, c32) in scannedList.enumerated() {
                    let c = Int(c32)
                    let slack = total - scannedDist[i]
                    L[c].v -= slack
                    U[Int(CM[c])] += slack
                }
                // Augment along the predecessors.
                var c = end
                while true {
                    let r = Int(P[c])
                    let previous = Int(RM[r])
                    RM[r] = Int32(c)
                    CM[c] = Int32(r)
                    if r == s { break }
                    c = previous
                }
                for c32 in touched { L[Int(c32)].dist = .infinity }
            }
        }}}}}}}}
        for c in 0..<columns { v[c] = label[c].v }
        return ok
    }
}

/// A binary min-heap of (key, value) pairs with lazy deletion; at equal keys, entries pushed as
/// `first` (free columns) come out before the others, so that a search ends as early as it can.
private struct MinHeap {
    private var keys: [Double] = []
    private var late: [Bool] = []
    private var values: [Int32] = []

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        late.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private func less(_ i: Int, _ j: Int) -> Bool {
        keys[i] < keys[j] || (keys[i] == keys[j] && !late[i] && late[j])
    }

    @inline(__always)
    private mutating func swap(_ i: Int, _ j: Int) {
        keys.swapAt(i, j)
        late.swapAt(i, j)
        values.swapAt(i, j)
    }

    mutating func push(_ key: Double, _ first: Bool, _ value: Int32) {
        keys.append(key)
        late.append(!first)
        values.append(value)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if !less(i, parent) { break }
            swap(parent, i)
            i = parent
        }
    }

    mutating func pop() -> (Double, Int32)? {
        guard let top = keys.first else { return nil }
        let value = values[0]
        let lastKey = keys.removeLast(), lastLate = late.removeLast(), lastValue = values.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            late[0] = lastLate
            values[0] = lastValue
            var i = 0
            let n = keys.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && less(l, m) { m = l }
                if r < n && less(r, m) { m = r }
                if m == i { break }
                swap(m, i)
                i = m
            }
        }
        return (top, value)
    }
}
