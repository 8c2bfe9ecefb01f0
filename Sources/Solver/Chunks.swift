import Dispatch

/// Work over `0..<count` split into contiguous chunks that run on all cores.
///
/// The number of chunks is fixed (not the number of cores) and results come back in chunk order,
/// so joining them in order gives the same result on every machine, and the same as one pass.
enum Chunks {
    /// Chunks per job: enough for two cores to balance uneven chunks.
    static let count = 8

    /// `body` applied to each chunk of `0..<total`, in order; one chunk when `total < sequentialBelow`.
    static func map<T>(_ total: Int, sequentialBelow: Int = 512, _ body: (Range<Int>) -> T) -> [T] {
        let n = total < sequentialBelow ? 1 : count
        if n == 1 { return [body(0..<total)] }
        let bounds = (0...n).map { $0 * total / n }
        var results = [T?](repeating: nil, count: n)
        results.withUnsafeMutableBufferPointer { slots in
            let slots = slots
            DispatchQueue.concurrentPerform(iterations: n) { i in
                slots[i] = body(bounds[i]..<bounds[i + 1])
            }
        }
        return results.map { $0! }
    }
}
