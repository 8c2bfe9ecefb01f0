import AssignModel
import Foundation
import GRDB
import Solver
import ZIPFoundation

/// What the workbench does for its page and API (issue 15): imports instances into the store,
/// solves variants with the changes a committee asks for, and keeps every result.
///
/// One solve runs at a time (a serial queue): the machine's cores go to it, and GLPK sees one
/// problem per thread. Instances are read once from the store's copy and kept in memory, so a
/// re-solve after one change pays for the solve only.
public final class Workbench: @unchecked Sendable {
    public let store: WorkbenchStore
    /// Time limit of one solve, seconds.
    public let timeLimit: Double
    private let solves = DispatchQueue(label: "workbench.solves")
    private let lock = NSLock()
    private var instances: [Int64: Instance] = [:]
    /// Plans reworded in another language than stored, by variant (`plan(of:in:)`).
    private var reworded: [Int64: [Language: String]] = [:]

    public init(store: WorkbenchStore, timeLimit: Double = 120) {
        self.store = store
        self.timeLimit = timeLimit
    }

    /// A problem the caller can fix: HTTP 4xx with these messages (located like the CLI's).
    public struct Refusal: Error {
        public var status: Int
        public var messages: [String]
        public init(_ status: Int, _ messages: [String]) { self.status = status; self.messages = messages }
    }

    // MARK: instances

    /// Imports the instance at `path` (a folder of CSV files, or an .xlsx/.ods workbook with its
    /// policy.yaml beside it or inside): validated first, then its files copied into the store.
    public func importInstance(path: String, name: String? = nil, source: String? = nil) throws -> InstanceRecord {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let instance: Instance
        do {
            instance = WorkbookReader.isWorkbook(url) ? try WorkbookReader.read(url) : try InstanceReader.read(directory: url)
        } catch let errors as InputErrors {
            throw Refusal(422, errors.issues.map(\.description))
        }
        var files: [(String, URL)] = []
        if WorkbookReader.isWorkbook(url) {
            files.append(("book." + url.pathExtension.lowercased(), url))
            let policy = url.deletingLastPathComponent().appendingPathComponent("policy.yaml")
            if FileManager.default.fileExists(atPath: policy.path) { files.append(("policy.yaml", policy)) }
        } else {
            for file in InstanceReader.requiredFiles + InstanceReader.optionalFiles {
                let source = url.appendingPathComponent(file)
                if FileManager.default.fileExists(atPath: source.path) { files.append((file, source)) }
            }
        }
        var record = InstanceRecord(id: nil, name: name ?? url.lastPathComponent, source: source ?? url.path, created: Date())
        try store.pool.write { db in try record.insert(db) }
        let folder = store.instanceFolder(record.id!)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (file, source) in files {
                try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent(file))
            }
        } catch {
            _ = try? store.pool.write { db in try record.delete(db) }
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        remember(record.id!, instance)
        return record
    }

    /// Largest upload, bytes; and largest file unpacked from an uploaded zip.
    public static let maxUploadBytes = 50 << 20
    static let maxUnzippedBytes: UInt64 = 64 << 20

    /// Imports an uploaded instance: an .xlsx or .ods workbook, or a .zip of the CSV files and
    /// policy.yaml (folders inside it are ignored; only the instance's own file names are taken).
    public func importUpload(_ data: Data, filename: String) throws -> InstanceRecord {
        let name = (filename as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension.lowercased()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("plan-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stem = (name as NSString).deletingPathExtension
        switch ext {
        case "xlsx", "ods":
            let book = scratch.appendingPathComponent("book.\(ext)")
            try data.write(to: book)
            return try importInstance(path: book.path, name: stem.isEmpty ? name : stem, source: name)
        case "zip":
            let archive: Archive
            do { archive = try Archive(data: data, accessMode: .read) } catch { throw Refusal(422, ["\(name): not a zip file"]) }
            let wanted = Set(InstanceReader.requiredFiles + InstanceReader.optionalFiles)
            var found = Set<String>()
            for entry in archive where entry.type == .file {
                let file = (entry.path as NSString).lastPathComponent
                guard wanted.contains(file), !found.contains(file) else { continue }
                guard entry.uncompressedSize <= Self.maxUnzippedBytes else { throw Refusal(413, ["\(name): \(file) is too large"]) }
                var content = Data()
                _ = try archive.extract(entry) { content.append($0) }
                try content.write(to: scratch.appendingPathComponent(file))
                found.insert(file)
            }
            guard !found.isEmpty else { throw Refusal(422, ["\(name): holds none of \(wanted.sorted().joined(separator: ", "))"]) }
            return try importInstance(path: scratch.path, name: stem, source: name)
        default:
            throw Refusal(422, ["\(name): upload an .xlsx or .ods workbook, or a .zip of the instance's CSV files and policy.yaml"])
        }
    }

    public func instanceRecords() throws -> [InstanceRecord] {
        try store.pool.read { db in try InstanceRecord.order(Column("id")).fetchAll(db) }
    }

    public func instanceRecord(_ id: Int64) throws -> InstanceRecord {
        guard let record = try store.pool.read({ db in try InstanceRecord.fetchOne(db, key: id) }) else {
            throw Refusal(404, ["no instance \(id)"])
        }
        return record
    }

    /// The instance stored as `id`, read from the store's copy once and kept.
    public func instance(_ id: Int64) throws -> Instance {
        lock.lock()
        if let known = instances[id] { lock.unlock(); return known }
        lock.unlock()
        _ = try instanceRecord(id)
        let folder = store.instanceFolder(id)
        let book = ["xlsx", "ods"].map { folder.appendingPathComponent("book.\($0)") }
            .first { FileManager.default.fileExists(atPath: $0.path) }
        do {
            let instance = try book.map(WorkbookReader.read) ?? InstanceReader.read(directory: folder)
            remember(id, instance)
            return instance
        } catch let errors as InputErrors {
            throw Refusal(500, errors.issues.map(\.description))
        }
    }

    private func remember(_ id: Int64, _ instance: Instance) {
        lock.lock()
        instances[id] = instance
        lock.unlock()
    }

    // MARK: variants

    /// The changes of one solve: fix and forbid pins, policy overrides, and the variant to keep close to.
    public struct Changes: Sendable {
        public var fix: [(cadre: String, post: String)] = []
        public var forbid: [(cadre: String, post: String)] = []
        /// Verified suggestions of a diagnosis to apply, by their key (`max_moves`, `min_moves.down`,
        /// `shares[2].at_least`) and value: keys inside a mapping or a share target included.
        public var suggestions: [(key: String, value: Double)] = []
        /// Pins of the instance's pins.csv to leave out for this solve (a diagnosis's pin removal).
        public var unpin: [(cadre: String, post: String)] = []
        /// Policy keys and their values, as JSON text (JSON is YAML flow syntax).
        public var policy: [(key: String, value: String)] = []
        public var keep: Int64?
        public init() {}

        /// Reads `{"fix": [[cadre, post]], "forbid": [...], "policy": {...}, "keep": id}`.
        public init(json object: [String: Any]) throws {
            var problems: [String] = []
            func pairs(_ key: String) -> [(cadre: String, post: String)] {
                guard let value = object[key] else { return [] }
                guard let list = value as? [Any] else { problems.append("\(key): expected a list of [cadre, post]"); return [] }
                return list.compactMap { item in
                    guard let pair = item as? [Any], pair.count == 2, let c = pair[0] as? String, let p = pair[1] as? String else {
                        problems.append("\(key): expected [cadre, post], found \(item)")
                        return nil
                    }
                    return (c, p)
                }
            }
            fix = pairs("fix")
            forbid = pairs("forbid")
            unpin = pairs("unpin")
            if let value = object["suggestions"] {
                if let list = value as? [Any] {
                    for item in list {
                        if let m = item as? [String: Any], let key = m["key"] as? String, let v = m["value"] as? Double {
                            suggestions.append((key, v))
                        } else { problems.append("suggestions: expected {\"key\": …, \"value\": …}, found \(item)") }
                    }
                } else { problems.append("suggestions: expected a list") }
            }
            if let value = object["policy"] {
                if let map = value as? [String: Any] {
                    for key in map.keys.sorted() {
                        let data = try JSONSerialization.data(withJSONObject: [map[key]!], options: [.fragmentsAllowed, .sortedKeys])
                        let text = String(decoding: data, as: UTF8.self)
                        policy.append((key, String(text.dropFirst().dropLast())))
                    }
                } else if !(value is NSNull) { problems.append("policy: expected an object of policy keys") }
            }
            if let value = object["keep"], !(value is NSNull) {
                if let n = value as? Int { keep = Int64(n) } else { problems.append("keep: expected a variant id") }
            }
            if !problems.isEmpty { throw Refusal(422, problems) }
        }

        /// The changes as stored with a variant.
        public var json: [String: Any] {
            var out: [String: Any] = ["fix": fix.map { [$0.cadre, $0.post] }, "forbid": forbid.map { [$0.cadre, $0.post] }]
            if !unpin.isEmpty { out["unpin"] = unpin.map { [$0.cadre, $0.post] } }
            if !suggestions.isEmpty { out["suggestions"] = suggestions.map { ["key": $0.key, "value": $0.value] } }
            var policyObject: [String: Any] = [:]
            for (key, value) in policy {
                policyObject[key] = (try? JSONSerialization.jsonObject(with: Data(value.utf8), options: [.fragmentsAllowed])) ?? value
            }
            out["policy"] = policyObject
            if let keep { out["keep"] = keep }
            return out
        }

        /// Applies a diagnosis's verified suggestion by its key, as `plan solve --diagnosis` names it,
        /// to `policy`: `min_moves.T`; a share target's `NAME.at_least` or `NAME.min` (a top-level
        /// target or a phase's, by its name); a phase's `phases[i].max_moves`,
        /// `phases[i].max_arrivals_per_unit` and `phases[i].min_moves.T`. False for any other key.
        ///
        /// A `min` comes as a number k/D, D the posts of the target's set (per unit: of its largest
        /// unit, as the diagnosis counts them); it is set as that fraction, its need k recovered as
        /// ⌈value·D⌉ (the diagnosis's value is exact, or cut to four places below it for a phase's target).
        static func apply(suggestion key: String, _ value: Double, to policy: inout Policy, grouped: Instance) -> Bool {
            let whole = Int(exactly: value.rounded()) ?? 0
            if key.hasPrefix("min_moves."), let type = MoveType(rawValue: String(key.dropFirst("min_moves.".count))) {
                policy.minMoves[type] = whole
                return true
            }
            for suffix in [".at_least", ".min"] where key.hasSuffix(suffix) {
                let name = String(key.dropLast(suffix.count))
                func update(_ t: inout ShareTarget) -> Bool {
                    if suffix == ".at_least" { t.atLeast = whole; return true }
                    let size = t.groups(t.posts(in: grouped), in: grouped).map { t.size($0, in: grouped) }.max() ?? 0
                    guard size > 0, value.isFinite, value >= 0, value <= 1 else { return false }
                    t.min = Fraction(numerator: Int((value * Double(size) - 1e-6).rounded(.up)), denominator: size)
                    return true
                }
                if let i = policy.shareTargets.indices.first(where: { i in
                    (policy.shareTargets[i].name.isEmpty ? "non_local_share[\(i + 1)]" : policy.shareTargets[i].name) == name
                }) {
                    return update(&policy.shareTargets[i])
                }
                for t in policy.phases.indices {
                    if let j = policy.phases[t].shareTargets.indices.first(where: { policy.phases[t].shareTargets[$0].name == name }) {
                        return update(&policy.phases[t].shareTargets[j])
                    }
                }
                return false
            }
            if let t = policy.phases.indices.first(where: { key.hasPrefix(policy.phases[$0].name + ".") }) {
                let rest = String(key.dropFirst(policy.phases[t].name.count + 1))
                switch rest {
                case "max_moves": policy.phases[t].maxMoves = whole
                case "max_arrivals_per_unit": policy.phases[t].maxArrivalsPerUnit = whole
                default:
                    guard rest.hasPrefix("min_moves."), let type = MoveType(rawValue: String(rest.dropFirst("min_moves.".count))) else { return false }
                    policy.phases[t].minMoves[type] = whole
                }
                return true
            }
            return false
        }

        /// `instance` with these changes, validated like the files: each problem names the change.
        public func apply(to instance: Instance) throws -> Instance {
            var instance = instance
            var issues: [InputIssue] = []
            for (key, value) in policy {
                if key == "year" { issues.append(InputIssue(file: "policy.year", message: tr("msg.setYear"))); continue }
                instance.setPolicy(key, value, file: "policy.\(key)", expecting: "KEY: VALUE", issues: &issues)
            }
            for (key, value) in suggestions {
                let file = "suggestions.\(key)"
                let whole = Int(exactly: value.rounded()) ?? 0
                if !key.contains(".") && !key.contains("[") {
                    // A top-level policy number, as a policy override.
                    instance.setPolicy(key, value == value.rounded() ? String(whole) : "\(value)", file: file, expecting: "KEY: VALUE", issues: &issues)
                } else if !Self.apply(suggestion: key, value, to: &instance.policy, grouped: instance.grouped()) {
                    issues.append(InputIssue(file: file, message: tr("wb.cannotApply", ["key": key])))
                }
            }
            for (c, p) in unpin {
                let before = instance.pins.count
                let cadres = instance.cadres, posts = instance.posts
                instance.pins.removeAll { cadres[$0.cadre].id == c && posts[$0.post].id == p }
                if instance.pins.count == before {
                    issues.append(InputIssue(file: "unpin [\(c), \(p)]", message: tr("wb.noSuchPin", ["cadre": c, "post": p])))
                }
            }
            for (action, list) in [(PinAction.fix, fix), (.forbid, forbid)] {
                for (c, p) in list { instance.addPin(action, cadre: c, post: p, file: "\(action.rawValue) [\(c), \(p)]", issues: &issues) }
            }
            if !issues.isEmpty { throw Refusal(422, issues.map(\.description)) }
            return instance
        }
    }

    /// Solves instance `instanceId` with `changes` and stores the variant (written `solving`
    /// first, completed after): its plan, or its diagnosis when no plan keeps every rule.
    public func solve(instanceId: Int64, changes: Changes, author: String = "", note: String = "") async throws -> VariantRecord {
        let base = try instance(instanceId)
        let changed = try changes.apply(to: base)
        var keepPlan: Plan?
        if let keep = changes.keep {
            let earlier = try variant(keep)
            guard earlier.instanceId == instanceId, let text = earlier.plan else {
                throw Refusal(422, ["keep: variant \(keep) has no plan of this instance"])
            }
            keepPlan = try Plan.parse(Data(text.utf8), file: "variant \(keep)")
        }
        var record = VariantRecord(id: nil, instanceId: instanceId, parentId: changes.keep, author: author, note: note, stage: "draft",
                                   changes: Self.text(changes.json), status: "solving", objective: nil, seconds: 0, plan: nil,
                                   diagnosis: nil, created: Date())
        record = try await store.pool.write { [record] db in
            var inserted = record
            try inserted.insert(db)
            return inserted
        }
        let limit = timeLimit, started = record, kept = keepPlan
        let finished: VariantRecord = await withCheckedContinuation { continuation in
            solves.async {
                continuation.resume(returning: Self.run(changed, keep: kept, timeLimit: limit, into: started))
            }
        }
        try await store.pool.write { db in try finished.update(db) }
        return finished
    }

    /// The solve itself (on the solves queue): plan checked independently before it is kept.
    static func run(_ instance: Instance, keep: Plan?, timeLimit: Double, into record: VariantRecord) -> VariantRecord {
        var record = record
        let started = Date()
        var options = SolveOptions(timeLimit: timeLimit)
        if instance.policy.isPhased {
            // A phased earlier plan of the same phases: its holdings at each phase.
            if let phases = keep?.phases, phases.map(\.year) == instance.policy.phases.map(\.year) {
                options.keepPhases = phases.map { $0.assignments.map { ($0.cadre, $0.post) } }
            }
        } else {
            options.keep = keep?.assignments.map { ($0.cadre, $0.post) }
        }
        let report = PlanSolver.solve(instance, options: options)
        switch report.status {
        case .optimal, .feasible:
            if let plan = report.plan {
                let check = PlanChecker.check(plan, against: instance)
                if check.isValid {
                    record.status = report.status == .optimal ? "optimal" : "feasible"
                    record.objective = plan.objective
                    record.plan = plan.json.serialized()
                    record.language = Language.current.rawValue
                } else {
                    record.status = "failed"
                    record.diagnosis = text(["error": "the plan fails the independent check", "violations": check.violations.map { "\($0)" }])
                }
            } else {
                record.status = "no_plan"
            }
        case .infeasible:
            record.status = "infeasible"
            let left = max(1, timeLimit - Date().timeIntervalSince(started))
            let diagnosis = Diagnoser.diagnose(instance, options: SolveOptions(timeLimit: left))
            // The JSON of `plan solve --diagnosis`, with its text in the server's language for the page.
            if case .object(var pairs) = diagnosis.json {
                pairs.append(("text", .string(diagnosis.text)))
                record.diagnosis = JSON.object(pairs).serialized()
            }
        case .noSolution:
            record.status = "no_plan"
        case .failed(let why):
            record.status = "failed"
            record.diagnosis = text(["error": why])
        }
        record.seconds = Date().timeIntervalSince(started)
        return record
    }

    /// Up to `count` alternative plans (`solve --alternatives`): the first optimal, each next the best
    /// that differs from every earlier one in at least `minDiff` posts; each stored as a variant
    /// (checked first), noted "alternative k of K".
    public func alternatives(instanceId: Int64, changes: Changes, count: Int, minDiff: Int, author: String = "") async throws -> [VariantRecord] {
        guard (1...20).contains(count), minDiff >= 1 else { throw Refusal(422, ["count: 1–20; minDiff: at least 1"]) }
        let changed = try changes.apply(to: try instance(instanceId))
        let limit = timeLimit
        let reports: [(SolveReport, Double)] = await withCheckedContinuation { continuation in
            solves.async {
                let started = Date()
                var options = SolveOptions(timeLimit: limit)
                options.progress = nil
                let reports = PlanSolver.alternatives(changed, count: count, minDiff: minDiff, options: options)
                let seconds = Date().timeIntervalSince(started) / Double(max(1, reports.count))
                continuation.resume(returning: reports.map { ($0, seconds) })
            }
        }
        var out: [VariantRecord] = []
        let planned = reports.filter { $0.0.plan != nil }
        for (k, (report, seconds)) in planned.enumerated() {
            let plan = report.plan!
            let check = PlanChecker.check(plan, against: changed)
            guard check.isValid else { continue }
            var record = VariantRecord(id: nil, instanceId: instanceId, parentId: out.first?.id, author: author,
                                       note: tr("wb.alternative", ["k": String(k + 1), "n": String(planned.count)]), stage: "draft",
                                       changes: Self.text(changes.json), status: report.status == .optimal ? "optimal" : "feasible",
                                       objective: plan.objective, seconds: seconds, plan: plan.json.serialized(), diagnosis: nil, created: Date())
            record = try await store.pool.write { [record] db in
                var inserted = record
                try inserted.insert(db)
                return inserted
            }
            out.append(record)
        }
        if out.isEmpty { throw Refusal(422, [tr("cli.infeasible.alternatives")]) }
        return out
    }

    public func variant(_ id: Int64) throws -> VariantRecord {
        guard let record = try store.pool.read({ db in try VariantRecord.fetchOne(db, key: id) }) else {
            throw Refusal(404, ["no variant \(id)"])
        }
        return record
    }

    /// The stored plan of `record` with its reasons written in `language` (a solve writes them in the
    /// server's language); the stored text when the plan is phased or cannot be reworded.
    /// Reworded plans are kept (a few dozen, by variant and language): rewording a 3,000-post plan
    /// takes about 0.2 s, and the page asks again at every view and language switch.
    public func plan(of record: VariantRecord, in language: Language) throws -> String? {
        guard let text = record.plan, let id = record.id, record.language != language.rawValue else { return record.plan }
        lock.lock()
        let known = reworded[id]?[language]
        lock.unlock()
        if let known { return known }
        let plan = try Plan.parseWithReleaseReasons(Data(text.utf8), file: "variant \(id)")
        guard !plan.isPhased else { return text }
        let object = (try? JSONSerialization.jsonObject(with: Data(record.changes.utf8))) as? [String: Any] ?? [:]
        let instance = try Changes(json: object).apply(to: try self.instance(record.instanceId))
        let out = Language.$override.withValue(language) { PlanSolver.reworded(plan, instance: instance) }?.json.serialized() ?? text
        lock.lock()
        if reworded.count >= 64 { reworded.removeAll() }
        reworded[id, default: [:]][language] = out
        lock.unlock()
        return out
    }

    public func variants(of instanceId: Int64) throws -> [VariantRecord] {
        _ = try instanceRecord(instanceId)
        return try store.pool.read { db in
            try VariantRecord.filter(Column("instanceId") == instanceId).order(Column("id")).fetchAll(db)
        }
    }

    /// Sets a variant's committee step and note.
    public func annotate(_ id: Int64, stage: String?, note: String?) throws -> VariantRecord {
        var record = try variant(id)
        if let stage {
            guard VariantRecord.stages.contains(stage) else { throw Refusal(422, ["stage: one of \(VariantRecord.stages.joined(separator: ", "))"]) }
            record.stage = stage
        }
        if let note { record.note = note }
        try store.pool.write { db in try record.update(db) }
        return record
    }

    /// JSON text of a JSONSerialization value, keys sorted.
    static func text(_ object: Any) -> String {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
