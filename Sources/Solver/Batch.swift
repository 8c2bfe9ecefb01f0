import AssignModel
import Foundation
import Yams

// `plan batch`: one instance, many policy variants ("scenarios"), solved in parallel and compared.
// The file format is documented in docs/batch.md and in `plan batch --help`.

/// A scenario file: the instance it varies and the scenarios, each a name and policy overrides.
///
/// Reading it validates everything up front — the file's structure, the scenario names, every
/// override value (through `PolicyReader.apply`) and the instance itself — and throws `InputErrors`
/// listing every problem with its file, line and column.
public struct BatchFile: Sendable {
    /// One scenario: a name (which becomes a file name) and the policy that results from its overrides.
    public struct Scenario: Sendable {
        public var name: String
        /// Line of the scenario's entry in the scenario file.
        public var line: Int
        /// The instance's policy with the scenario's overrides applied.
        public var policy: Policy
        /// The policy keys the scenario overrides, in file order.
        public var overriddenKeys: [String]

        public init(name: String, line: Int = 0, policy: Policy, overriddenKeys: [String] = []) {
            self.name = name
            self.line = line
            self.policy = policy
            self.overriddenKeys = overriddenKeys
        }
    }

    /// The scenario file's name as shown in messages.
    public var file: String
    /// The instance directory, resolved against the scenario file's folder.
    public var instanceDirectory: URL
    /// The instance as read, with its own policy.yaml.
    public var instance: Instance
    public var scenarios: [Scenario]

    public init(file: String, instanceDirectory: URL, instance: Instance, scenarios: [Scenario]) {
        self.file = file
        self.instanceDirectory = instanceDirectory
        self.instance = instance
        self.scenarios = scenarios
    }

    /// Keys allowed at the top of a scenario file.
    public static let topKeys = ["instance", "scenarios"]
    /// Keys allowed in one scenario.
    public static let scenarioKeys = ["name", "policy"]
    /// Longest scenario name, in characters (it becomes `<name>.json`).
    public static let maxNameLength = 100

    /// The instance as `scenario` sees it: the same data with the scenario's policy.
    public func instance(for scenario: Scenario) -> Instance {
        var copy = instance
        copy.policy = scenario.policy
        return copy
    }

    /// Reads and validates a scenario file; `file` names it in messages (default: its path).
    public static func read(_ url: URL, file: String? = nil) throws -> BatchFile {
        let name = file ?? url.path
        guard let data = try? Data(contentsOf: url) else {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir)
            let why = !exists ? "file not found" : isDir.boolValue ? "is a folder, not a scenario file" : "cannot be read"
            throw InputErrors([InputIssue(file: name, message: why)])
        }
        return try parse(data, file: name, baseDirectory: url.deletingLastPathComponent())
    }

    /// Parses scenario-file bytes; a relative `instance` path is resolved against `baseDirectory`.
    public static func parse(_ data: Data, file: String, baseDirectory: URL) throws -> BatchFile {
        var issues: [InputIssue] = []
        guard let root = PolicyReader.composeMapping(data, file: file, expecting: "'instance' and 'scenarios'", issues: &issues) else {
            throw InputErrors(issues)
        }

        var instanceNode: Node?
        var scenariosNode: Node?
        for (key, value) in root {
            switch key.string {
            case "instance": instanceNode = value
            case "scenarios": scenariosNode = value
            default:
                let name = key.string ?? ""
                issues.append(at(key, file: file, field: name,
                                 message: "unknown key '\(name)'\(suggestion(for: name, among: topKeys)) (known keys: \(topKeys.joined(separator: ", ")))"))
            }
        }

        // The instance: read and validated like `plan solve` does; its problems are reported too.
        var instanceIssues: [InputIssue] = []
        var instance: Instance?
        var directory: URL?
        if let node = instanceNode {
            let path = isNull(node) ? "" : (node.scalar?.string ?? "").trimmingCharacters(in: .whitespaces)
            if node.scalar == nil || path.isEmpty {
                issues.append(at(node, file: file, field: "instance",
                                 message: "expected the path of an instance directory (relative to this file), e.g. 'instance: ../examples/district-20'"))
            } else {
                let dir = (path.hasPrefix("/") ? URL(fileURLWithPath: path)
                                                : baseDirectory.appendingPathComponent(path)).standardizedFileURL
                directory = dir
                var isDir: ObjCBool = false
                if !FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir) {
                    issues.append(at(node, file: file, field: "instance", message: "instance directory '\(path)' not found (looked for \(dir.path))"))
                } else if !isDir.boolValue {
                    issues.append(at(node, file: file, field: "instance", message: "'\(path)' is a file, not an instance directory (\(dir.path))"))
                } else {
                    do {
                        instance = try InstanceReader.read(directory: dir)
                    } catch let errors as InputErrors {
                        // Name the instance's files by their full path: the user is looking at the scenario file.
                        instanceIssues = errors.issues.map { issue in
                            var issue = issue
                            if !issue.file.hasPrefix("/") { issue.file = dir.appendingPathComponent(issue.file).path }
                            return issue
                        }
                    } catch {
                        instanceIssues = [InputIssue(file: dir.path, message: "\(error)")]
                    }
                }
            }
        } else {
            issues.append(at(root.mark, file: file, field: "instance",
                             message: "missing 'instance': the path of the instance directory, relative to this file"))
        }

        // The scenarios. Overrides are validated against the instance's policy, or against a
        // default policy when the instance could not be read, so that their problems still show.
        let base = instance?.policy ?? Policy(year: 2025)
        var scenarios: [Scenario] = []
        var seen: [String: Int] = [:]  // lowercased name -> line of first use
        if let node = scenariosNode {
            if let list = node.sequence, !list.isEmpty {
                for (i, item) in list.enumerated() {
                    if let scenario = readScenario(item, index: i + 1, base: base, file: file, seen: &seen, issues: &issues) {
                        scenarios.append(scenario)
                    }
                }
            } else if node.sequence != nil || isNull(node) {
                issues.append(at(node, file: file, field: "scenarios", message: "the list of scenarios is empty: give at least one '- name: …'"))
            } else {
                issues.append(at(node, file: file, field: "scenarios",
                                 message: "expected a list of scenarios such as '- {name: strict, policy: {max_moves: 30}}'"))
            }
        } else {
            issues.append(at(root.mark, file: file, field: "scenarios", message: "missing 'scenarios': the list of scenarios to solve"))
        }

        issues.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        issues += instanceIssues
        guard issues.isEmpty, let instance, let directory else { throw InputErrors(issues) }
        return BatchFile(file: file, instanceDirectory: directory, instance: instance, scenarios: scenarios)
    }

    /// One entry of `scenarios`; nil (with issues) when it is not usable.
    private static func readScenario(_ item: Node, index: Int, base: Policy, file: String,
                                     seen: inout [String: Int], issues: inout [InputIssue]) -> Scenario? {
        let label = "scenarios[\(index)]"
        guard let mapping = item.mapping else {
            issues.append(at(item, file: file, field: label, message: "expected a mapping with 'name' and optional 'policy', e.g. '- name: baseline'"))
            return nil
        }
        let before = issues.count
        var name: String?
        var policy = base
        var overridden: [String] = []
        var sawName = false
        for (key, value) in mapping {
            switch key.string {
            case "name":
                sawName = true
                name = validName(value, label: label, file: file, issues: &issues)
            case "policy":
                if isNull(value) { continue }
                guard let overrides = value.mapping else {
                    issues.append(at(value, file: file, field: "\(label).policy",
                                     message: "expected a mapping of policy.yaml keys, e.g. 'policy: {max_moves: 30}'"))
                    continue
                }
                overridden = overrides.compactMap { $0.key.string }
                PolicyReader.apply(overrides, to: &policy, file: file, issues: &issues)
            default:
                let k = key.string ?? ""
                let hint = PolicyReader.keys.contains(k) ? " (policy keys go under 'policy:', e.g. 'policy: {\(k): …}')"
                                                         : suggestion(for: k, among: scenarioKeys)
                issues.append(at(key, file: file, field: label,
                                 message: "unknown key '\(k)' in a scenario\(hint) (known: \(scenarioKeys.joined(separator: ", ")))"))
            }
        }
        if !sawName {
            issues.append(at(item, file: file, field: label, message: "a scenario needs a 'name'"))
        }
        if let name {
            let folded = name.lowercased()
            let line = item.mark?.line ?? 0
            if let first = seen[folded] {
                // Compared without case: two such names would be one file on a case-insensitive disk.
                issues.append(at(mapping.first { $0.key.string == "name" }?.value ?? item, file: file, field: "\(label).name",
                                 message: "duplicate scenario name '\(name)' (already used on line \(first); names are compared without case)"))
            } else {
                seen[folded] = line
            }
        }
        guard issues.count == before, let name else { return nil }
        return Scenario(name: name, line: item.mark?.line ?? 0, policy: policy, overriddenKeys: overridden)
    }

    /// A scenario name that is safe as a file name: ASCII letters, digits, `-`, `_` and `.`,
    /// not starting with `.`, at most `maxNameLength` characters.
    private static func validName(_ node: Node, label: String, file: String, issues: inout [InputIssue]) -> String? {
        let field = "\(label).name"
        guard let scalar = node.scalar, !isNull(node) else {
            issues.append(at(node, file: file, field: field, message: "expected a name such as 'strict-arrivals'"))
            return nil
        }
        let name = scalar.string
        if let problem = nameProblem(name) {
            issues.append(at(node, file: file, field: field, message: problem))
            return nil
        }
        return name
    }

    /// Why `name` cannot be a scenario name, or nil when it can.
    public static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return "the scenario name is empty" }
        let allowed = name.unicodeScalars.allSatisfy { s in
            s.isASCII && (CharacterSet.alphanumerics.contains(s) || s == "-" || s == "_" || s == ".")
        }
        if !allowed {
            return "'\(name)' cannot be a scenario name: it becomes a file name, so use only letters a–z and A–Z, digits, '-', '_' and '.'"
        }
        if name.hasPrefix(".") { return "'\(name)' cannot be a scenario name: it may not start with '.'" }
        if name.count > maxNameLength { return "the scenario name is longer than \(maxNameLength) characters" }
        return nil
    }

    // MARK: YAML helpers (the same conventions as PolicyReader)

    private static func at(_ node: Node, file: String, field: String? = nil, message: String) -> InputIssue {
        at(node.mark, file: file, field: field, message: message)
    }

    private static func at(_ mark: Mark?, file: String, field: String? = nil, message: String) -> InputIssue {
        InputIssue(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, field: field, message: message)
    }

    private static func isNull(_ node: Node) -> Bool {
        guard let s = node.scalar else { return false }
        return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// ` (did you mean 'x'?)` when a known word is within two edits of `word`.
    private static func suggestion(for word: String, among known: [String]) -> String {
        PolicyReader.suggestion(for: word, among: known)
    }
}

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
        var text = "[\(finished)/\(total)] \(name): \(outcome.label)"
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
        var result = ScenarioResult(name: scenario.name, outcome: .noPlan, targets: scenario.policy.nonLocalShare.map(\.label))
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
