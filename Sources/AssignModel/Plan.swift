import Foundation

/// Outcome of a solve as written in a plan file (SPEC §8).
public enum PlanStatus: String, Sendable, Codable {
    case optimal, feasible, infeasible
    case noPlan = "no_plan"
}

/// One post's new holder.
public struct Assignment: Sendable, Equatable {
    public var post: String
    public var cadre: String
    public var type: MoveType
    public var crossBlock: Bool
    public var cost: Double
    public var reasons: [String]
    /// The joint group of the post (SPEC §11.1), nil for a post of no group; the group's cost is on
    /// its first post and 0 on the others.
    public var joint: String?

    public init(post: String, cadre: String, type: MoveType, crossBlock: Bool, cost: Double, reasons: [String],
                joint: String? = nil) {
        self.post = post
        self.cadre = cadre
        self.type = type
        self.crossBlock = crossBlock
        self.cost = cost
        self.reasons = reasons
        self.joint = joint
    }
}

/// A cadre who holds a post now and gets none, with why.
public struct Release: Sendable, Equatable {
    public var cadre: String
    public var previousPost: String
    public var reasons: [String]

    public init(cadre: String, previousPost: String, reasons: [String]) {
        self.cadre = cadre
        self.previousPost = previousPost
        self.reasons = reasons
    }
}

/// One phase of a phased plan (SPEC §11.5): every post's holder at that phase, the moves made then
/// (type, cross-block and cost on their entries; `stay`, false and 0 on the others), the releases
/// and the retirements of that phase.
public struct PlanPhase: Sendable, Equatable {
    public var year: Int
    /// One per post, by post id (`IdentifierOrder`).
    public var assignments: [Assignment]
    /// Ids of the cadres released at this phase, by id.
    public var released: [String]
    /// The same releases with reasons.
    public var releases: [Release]
    /// Ids of the cadres who held a group at the previous phase (now, for the first) and retire in
    /// this phase's year, by id.
    public var retired: [String]

    public init(year: Int, assignments: [Assignment], released: [String], releases: [Release], retired: [String]) {
        self.year = year
        self.assignments = assignments
        self.released = released
        self.releases = releases
        self.retired = retired
    }
}

/// A proposed plan (SPEC §8).
public struct Plan: Sendable {
    public var status: PlanStatus
    public var objective: Double?
    public var bound: Double?
    /// One per post, by post id (`IdentifierOrder`), whatever the row order of the files.
    public var assignments: [Assignment]
    /// Ids of released cadres, by id (`IdentifierOrder`).
    public var released: [String]
    /// The same releases with reasons.
    public var releases: [Release]
    /// Solver figures, in insertion order.
    public var stats: [(String, JSON)]
    /// The phases of a phased plan (SPEC §11.5), in year order; nil for a plan of one phase, which
    /// states `assignments` and `released` instead (both empty on a phased plan).
    public var phases: [PlanPhase]?

    /// Whether this is a phased plan (SPEC §11.5).
    public var isPhased: Bool { phases != nil }

    public init(status: PlanStatus, objective: Double?, bound: Double?, assignments: [Assignment],
                released: [String], releases: [Release], stats: [(String, JSON)]) {
        self.status = status
        self.objective = objective
        self.bound = bound
        self.assignments = assignments
        self.released = released
        self.releases = releases
        self.stats = stats
    }

    /// An assignment as JSON, keys in SPEC order.
    static func json(_ a: Assignment) -> JSON {
        .object([
            ("post", .string(a.post)), ("cadre", .string(a.cadre)), ("type", .string(a.type.rawValue)),
            ("cross_block", .bool(a.crossBlock)), ("cost", .number(a.cost)),
        ] + (a.joint.map { [("joint", JSON.string($0))] } ?? []) + [
            ("reasons", .array(a.reasons.map(JSON.string))),
        ])
    }

    /// Releases with their reasons as JSON.
    static func json(_ releases: [Release]) -> JSON {
        .array(releases.map { r in
            .object([("cadre", .string(r.cadre)), ("previous_post", .string(r.previousPost)),
                     ("reasons", .array(r.reasons.map(JSON.string)))])
        })
    }

    /// The plan as JSON, keys in SPEC order (a phased plan: `phases` instead of `assignments` and `released`).
    public var json: JSON {
        if let phases {
            return .object([
                ("status", .string(status.rawValue)),
                ("objective", objective.map(JSON.number) ?? .null),
                ("bound", bound.map(JSON.number) ?? .null),
                ("phases", .array(phases.map { phase in
                    .object([
                        ("year", .int(phase.year)),
                        ("assignments", .array(phase.assignments.map(Plan.json))),
                        ("released", .array(phase.released.map(JSON.string))),
                        ("releases", Plan.json(phase.releases)),
                        ("retired", .array(phase.retired.map(JSON.string))),
                    ])
                })),
                ("stats", .object(stats)),
            ])
        }
        return .object([
            ("status", .string(status.rawValue)),
            ("objective", objective.map(JSON.number) ?? .null),
            ("bound", bound.map(JSON.number) ?? .null),
            ("assignments", .array(assignments.map(Plan.json))),
            ("released", .array(released.map(JSON.string))),
            ("releases", Plan.json(releases)),
            ("stats", .object(stats)),
        ])
    }

    /// Reads a plan file; throws `InputErrors` naming the file and what is wrong.
    public static func read(_ url: URL) throws -> Plan {
        let file = url.lastPathComponent
        guard let data = try? Data(contentsOf: url) else {
            throw InputErrors([InputIssue(file: url.path, message: FileManager.default.fileExists(atPath: url.path) ? tr("pol.cannotRead") : tr("pol.notFound"))])
        }
        return try parse(data, file: file)
    }

    /// Parses plan JSON; see `read`.
    public static func parse(_ data: Data, file: String) throws -> Plan {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw InputErrors([InputIssue(file: file, message: tr("plan.notJSON", ["why": "\((error as NSError).userInfo["NSDebugDescription"] ?? error.localizedDescription)"]))])
        }
        var issues: [InputIssue] = []
        func fail(_ field: String, _ message: String) { issues.append(InputIssue(file: file, field: field, message: message)) }
        guard let obj = root as? [String: Any] else { throw InputErrors([InputIssue(file: file, message: tr("plan.notObject"))]) }
        let status = (obj["status"] as? String).flatMap(PlanStatus.init(rawValue:))
        if status == nil { fail("status", tr("plan.status")) }
        func number(_ v: Any?) -> Double? { (v as? NSNumber).map { $0.doubleValue } }
        func assignmentList(_ list: [Any], field prefix: String) -> [Assignment] {
            var assignments: [Assignment] = []
            for (i, item) in list.enumerated() {
                let field = "\(prefix)[\(i)]"
                guard let a = item as? [String: Any], let post = a["post"] as? String, let cadre = a["cadre"] as? String else {
                    fail(field, tr("plan.assignment"))
                    continue
                }
                let type = (a["type"] as? String).flatMap(MoveType.init(rawValue:))
                if a["type"] != nil && type == nil { fail("\(field).type", tr("plan.type")) }
                if a["joint"] != nil && !(a["joint"] is String) { fail("\(field).joint", tr("plan.string")) }
                assignments.append(Assignment(post: post, cadre: cadre, type: type ?? .stay,
                                              crossBlock: (a["cross_block"] as? Bool) ?? false,
                                              cost: number(a["cost"]) ?? .nan,
                                              reasons: (a["reasons"] as? [String]) ?? [], joint: a["joint"] as? String))
            }
            return assignments
        }
        func ids(_ value: Any?, field: String) -> [String] {
            if value != nil && !(value is [String]) { fail(field, tr("plan.released")) }
            return value as? [String] ?? []
        }
        // A phased plan (SPEC §11.5): `phases` instead of `assignments` and `released`.
        if let rawPhases = obj["phases"] {
            var phases: [PlanPhase] = []
            if let list = rawPhases as? [Any] {
                for (i, item) in list.enumerated() {
                    let field = "phases[\(i)]"
                    guard let p = item as? [String: Any], let year = (p["year"] as? NSNumber)?.intValue else {
                        fail(field, tr("plan.phase"))
                        continue
                    }
                    let assignments = (p["assignments"] as? [Any]).map { assignmentList($0, field: "\(field).assignments") } ?? []
                    if !(p["assignments"] is [Any]) { fail("\(field).assignments", tr("plan.list")) }
                    phases.append(PlanPhase(year: year, assignments: assignments, released: ids(p["released"], field: "\(field).released"),
                                            releases: [], retired: ids(p["retired"], field: "\(field).retired")))
                }
            } else {
                fail("phases", tr("plan.phases"))
            }
            if obj["assignments"] != nil { fail("assignments", tr("plan.phasesAndAssignments")) }
            if !issues.isEmpty { throw InputErrors(issues) }
            var plan = Plan(status: status!, objective: number(obj["objective"]), bound: number(obj["bound"]),
                            assignments: [], released: [], releases: [], stats: [])
            plan.phases = phases
            return plan
        }
        var assignments: [Assignment] = []
        if let list = obj["assignments"] as? [Any] {
            assignments = assignmentList(list, field: "assignments")
        } else if status == .optimal || status == .feasible {
            fail("assignments", tr("plan.list"))
        }
        let released = ids(obj["released"], field: "released")
        if !issues.isEmpty { throw InputErrors(issues) }
        return Plan(status: status!, objective: number(obj["objective"]), bound: number(obj["bound"]),
                    assignments: assignments, released: released, releases: [], stats: [])
    }
}
