import Foundation
import Solver

/// Prints solver progress on stderr once a solve has run for a couple of seconds (or always with
/// `PLAN_PROGRESS=all`), at most one line per half second: elapsed time, phase, best plan, bound, gap.
final class ProgressPrinter: @unchecked Sendable {
    private let started: Date
    private let lock = NSLock()
    private var last = Date.distantPast
    private let all = ProcessInfo.processInfo.environment["PLAN_PROGRESS"] == "all"
    /// Seconds of silence before the first line.
    static let quiet = 2.0

    init(started: Date) { self.started = started }

    var callback: @Sendable (SolveProgress) -> Void { { [self] in self.print($0) } }

    func print(_ p: SolveProgress) {
        let now = Date()
        let elapsed = now.timeIntervalSince(started)
        lock.lock()
        defer { lock.unlock() }
        guard all || (elapsed >= Self.quiet && now.timeIntervalSince(last) >= 0.5) else { return }
        last = now
        var line = String(format: "[%6.1f s] %@", elapsed, p.phase)
        if let best = p.best { line += String(format: "  best %.2f", best) }
        if let bound = p.bound { line += String(format: "  bound %.2f", bound) }
        if let gap = p.gap { line += String(format: "  gap %.2f%%", 100 * gap) }
        if !p.detail.isEmpty { line += "  (" + p.detail + ")" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
