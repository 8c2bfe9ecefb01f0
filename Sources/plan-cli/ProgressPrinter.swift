import AssignModel
import Foundation
import Solver

/// Shows solver progress on stderr once a solve has run for a couple of seconds: elapsed time,
/// phase, best plan, proven bound, gap.
///
/// * On a terminal, one status line rewritten in place (at most twice a second), cleared when the
///   command prints its result.
/// * Otherwise (a log file, a pipe, a CI job), one line every few seconds (`statusInterval`, or
///   `PLAN_STATUS_SECONDS`), also while a phase sends no news: a silent stretch never exceeds it.
/// * `PLAN_PROGRESS=all`: every report as its own line, from the start.
final class ProgressPrinter: @unchecked Sendable {
    private let started: Date
    private let lock = NSLock()
    private var last = Date.distantPast
    private var latest: SolveProgress?
    private var timer: DispatchSourceTimer?
    private var lineShown = false
    private let all = ProcessInfo.processInfo.environment["PLAN_PROGRESS"] == "all"
    private let terminal: Bool
    private let interval: Double
    /// Seconds of silence before the first line (`PLAN_STATUS_SECONDS` sets it too).
    private let quiet: Double
    static let defaultQuiet = 2.0
    /// Seconds between status lines when stderr is not a terminal.
    static let statusInterval = 5.0

    init(started: Date, terminal: Bool = isatty(STDERR_FILENO) != 0) {
        self.started = started
        self.terminal = terminal
        let asked = ProcessInfo.processInfo.environment["PLAN_STATUS_SECONDS"].flatMap(Double.init)
        interval = terminal ? 0.5 : (asked.map { max(0.05, $0) } ?? Self.statusInterval)
        quiet = asked.map { max(0.05, $0) } ?? Self.defaultQuiet
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + min(interval, quiet), repeating: min(interval, 1))
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
        self.timer = timer
    }

    deinit { timer?.cancel() }

    var callback: @Sendable (SolveProgress) -> Void { { [self] in self.print($0) } }

    /// Stops the status line (clearing it on a terminal): the command is about to print its result.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        timer?.cancel()
        timer = nil
        if terminal && lineShown {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            lineShown = false
        }
    }

    /// Prints a line of its own (a finished batch scenario), keeping the status line below it.
    func note(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        if terminal && lineShown {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
            lineShown = false
        }
        FileHandle.standardError.write(Data((text + "\n").utf8))
        last = Date()
    }

    func print(_ p: SolveProgress) {
        lock.lock()
        defer { lock.unlock() }
        latest = p
        if all {
            FileHandle.standardError.write(Data((line(p, Date()) + "\n").utf8))
            return
        }
        show(Date(), still: false)
    }

    /// The timer: repeats the latest news when a phase has been silent for the whole interval.
    private func tick() {
        lock.lock()
        defer { lock.unlock() }
        guard timer != nil, !all else { return }
        show(Date(), still: true)
    }

    /// Writes the status when it is due (caller holds the lock).
    private func show(_ now: Date, still: Bool) {
        let elapsed = now.timeIntervalSince(started)
        guard elapsed >= quiet, now.timeIntervalSince(last) >= interval - 0.01 else { return }
        let p = latest ?? SolveProgress(phase: "preparing the model")
        last = now
        let text = line(p, now) + (still && !terminal ? "  — " + tr("progress.still") : "")
        if terminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
            lineShown = true
        } else {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    private func line(_ p: SolveProgress, _ now: Date) -> String {
        // The phase in the chosen language when the catalogue has it (the details stay technical).
        let phase = Catalogue.en["phase.\(p.phase)"] != nil ? tr("phase.\(p.phase)") : p.phase
        var line = String(format: "[%6.1f s] ", now.timeIntervalSince(started)) + phase
        if let best = p.best { line += "  " + tr("progress.best") + String(format: " %.2f", best) }
        if let bound = p.bound { line += "  " + tr("progress.bound") + String(format: " %.2f", bound) }
        if let gap = p.gap { line += "  " + tr("progress.gap") + String(format: " %.2f%%", 100 * gap) }
        if !p.detail.isEmpty { line += "  (" + p.detail + ")" }
        return line
    }
}
