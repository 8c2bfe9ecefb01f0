import AssignModel
import Foundation

/// How one scenario ended.
public enum ScenarioOutcome: Sendable, Equatable {
    /// A plan proven optimal.
    case optimal
    /// A plan, not proven optimal (the time limit stopped the search).
    case feasible
    /// No plan keeps every rule.
    case infeasible
    /// The time limit came before any plan was found.
    case noPlan
    /// The solver failed, the plan failed the independent check, or it could not be written.
    case error(String)

    /// The word written in the summary: `optimal`, `feasible`, `infeasible`, `no_plan` or `error: …`.
    public var label: String {
        switch self {
        case .optimal: return "optimal"
        case .feasible: return "feasible"
        case .infeasible: return "infeasible"
        case .noPlan: return "no_plan"
        case .error(let why): return "error: \(why)"
        }
    }

    /// The outcome in the chosen language, for lines a person reads (`label` stays the summary table's value).
    public var displayLabel: String {
        switch self {
        case .error(let why): return tr("batch.status.error", ["why": why])
        default: return tr("batch.status.\(label)")
        }
    }

    public var hasPlan: Bool { self == .optimal || self == .feasible }
}


/// The result of one scenario of a batch.
public struct ScenarioResult: Sendable {
    public var name: String
    public var outcome: ScenarioOutcome
    /// The checked plan, when the scenario has one.
    public var plan: Plan?
    public var objective: Double?
    public var bound: Double?
    /// Assignments other than stay, plus releases (as C6 counts them).
    public var moves: Int?
    public var releases: Int?
    /// Labels of the scenario's share targets, in policy order (known even without a plan).
    public var targets: [String]
    /// One per target, when the scenario has a plan.
    public var shares: [ShareOutcome]
    /// When infeasible: the obvious reasons found (posts without eligible cadre, ineligible fix pins).
    public var blockers: [String]
    /// The plan file written, if any.
    public var planFile: URL?
    /// Wall-clock seconds for this scenario: solve, check and write.
    public var seconds: Double

    public init(name: String, outcome: ScenarioOutcome, plan: Plan? = nil, objective: Double? = nil, bound: Double? = nil,
                moves: Int? = nil, releases: Int? = nil, targets: [String] = [], shares: [ShareOutcome] = [],
                blockers: [String] = [], planFile: URL? = nil, seconds: Double = 0) {
        self.name = name
        self.outcome = outcome
        self.plan = plan
        self.objective = objective
        self.bound = bound
        self.moves = moves
        self.releases = releases
        self.targets = targets
        self.shares = shares
        self.blockers = blockers
        self.planFile = planFile
        self.seconds = seconds
    }

    /// The stderr progress line, e.g. `[3/8] strict-arrivals: optimal 7412.2 (0.04 s)`.
    public func progressLine(finished: Int, total: Int) -> String {
        var text = "[\(finished)/\(total)] \(name): \(outcome.displayLabel)"
        if outcome.hasPlan, let objective { text += " \(JSON.format(objective))" }
        return text + String(format: " (%.2f s)", seconds)
    }
}

/// Runs the scenarios of a `BatchFile` on a bounded pool of workers and summarises them.
///
/// GLPK keeps its environment per thread when built with thread-local storage (Debian's is; checked
/// by `GLPKInfo.isThreadLocal`, else one worker runs), every
/// `GLPKProblem` is created, solved and freed inside one scenario on one thread, and switches
/// terminal output off for that thread, so scenarios solve independently. Results are stored by
/// scenario index, so their order never depends on which finished first.
public enum BatchRunner {
    /// The workers `jobs` can have: one when GLPK is not thread-local (its state would be shared).
    public static func workers(_ jobs: Int) -> Int { GLPKInfo.isThreadLocal ? max(1, jobs) : 1 }

    /// Solves every scenario with at most `jobs` at once (one when GLPK is not thread-local) and
    /// returns the results in file order.
    ///
    /// - timeLimit: seconds for each scenario, counted from when that scenario starts.
    /// - outputDirectory: when given, each plan is written there as `<name>.json` (atomically) as
    ///   soon as its scenario ends; a stale `<name>.json` of a scenario without a plan is removed.
    /// - progress: called once per finished scenario, one call at a time, with the count finished so far.
    public static func run(_ batch: BatchFile, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                           timeLimit: Double? = nil, method: SolveOptions.Method = .columnGeneration,
                           outputDirectory: URL? = nil,
                           progress: ((_ finished: Int, _ total: Int, _ result: ScenarioResult) -> Void)? = nil) -> [ScenarioResult] {
        let total = batch.scenarios.count
        guard total > 0 else { return [] }
        let workers = max(1, min(BatchRunner.workers(jobs), total))
        let state = PoolState(count: total)
        // A fixed number of workers, each taking the next scenario index until none is left.
        // concurrentPerform reuses GCD's threads, so GLPK's per-thread environments are reused too.
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = state.next() {
                let result = runScenario(batch, index: i, timeLimit: timeLimit, method: method, outputDirectory: outputDirectory)
                state.finish(i, result) { finished in progress?(finished, total, result) }
            }
        }
        return state.results.map { $0! }
    }

    /// Solves one scenario; never throws: every failure becomes the scenario's outcome.
    public static func runScenario(_ batch: BatchFile, index: Int, timeLimit: Double? = nil,
                                   method: SolveOptions.Method = .columnGeneration, outputDirectory: URL? = nil) -> ScenarioResult {
        let started = Date()
        let scenario = batch.scenarios[index]
        let instance = batch.instance(for: scenario)
        var result = ScenarioResult(name: scenario.name, outcome: .noPlan, targets: scenario.policy.shareTargets.map(\.label))
        // The time limit is fixed when the options are made: make them as this scenario starts.
        let report = PlanSolver.solve(instance, options: SolveOptions(timeLimit: timeLimit, method: method))
        switch report.status {
        case .infeasible:
            result.outcome = .infeasible
            result.blockers = report.blockers
        case .noSolution:
            result.outcome = .noPlan
        case .failed(let why):
            result.outcome = .error("the solver failed: \(why)")
        case .optimal, .feasible:
            if let plan = report.plan {
                accept(plan, instance: instance, into: &result)
            } else {
                result.outcome = .error("the solver reported a plan but returned none")
            }
        }
        if let dir = outputDirectory {
            let url = planURL(for: scenario.name, in: dir)
            if result.outcome.hasPlan, let plan = result.plan {
                do {
                    try AtomicFile.write(plan.json.serialized(), to: url)
                    result.planFile = url
                } catch {
                    result.outcome = .error("cannot write the plan: \(error)")
                }
            } else if FileManager.default.fileExists(atPath: url.path) {
                // A plan file left by an earlier run would contradict this run's summary.
                try? FileManager.default.removeItem(at: url)
            }
        }
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    /// Checks a plan independently and records its figures; a plan that fails the check is an error.
    static func accept(_ plan: Plan, instance: Instance, into result: inout ScenarioResult) {
        let check = PlanChecker.check(plan, against: instance)
        guard check.isValid else {
            let first = check.violations[0]
            let more = check.violations.count > 1 ? " (and \(check.violations.count - 1) more)" : ""
            result.outcome = .error("the plan fails the independent check: \(first)\(more)")
            return
        }
        result.outcome = plan.status == .optimal ? .optimal : .feasible
        result.plan = plan
        result.objective = plan.objective
        result.bound = plan.bound
        result.moves = check.moves
        result.releases = check.releases
        result.shares = check.outcome.shares
    }

    /// `<dir>/<name>.json`.
    public static func planURL(for name: String, in directory: URL) -> URL {
        directory.appendingPathComponent("\(name).json")
    }

    /// Exit status of `plan batch`: 0 every scenario has a plan; 2 some are infeasible (none failed);
    /// 3 some ran out of time without a plan or ended in an error.
    public static func exitStatus(_ results: [ScenarioResult]) -> Int32 {
        if results.contains(where: { $0.outcome == .noPlan || { if case .error = $0 { return true } else { return false } }($0.outcome) }) {
            return 3
        }
        if results.contains(where: { $0.outcome == .infeasible }) { return 2 }
        return 0
    }

    /// Share columns of the summary: one per distinct target label, in order of first appearance.
    public static func shareColumns(_ results: [ScenarioResult]) -> [String] {
        var labels: [String] = []
        for r in results {
            for label in r.targets where !labels.contains(label) { labels.append(label) }
        }
        return labels
    }

    /// The summary table's header and rows (one row per scenario, in file order).
    public static func summaryTable(_ results: [ScenarioResult]) -> (header: [String], rows: [[String]]) {
        let columns = shareColumns(results)
        let header = ["scenario", "status", "objective", "bound", "moves", "releases"]
            + columns.enumerated().map { "share \($0.offset + 1) (\($0.element))" } + ["seconds"]
        let rows = results.map { r -> [String] in
            var row = [r.name, r.outcome.label, r.objective.map(JSON.format) ?? "", r.bound.map(JSON.format) ?? "",
                       r.moves.map(String.init) ?? "", r.releases.map(String.init) ?? ""]
            for label in columns {
                if let s = r.shares.first(where: { $0.label == label }) {
                    row.append("\(s.achieved)/\(s.needed)")
                } else {
                    row.append("")
                }
            }
            row.append(String(format: "%.3f", r.seconds))
            return row
        }
        return (header, rows)
    }

    /// summary.csv: UTF-8 with a byte-order mark, for spreadsheets.
    public static func summaryCSV(_ results: [ScenarioResult]) throws -> Data {
        let table = summaryTable(results)
        return try SpreadsheetCSV.render(header: table.header, rows: table.rows)
    }
}

/// Shared state of the worker pool: the next scenario to take, and the results by index.
private final class PoolState: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var finished = 0
    private let count: Int
    private(set) var results: [ScenarioResult?]

    init(count: Int) {
        self.count = count
        results = Array(repeating: nil, count: count)
    }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    /// Stores a result and reports it while holding the lock, so progress lines never interleave.
    func finish(_ index: Int, _ result: ScenarioResult, report: (Int) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        results[index] = result
        finished += 1
        report(finished)
    }
}
