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
            let why = !exists ? tr("pol.notFound") : isDir.boolValue ? tr("msg.scenarioIsFolder") : tr("pol.cannotRead")
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
                issues.append(PolicyReader.at(key, file: file, field: name,
                                 message: tr("scen.unknownKey", ["key": name, "suggestion": PolicyReader.suggestion(for: name, among: topKeys), "known": topKeys.joined(separator: ", ")])))
            }
        }

        // The instance: read and validated like `plan solve` does; its problems are reported too.
        var instanceIssues: [InputIssue] = []
        var instance: Instance?
        var directory: URL?
        if let node = instanceNode {
            let path = PolicyReader.isNull(node) ? "" : (node.scalar?.string ?? "").trimmingCharacters(in: .whitespaces)
            if node.scalar == nil || path.isEmpty {
                issues.append(PolicyReader.at(node, file: file, field: "instance",
                                 message: tr("scen.instancePath")))
            } else {
                let dir = (path.hasPrefix("/") ? URL(fileURLWithPath: path)
                                                : baseDirectory.appendingPathComponent(path)).standardizedFileURL
                directory = dir
                var isDir: ObjCBool = false
                if !FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir) {
                    issues.append(PolicyReader.at(node, file: file, field: "instance", message: tr("scen.notFound", ["path": path, "looked": dir.path])))
                } else if !isDir.boolValue {
                    issues.append(PolicyReader.at(node, file: file, field: "instance", message: tr("scen.isFile", ["path": path, "looked": dir.path])))
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
            issues.append(PolicyReader.at(root.mark, file: file, field: "instance",
                             message: tr("scen.missingInstance")))
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
            } else if node.sequence != nil || PolicyReader.isNull(node) {
                issues.append(PolicyReader.at(node, file: file, field: "scenarios", message: tr("scen.empty")))
            } else {
                issues.append(PolicyReader.at(node, file: file, field: "scenarios",
                                 message: tr("scen.list")))
            }
        } else {
            issues.append(PolicyReader.at(root.mark, file: file, field: "scenarios", message: tr("scen.missing")))
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
            issues.append(PolicyReader.at(item, file: file, field: label, message: tr("scen.mapping")))
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
                if PolicyReader.isNull(value) { continue }
                guard let overrides = value.mapping else {
                    issues.append(PolicyReader.at(value, file: file, field: "\(label).policy",
                                     message: tr("scen.policy")))
                    continue
                }
                overridden = overrides.compactMap { $0.key.string }
                PolicyReader.apply(overrides, to: &policy, file: file, issues: &issues)
            default:
                let k = key.string ?? ""
                let hint = PolicyReader.keys.contains(k) ? tr("scen.policyHint", ["key": k])
                                                         : PolicyReader.suggestion(for: k, among: scenarioKeys)
                issues.append(PolicyReader.at(key, file: file, field: label,
                                 message: tr("scen.unknownScenarioKey", ["key": k, "hint": hint, "known": scenarioKeys.joined(separator: ", ")])))
            }
        }
        if !sawName {
            issues.append(PolicyReader.at(item, file: file, field: label, message: tr("scen.needsName")))
        }
        if let name {
            let folded = name.lowercased()
            let line = item.mark?.line ?? 0
            if let first = seen[folded] {
                // Compared without case: two such names would be one file on a case-insensitive disk.
                issues.append(PolicyReader.at(mapping.first { $0.key.string == "name" }?.value ?? item, file: file, field: "\(label).name",
                                 message: tr("scen.duplicate", ["name": name, "first": String(first)])))
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
        guard let scalar = node.scalar, !PolicyReader.isNull(node) else {
            issues.append(PolicyReader.at(node, file: file, field: field, message: tr("scen.name")))
            return nil
        }
        let name = scalar.string
        if let problem = nameProblem(name) {
            issues.append(PolicyReader.at(node, file: file, field: field, message: problem))
            return nil
        }
        return name
    }

    /// Why `name` cannot be a scenario name, or nil when it can.
    public static func nameProblem(_ name: String) -> String? {
        if name.isEmpty { return tr("msg.scenarioNameEmpty") }
        let allowed = name.unicodeScalars.allSatisfy { s in
            s.isASCII && (CharacterSet.alphanumerics.contains(s) || s == "-" || s == "_" || s == ".")
        }
        if !allowed {
            return tr("msg.scenarioNameChars", ["name": name])
        }
        if name.hasPrefix(".") { return tr("msg.scenarioNameDot", ["name": name]) }
        if name.count > maxNameLength { return tr("msg.scenarioNameLong", ["n": String(maxNameLength)]) }
        return nil
    }
}
