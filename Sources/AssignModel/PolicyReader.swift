import Foundation
import Yams

/// Reads policy.yaml (SPEC §3) and policy overrides, reporting every problem with line and column.
public enum PolicyReader {
    /// Top-level keys of policy.yaml, in documentation order.
    public static let keys = ["year", "retirement_age", "max_years", "min_years_left", "min_years_left_exempt",
                              "min_years_in_post", "allow_demotion", "weak_min_rating", "non_local_share", "shares", "young_age",
                              "max_arrivals_per_unit",
                              "max_moves", "min_moves", "weights", "phases"]

    /// Keys of an entry of `phases` (SPEC §11.5).
    public static let phaseKeys = ["year", "max_moves", "max_arrivals_per_unit", "min_moves", "shares", "non_local_share"]

    /// Reads a whole policy file; `year` is required. Nil when the file could not be used at all.
    public static func read(_ url: URL, file: String = "policy.yaml", issues: inout [InputIssue]) -> Policy? {
        guard let data = try? Data(contentsOf: url) else {
            let exists = FileManager.default.fileExists(atPath: url.path)
            issues.append(InputIssue(file: file, message: exists ? tr("pol.cannotRead") : tr("pol.notFound")))
            return nil
        }
        return parse(data, file: file, issues: &issues)
    }

    /// Parses policy.yaml bytes; see `read`.
    public static func parse(_ data: Data, file: String = "policy.yaml", issues: inout [InputIssue]) -> Policy? {
        guard let root = composeMapping(data, file: file, issues: &issues) else { return nil }
        let before = issues.count
        var year: Int?
        if let yearNode = root.value(for: "year") {
            year = integer(yearNode, key: "year", file: file, range: 1000...3000, issues: &issues)
        } else {
            issues.append(InputIssue(file: file, line: 1, field: "year", message: tr("pol.yearRequired")))
        }
        var policy = Policy(year: year ?? 2000)
        apply(root, to: &policy, file: file, issues: &issues, skipping: ["year"])
        return issues.count == before ? policy : nil
    }

    /// Parses YAML text that must be a mapping at the top; nil (with a located issue) otherwise.
    /// `expecting` says what the top level should hold, for the messages about an empty file or a
    /// top level that is not a mapping.
    public static func composeMapping(_ data: Data, file: String, expecting: String = "policy keys",
                                      issues: inout [InputIssue]) -> Node.Mapping? {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let bad = CSVTable.firstInvalidUTF8(bytes) {
            let (line, column) = CSVTable.lineAndColumn(of: bad, in: bytes)
            issues.append(InputIssue(file: file, line: line, column: column, message: tr("pol.notUTF8")))
            return nil
        }
        if let nul = bytes.firstIndex(of: 0) {
            let (line, column) = CSVTable.lineAndColumn(of: nul, in: bytes)
            issues.append(InputIssue(file: file, line: line, column: column, message: tr("pol.nul")))
            return nil
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            issues.append(yamlIssue(error, file: file))
            return nil
        } catch {
            issues.append(InputIssue(file: file, message: tr("pol.malformed", ["problem": "\(error)"])))
            return nil
        }
        guard let node else {
            issues.append(InputIssue(file: file, message: tr("pol.empty", ["expecting": expecting])))
            return nil
        }
        guard let mapping = node.mapping else {
            issues.append(at(node, file: file, message: tr("pol.topMapping", ["expecting": expecting])))
            return nil
        }
        // Aliases repeat anchored parts: a small file can stand for millions of values (and as many
        // share targets or scenarios). The expanded file is bounded before anything reads it.
        var budget = maxExpandedValues
        guard fits(node, budget: &budget) else {
            issues.append(InputIssue(file: file, line: 1, message: tr("pol.aliases", ["n": String(maxExpandedValues)])))
            return nil
        }
        return mapping
    }

    /// Most values (scalars, mappings, sequences) a YAML input may stand for once aliases are expanded.
    public static let maxExpandedValues = 100_000

    /// Counts the values of `node`, aliases expanded, against `budget`; false once it is exceeded.
    private static func fits(_ node: Node, budget: inout Int) -> Bool {
        budget -= 1
        if budget < 0 { return false }
        switch node {
        case .mapping(let m):
            for (k, v) in m { guard fits(k, budget: &budget), fits(v, budget: &budget) else { return false } }
        case .sequence(let s):
            for v in s { guard fits(v, budget: &budget) else { return false } }
        default:
            break
        }
        return true
    }

    /// libyaml's problem sentences that planners meet, by catalogue key (`yaml.*`): a problem not
    /// listed is quoted as libyaml words it.
    public static let yamlProblems: [String: String] = [
        "did not find expected ',' or ']'": "yaml.flowSequence",
        "did not find expected ',' or '}'": "yaml.flowMapping",
        "mapping values are not allowed in this context": "yaml.mappingValues",
        "found a tab character that violates indentation": "yaml.tab",
        "found a tab character where an indentation space is expected": "yaml.tabSpace",
        "did not find expected key": "yaml.expectedKey",
        "did not find expected node content": "yaml.nodeContent",
        "did not find expected '-' indicator": "yaml.dash",
        "found character that cannot start any token": "yaml.badCharacter",
        "found unexpected end of stream": "yaml.endOfStream",
        "could not find expected ':'": "yaml.colon",
        "block sequence entries are not allowed in this context": "yaml.blockSequence",
        "found unknown escape character": "yaml.escape",
        "found undefined alias": "yaml.alias",
        "control characters are not allowed": "yaml.control",
        "invalid leading UTF-8 octet": "yaml.utf8",
        "invalid trailing UTF-8 octet": "yaml.utf8Trailing",
        "incomplete UTF-8 octet sequence": "yaml.utf8Incomplete",
    ]

    /// A libyaml problem in the chosen language (as libyaml words it when not in `yamlProblems`).
    static func yamlProblem(_ problem: String) -> String {
        yamlProblems[problem].map { tr($0) } ?? problem
    }

    private static func yamlIssue(_ error: YamlError, file: String) -> InputIssue {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return InputIssue(file: file, line: mark.line, column: mark.column, message: tr("pol.malformed", ["problem": yamlProblem(problem)]))
        case let .reader(problem, offset, _, yaml):
            // libyaml's reader reports a byte offset (control characters, bad encodings).
            let bytes = Array(yaml.utf8)
            if let offset, offset >= 0, offset <= bytes.count {
                let (line, column) = CSVTable.lineAndColumn(of: offset, in: bytes)
                return InputIssue(file: file, line: line, column: column, message: tr("pol.malformed", ["problem": yamlProblem(problem)]))
            }
            return InputIssue(file: file, line: 1, message: tr("pol.malformed", ["problem": yamlProblem(problem)]))
        case let .duplicatedKeysInMapping(duplicates, context):
            return InputIssue(file: file, line: context.mark.line, column: context.mark.column,
                              message: tr("pol.duplicateKeys", ["keys": duplicates.sorted().joined(separator: ", ")]))
        default:
            return InputIssue(file: file, message: tr("pol.malformed", ["problem": "\(error)"]))
        }
    }

    /// Applies every key of `mapping` to `policy`, reporting problems.
    ///
    /// Used for policy.yaml itself and for scenario overrides, where `year` may be overridden too.
    public static func apply(_ mapping: Node.Mapping, to policy: inout Policy, file: String,
                             issues: inout [InputIssue], skipping: Set<String> = []) {
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if skipping.contains(key) { continue }
            switch key {
            case "year":
                if let v = integer(value, key: key, file: file, range: 1000...3000, issues: &issues) { policy.year = v }
            case "retirement_age":
                for (k, v) in submapping(value, key: key, file: file, issues: &issues) {
                    guard let g = Gender(rawValue: k.string ?? "") else {
                        issues.append(at(k, file: file, field: key, message: tr("pol.unknownGender", ["value": k.string ?? ""])))
                        continue
                    }
                    if let age = integer(v, key: "\(key).\(g.rawValue)", file: file, range: 1...120, issues: &issues) {
                        policy.retirementAge[g] = age
                    }
                }
            case "max_years":
                if isNull(value) { policy.maxYears = [:]; continue }
                var limits: [Rank: Int] = [:]
                for (k, v) in submapping(value, key: key, file: file, issues: &issues) {
                    guard let r = Rank(name: k.string ?? "") else {
                        issues.append(at(k, file: file, field: key, message: tr("pol.unknownRank", ["value": k.string ?? ""])))
                        continue
                    }
                    if isNull(v) { continue }
                    if let years = integer(v, key: "\(key).\(r.name)", file: file, range: 0...200, issues: &issues) {
                        limits[r] = years
                    }
                }
                policy.maxYears = limits
            case "min_years_left":
                if let v = integer(value, key: key, file: file, range: 0...100, issues: &issues) { policy.minYearsLeft = v }
            case "min_years_left_exempt":
                if let v = integer(value, key: key, file: file, range: 0...100, issues: &issues) { policy.minYearsLeftExempt = v }
            case "min_years_in_post":
                if isNull(value) { policy.minYearsInPost = nil }
                else if let v = integer(value, key: key, file: file, range: 0...200, issues: &issues) { policy.minYearsInPost = v }
            case "allow_demotion":
                if let v = boolean(value, key: key, file: file, issues: &issues) { policy.allowDemotion = v }
            case "weak_min_rating":
                if isNull(value) { policy.weakMinRating = nil }
                else if let v = integer(value, key: key, file: file, range: 0...100, issues: &issues) { policy.weakMinRating = v }
            case "non_local_share":
                // The non_local_share entries come first, then those of `shares` (either key may override the other's part).
                policy.shareTargets = shareTargets(value, list: "non_local_share", file: file, issues: &issues)
                    + policy.shareTargets.filter { $0.name.hasPrefix("shares[") }
            case "shares":
                policy.shareTargets = policy.shareTargets.filter { !$0.name.hasPrefix("shares[") }
                    + shareTargets(value, list: "shares", file: file, issues: &issues)
            case "young_age":
                if let v = integer(value, key: key, file: file, range: 1...150, issues: &issues) { policy.youngAge = v }
            case "max_arrivals_per_unit":
                if isNull(value) { policy.maxArrivalsPerUnit = nil }
                else if let v = integer(value, key: key, file: file, range: 0...1_000_000, issues: &issues) { policy.maxArrivalsPerUnit = v }
            case "max_moves":
                if isNull(value) { policy.maxMoves = nil }
                else if let v = integer(value, key: key, file: file, range: 0...100_000_000, issues: &issues) { policy.maxMoves = v }
            case "min_moves":
                var quotas: [MoveType: Int] = [:]
                for (k, v) in submapping(value, key: key, file: file, issues: &issues) {
                    guard let t = MoveType(rawValue: k.string ?? ""), t != .stay else {
                        issues.append(at(k, file: file, field: key, message: tr("pol.unknownType", ["value": k.string ?? ""])))
                        continue
                    }
                    if let n = integer(v, key: "\(key).\(t.rawValue)", file: file, range: 0...100_000_000, issues: &issues) {
                        quotas[t] = n
                    }
                }
                policy.minMoves = quotas
            case "weights":
                for (k, v) in submapping(value, key: key, file: file, issues: &issues) {
                    let name = k.string ?? ""
                    guard policy.weights[name] != nil else {
                        issues.append(at(k, file: file, field: key, message: tr("pol.unknownWeight", ["name": name, "suggestion": suggestion(for: name, among: Weights.keys),
                                                                                    "known": Weights.keys.joined(separator: ", ")])))
                        continue
                    }
                    if let w = real(v, key: "\(key).\(name)", file: file, issues: &issues) { policy.weights[name] = w }
                }
            case "phases":
                policy.phases = phases(value, file: file, issues: &issues)
            default:
                issues.append(at(keyNode, file: file, field: key,
                                 message: tr("pol.unknownKey", ["key": key, "suggestion": suggestion(for: key, among: keys), "known": keys.joined(separator: ", ")])))
            }
        }
        // The first phase is not before the plan year (checked here, after every key: an override may change either).
        if let first = policy.phases.first, first.year < policy.year {
            issues.append(InputIssue(file: file, line: max(1, first.line), column: 1, field: "\(first.name).year",
                                     message: tr("pol.phaseBeforeYear", ["year": String(first.year), "plan": String(policy.year)])))
        }
        // A `shares` target of non-locals on the posts of a `non_local_share` entry counts them twice.
        let nonLocal = policy.shareTargets.filter { $0.name.hasPrefix("non_local_share[") }
        for target in policy.shareTargets where target.name.hasPrefix("shares[") {
            if let first = nonLocal.first(where: { $0.sameSet(as: target) }) {
                issues.append(InputIssue(file: file, line: max(1, target.line), column: 1, field: target.name,
                                         message: tr("pol.crossDuplicate", ["first": first.name, "line": String(first.line)])))
            }
        }
    }

    /// The entries of `phases` (SPEC §11.5): each a mapping with `year` (strictly increasing) and
    /// optionally the caps, quotas and share targets of that phase, read as the top-level keys of the
    /// same names are. Each problem is located at its key.
    private static func phases(_ node: Node, file: String, issues: inout [InputIssue]) -> [Phase] {
        if isNull(node) { return [] }
        let known = phaseKeys.joined(separator: ", ")
        guard let seq = node.sequence, !seq.isEmpty else {
            issues.append(at(node, file: file, field: "phases", message: tr("pol.phasesList")))
            return []
        }
        var out: [Phase] = []
        for (i, item) in seq.enumerated() {
            let label = "phases[\(i + 1)]"
            guard let m = item.mapping else {
                issues.append(at(item, file: file, field: label, message: tr("pol.phaseMapping", ["known": known])))
                continue
            }
            var skipping: Set<String> = ["year"]
            for (k, _) in m where !phaseKeys.contains(k.string ?? "") {
                let name = k.string ?? ""
                skipping.insert(name)
                issues.append(at(k, file: file, field: label, message: tr("pol.unknownPhaseKey", [
                    "name": name, "suggestion": suggestion(for: name, among: phaseKeys), "known": known])))
            }
            guard let yearNode = m.value(for: "year") else {
                issues.append(at(item, file: file, field: label, message: tr("pol.phaseYear")))
                continue
            }
            guard let year = integer(yearNode, key: "\(label).year", file: file, range: 1000...3000, issues: &issues) else { continue }
            if let previous = out.last, year <= previous.year {
                issues.append(at(yearNode, file: file, field: "\(label).year",
                                 message: tr("pol.phaseOrder", ["year": String(year), "previous": String(previous.year), "name": previous.name])))
            }
            // The phase's own keys, read by the top-level reader on a policy of their own.
            var scratch = Policy(year: year)
            scratch.maxYears = [:]
            apply(m, to: &scratch, file: file, issues: &issues, skipping: skipping)
            var phase = Phase(year: year, line: item.mark?.line ?? 0, name: label)
            phase.maxMoves = scratch.maxMoves
            phase.maxArrivalsPerUnit = scratch.maxArrivalsPerUnit
            phase.minMoves = scratch.minMoves
            phase.shareTargets = scratch.shareTargets.map { target in
                var t = target
                t.name = "\(label).\(target.name)"
                return t
            }
            out.append(phase)
        }
        return out
    }

    /// The entries of `non_local_share` or `shares` (SPEC §6 C4, §11.2): filters `level`, `key`, `rank`,
    /// `block`; exactly one of `min` (0–1, exact decimal) and `at_least` (a whole number ≥ 0);
    /// `per_unit`; and `of` (required in `shares`; in `non_local_share` only `non_local`). Each problem
    /// is located at its key; a target listed twice in one list is refused at the later entry.
    private static func shareTargets(_ node: Node, list: String, file: String, issues: inout [InputIssue]) -> [ShareTarget] {
        if isNull(node) { return [] }
        let known = "of, level, key, rank, block, min, at_least, per_unit"
        guard let seq = node.sequence else {
            issues.append(at(node, file: file, field: list, message: list == "shares"
                             ? tr("pol.listShares") : tr("pol.listNonLocal")))
            return []
        }
        var targets: [ShareTarget] = []
        var positions: [Int] = []  // place of each target in the list, from 1
        for (i, item) in seq.enumerated() {
            let label = "\(list)[\(i + 1)]"
            guard let m = item.mapping else {
                issues.append(at(item, file: file, field: label, message: tr("pol.targetMapping", ["known": known])))
                continue
            }
            var target = ShareTarget(min: Fraction(numerator: 0, denominator: 1), line: item.mark?.line ?? 0, name: label)
            var ok = true
            var sawMin = false, sawAtLeast = false, sawOf = false
            for (k, v) in m {
                let name = k.string ?? ""
                switch name {
                case "of":
                    sawOf = true
                    let text = v.scalar?.string ?? ""
                    if let kind = ShareKind(rawValue: text), list == "shares" || kind == .nonLocal {
                        target.of = kind
                    } else {
                        issues.append(at(v, file: file, field: "\(label).of",
                                         message: tr(list == "shares" ? "pol.unknownOf" : "pol.unknownOf.nonLocal", ["value": text])))
                        ok = false
                    }
                case "level":
                    if isNull(v) { continue }
                    if let l = Level(name: v.string ?? "") { target.level = l } else {
                        issues.append(at(v, file: file, field: "\(label).level", message: tr("pol.unknownLevel", ["value": v.string ?? ""])))
                        ok = false
                    }
                case "key":
                    if isNull(v) { continue }
                    if let b = boolean(v, key: "\(label).key", file: file, issues: &issues) { target.key = b } else { ok = false }
                case "rank":
                    if isNull(v) { continue }
                    if let r = Rank(name: v.string ?? "") { target.rank = r } else {
                        issues.append(at(v, file: file, field: "\(label).rank", message: tr("pol.unknownRank", ["value": v.string ?? ""])))
                        ok = false
                    }
                case "block":
                    if isNull(v) { continue }
                    if let b = Block(rawValue: v.string ?? "") { target.block = b } else {
                        issues.append(at(v, file: file, field: "\(label).block", message: tr("pol.unknownBlock", ["value": v.string ?? ""])))
                        ok = false
                    }
                case "min":
                    sawMin = true
                    let text = v.scalar?.string ?? ""
                    if let f = Fraction(decimal: text), f.numerator <= f.denominator {
                        target.min = f
                    } else {
                        issues.append(at(v, file: file, field: "\(label).min", message: tr("pol.notShare", ["value": text])))
                        ok = false
                    }
                case "at_least":
                    sawAtLeast = true
                    if let n = integer(v, key: "\(label).at_least", file: file, range: 0...100_000_000, issues: &issues) {
                        target.atLeast = n
                    } else { ok = false }
                case "per_unit":
                    if let b = boolean(v, key: "\(label).per_unit", file: file, issues: &issues) { target.perUnit = b } else { ok = false }
                default:
                    issues.append(at(k, file: file, field: label, message: tr("pol.unknownTargetKey", ["name": name, "known": known])))
                    ok = false
                }
            }
            if sawMin == sawAtLeast {
                issues.append(at(item, file: file, field: label, message: sawMin
                                 ? tr("pol.minAndAtLeast") : tr("pol.minOrAtLeast")))
                ok = false
            }
            if list == "shares" && !sawOf {
                issues.append(at(item, file: file, field: label, message: tr("pol.needsOf")))
                ok = false
            }
            if ok, let first = targets.firstIndex(where: { $0.sameSet(as: target) }) {
                let same = targets[first].atLeast == target.atLeast
                    && targets[first].min.numerator * target.min.denominator == target.min.numerator * targets[first].min.denominator
                issues.append(at(item, file: file, field: label,
                                 message: same ? tr("pol.sameTarget", ["first": "\(list)[\(positions[first])]", "line": String(targets[first].line)])
                                               : tr("pol.samePosts", ["first": "\(list)[\(positions[first])]", "line": String(targets[first].line),
                                                                      "key": target.atLeast == nil ? "min" : "at_least"])))
                ok = false
            }
            if ok {
                targets.append(target)
                positions.append(i + 1)
            }
        }
        return targets
    }

    // MARK: scalar helpers

    static func at(_ node: Node, file: String, field: String? = nil, message: String) -> InputIssue {
        at(node.mark, file: file, field: field, message: message)
    }

    static func at(_ mark: Mark?, file: String, field: String? = nil, message: String) -> InputIssue {
        InputIssue(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, field: field, message: message)
    }

    static func isNull(_ node: Node) -> Bool {
        guard let s = node.scalar else { return false }
        return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    static func integer(_ node: Node, key: String, file: String, range: ClosedRange<Int>, issues: inout [InputIssue]) -> Int? {
        guard let s = node.scalar?.string.trimmingCharacters(in: .whitespaces), let v = Int(s) else {
            issues.append(at(node, file: file, field: key, message: tr("pol.expectedWhole", ["found": node.scalar?.string ?? tr("pol.aListOrMapping")])))
            return nil
        }
        guard range.contains(v) else {
            issues.append(at(node, file: file, field: key, message: tr("pol.outside", ["v": String(v), "low": String(range.lowerBound), "high": String(range.upperBound)])))
            return nil
        }
        return v
    }

    static func real(_ node: Node, key: String, file: String, issues: inout [InputIssue]) -> Double? {
        guard let s = node.scalar?.string.trimmingCharacters(in: .whitespaces), let v = Double(s), v.isFinite,
              abs(v) <= 1e9 else {
            issues.append(at(node, file: file, field: key, message: tr("pol.expectedNumber", ["found": node.scalar?.string ?? tr("pol.aListOrMapping")])))
            return nil
        }
        return v
    }

    static func boolean(_ node: Node, key: String, file: String, issues: inout [InputIssue]) -> Bool? {
        switch node.scalar?.string.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default:
            issues.append(at(node, file: file, field: key, message: tr("pol.expectedBool", ["found": node.scalar?.string ?? tr("pol.aListOrMapping")])))
            return nil
        }
    }

    static func submapping(_ node: Node, key: String, file: String, issues: inout [InputIssue]) -> [(Node, Node)] {
        if isNull(node) { return [] }
        guard let m = node.mapping else {
            issues.append(at(node, file: file, field: key, message: tr("pol.expectedMapping", ["key": key])))
            return []
        }
        return m.map { ($0.key, $0.value) }
    }

    /// ` (did you mean 'x'?)` when a known word is within two edits of `word`.
    public static func suggestion(for word: String, among known: [String]) -> String {
        let best = known.map { ($0, editDistance($0, word)) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= 2 else { return "" }
        return " (did you mean '\(best.0)'?)"
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var prev = row[0]
            row[0] = i
            for j in 1...b.count {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return row[b.count]
    }
}

extension Node.Mapping {
    /// The value under a plain string key.
    func value(for key: String) -> Node? {
        first { $0.key.string == key }?.value
    }
}
