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
    init?(rows: Int, columns: Int, start: [Int], column: [Int32], cost: [Double], deadline: Date? = nil) {
        rowMatch = Array(repeating: -1, count: rows)
        columnMatch = Array(repeating: -1, count: columns)
        u = Array(repeating: 0, count: rows)
        v = Array(repeating: 0, count: columns)
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
        var dist = [Double](repeating: .infinity, count: columns)
        var pred = [Int32](repeating: -1, count: columns)
        var scanned = [Bool](repeating: false, count: columns)
        var touched: [Int32] = []
        var scannedList: [Int32] = []
        var heap = MinHeap()
        var searches = 0
        for s in 0..<rows where rowMatch[s] < 0 {
            searches += 1
            if let deadline, searches % 16 == 0, Date() >= deadline { return nil }
            // Dijkstra from row s over reduced costs, until a free column is reached.
            touched.removeAll(keepingCapacity: true)
            scannedList.removeAll(keepingCapacity: true)
            heap.removeAll()
            func relax(from r: Int, at d: Double) {
                for k in start[r]..<start[r + 1] {
                    let c = Int(column[k])
                    if scanned[c] { continue }
                    let nd = d + max(0, cost[k] - u[r] - v[c])
                    if nd < dist[c] {
                        if dist[c] == .infinity { touched.append(Int32(c)) }
                        dist[c] = nd
                        pred[c] = Int32(r)
                        heap.push(nd, Int32(c))
                    }
                }
            }
            relax(from: s, at: 0)
            var end = -1
            var total = 0.0
            while let (d, c32) = heap.pop() {
                let c = Int(c32)
                if scanned[c] || d > dist[c] { continue }
                scanned[c] = true
                scannedList.append(c32)
                if columnMatch[c] < 0 { end = c; total = d; break }
                relax(from: Int(columnMatch[c]), at: d)
            }
            guard end >= 0 else { return nil }
            // Potentials: rows and columns in the tree move by how far short of `total` they were.
            u[s] += total
            for c32 in scannedList {
                let c = Int(c32)
                let slack = total - dist[c]
                v[c] -= slack
                if c != end { u[Int(columnMatch[c])] += slack }
            }
            // Augment along the predecessors.
            var c = end
            while true {
                let r = Int(pred[c])
                let previous = Int(rowMatch[r])
                rowMatch[r] = Int32(c)
                columnMatch[c] = Int32(r)
                if r == s { break }
                c = previous
            }
            for c32 in touched { dist[Int(c32)] = .infinity; scanned[Int(c32)] = false }
        }
    }
}

/// A binary min-heap of (key, value) pairs with lazy deletion.
private struct MinHeap {
    private var keys: [Double] = []
    private var values: [Int32] = []

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    mutating func push(_ key: Double, _ value: Int32) {
        keys.append(key)
        values.append(value)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if keys[parent] <= keys[i] { break }
            keys.swapAt(parent, i)
            values.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> (Double, Int32)? {
        guard let top = keys.first else { return nil }
        let value = values[0]
        let lastKey = keys.removeLast(), lastValue = values.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            values[0] = lastValue
            var i = 0
            let n = keys.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < n && keys[l] < keys[m] { m = l }
                if r < n && keys[r] < keys[m] { m = r }
                if m == i { break }
                keys.swapAt(m, i)
                values.swapAt(m, i)
                i = m
            }
        }
        return (top, value)
    }
}
