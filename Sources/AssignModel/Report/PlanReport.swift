import Foundation

/// Everything a personnel committee reads about one plan, computed from the plan and the instance.
///
/// The report never trusts the plan file: move types, counts, shares and releases are recomputed
/// from the plan's (post, cadre) pairs and the instance, and `PlanChecker` runs on the plan so that
/// any broken rule is shown first. `HTMLReport` and `MarkdownReport` (module PlanReports) render this value through templates.
public struct PlanReport: Sendable {
    /// A cadre as the report names them.
    public struct Person: Sendable, Equatable {
        public var id: String
        public var name: String

        /// `Name (ID)`, or the id alone for a cadre the instance does not know.
        public var label: String { name.isEmpty ? id : "\(name) (\(id))" }
    }

    /// The figures at the top of the report.
    public struct Summary: Sendable {
        public var status: PlanStatus
        /// The objective the plan file states.
        public var objective: Double?
        public var bound: Double?
        /// The objective recomputed from the plan's pairs (SPEC §7).
        public var recomputedObjective: Double
        public var planYear: Int
        public var posts: Int
        public var cadres: Int
        public var units: Int
        /// Assignments per move type, recomputed from the pairs.
        public var byType: [MoveType: Int]
        public var crossBlock: Int
        /// Cadres who hold a post now, are not retiring and get none in the plan.
        public var releases: Int
        /// Cadres who reach retirement age by the plan year (not counted as releases).
        public var retiring: Int
        /// Assignments other than stay, plus releases (what C6 caps).
        public var moves: Int
        /// Units where at least one post changes holder.
        public var changedUnits: Int
    }

    /// One post of a unit: who holds it now and who holds it in the plan.
    public struct PostRow: Sendable {
        public var post: String
        public var title: String
        public var rank: Rank
        public var block: Block
        public var key: Bool
        public var restricted: Bool
        /// Holder now; nil for a vacant post.
        public var before: Person?
        /// Where the holder now goes when they do not keep this post: a post, "released" or "retiring".
        public var beforeGoesTo: String?
        /// Holder in the plan; nil when the plan leaves the post empty (a C1 violation).
        public var after: Person?
        /// Where the new holder comes from when they move (their post or the reserve, and unit).
        public var afterComesFrom: String?
        /// Move type, recomputed from the instance; nil for an empty post.
        public var type: MoveType?
        public var crossBlock: Bool
        public var cost: Double?
        public var reasons: [String]

        /// Whether the post changes holder.
        public var changed: Bool { before?.id != after?.id }
    }

    /// A unit and its posts.
    public struct UnitSection: Sendable {
        public var id: String
        public var name: String
        public var level: Level
        public var weak: Bool
        public var rows: [PostRow]
        /// Posts of the unit given to cadres from other units.
        public var arrivals: Int
        /// Cadres working in the unit now who leave it (to another unit or released).
        public var departures: Int

        /// Whether any post of the unit changes holder.
        public var changed: Bool { rows.contains { $0.changed } }
    }

    /// How a cadre who must leave (term limit, E3) is dealt with.
    public enum Resolution: Sendable, Equatable {
        /// Moved to a post in another unit.
        case moved(post: String, title: String, unit: String, unitName: String, type: MoveType)
        /// Gets no post.
        case released
        /// Reaches retirement age: takes no post.
        case retiring
        /// Still holds a post in the same unit: the plan breaks E3.
        case stillInUnit(post: String)
    }

    /// A cadre whose tenure reached the limit of the post held now.
    public struct TermLimitCase: Sendable {
        public var cadre: Person
        public var post: String
        public var title: String
        public var unit: String
        public var unitName: String
        public var tenure: Int
        public var limit: Int
        public var resolution: Resolution

        /// Whether the plan keeps the term limit for this cadre.
        public var ok: Bool {
            if case .stillInUnit = resolution { return false }
            return true
        }
    }

    /// Arrivals in one unit against the cap (rule C5).
    public struct ArrivalRow: Sendable {
        public var unit: String
        public var unitName: String
        public var arrivals: Int
        public var cap: Int?
        public var ok: Bool { cap.map { arrivals <= $0 } ?? true }
    }

    /// A cadre who holds a post now and gets none.
    public struct ReleaseRow: Sendable {
        public var cadre: Person
        public var previousPost: String
        public var previousTitle: String
        public var unit: String
        public var unitName: String
        public var reasons: [String]
    }

    /// A cadre who reaches retirement age by the plan year.
    public struct RetiringRow: Sendable {
        public var cadre: Person
        public var age: Int
        /// Post held now, if any.
        public var post: String?
        public var title: String?
        public var unitName: String
    }

    /// The instance as the user named it (usually its directory).
    public var instanceName: String
    /// The plan file as the user named it.
    public var planName: String
    public var summary: Summary
    /// What `PlanChecker` found; empty when the plan keeps every rule.
    public var violations: [Violation]
    /// Names of the cadres the violations mention, by id.
    public var cadreNames: [String: String]
    /// Every unit in units.csv order.
    public var units: [UnitSection]
    /// C4 share targets, as the checker counts them.
    public var shareTargets: [ShareOutcome]
    public var termLimits: [TermLimitCase]
    public var arrivalCap: Int?
    /// Units receiving at least one cadre from another unit, in units.csv order.
    public var arrivals: [ArrivalRow]
    public var moveCap: Int?
    /// C7 quotas, as the checker counts them.
    public var quotas: [QuotaOutcome]
    /// C8: relations on relations.csv, and how many the plan keeps (relatives not in one unit).
    public var relations: Int
    public var relationsKept: Int
    public var releases: [ReleaseRow]
    public var retiring: [RetiringRow]
    /// Moves between units, the busiest units named and the others grouped by level.
    public var flows: FlowModel
    /// Moves between levels only.
    public var levelFlows: FlowModel

    /// Cadres who take a post other than their own (every type except stay), in posts.csv order.
    public var movedCadres: [Person] {
        units.flatMap(\.rows).filter { $0.type != nil && $0.type != .stay }.compactMap(\.after)
    }

    /// Builds the report of `plan` over `instance`; runs the independent checker on the plan.
    public init(plan: Plan, instance: Instance, instanceName: String = "", planName: String = "",
                maxNamedUnits: Int = FlowModel.defaultNamedUnits) {
        self.instanceName = instanceName
        self.planName = planName
        // Types, costs, facts and reasons are the solving side's, read on the grouped instance (one post
        // per joint group, SPEC §11.1; the instance itself when it has none): `group(p)` is p's post there.
        let solving = instance.grouped()
        func group(_ p: Int) -> Int { solving.joint?.groupOf[p] ?? p }
        let facts = solving.allFacts()
        let check = PlanChecker.check(plan, against: instance)
        violations = check.violations
        var names: [String: String] = [:]
        for id in check.violations.flatMap(\.cadres) {
            if let c = instance.cadreIndex[id] { names[id] = instance.cadres[c].name }
        }
        cadreNames = names

        // The plan's pairs, first occurrence winning (the checker reports doubles).
        var holderOf = [Int?](repeating: nil, count: instance.posts.count)
        var postOf = [Int?](repeating: nil, count: instance.cadres.count)
        var stated = [Assignment?](repeating: nil, count: instance.posts.count)
        var pairs: [(cadre: Int, post: Int)] = []
        for a in plan.assignments {
            guard let p = instance.postIndex[a.post], let c = instance.cadreIndex[a.cadre] else { continue }
            // The posts of one joint group go to one cadre; their first in plan order stands for the pair.
            guard holderOf[p] == nil, postOf[c].map({ group($0) == group(p) }) ?? true else { continue }
            holderOf[p] = c
            stated[p] = a
            if postOf[c] == nil {
                postOf[c] = p
                pairs.append((c, p))
            }
        }
        let groupPairs = pairs.map { (cadre: $0.cadre, post: group($0.post)) }
        let writer = ReasonWriter(instance: solving, facts: facts, pairs: groupPairs)

        func person(_ c: Int) -> Person { Person(id: instance.cadres[c].id, name: instance.cadres[c].name) }
        func postLabel(_ p: Int) -> String {
            let post = instance.posts[p], unit = instance.units[post.unit]
            return "\(post.id) \(post.title), \(unit.name)"
        }
        let outcome = check.outcome
        let released = outcome.released
        let releasedSet = Set(released)

        // Units and their posts.
        var postsOfUnit = [[Int]](repeating: [], count: instance.units.count)
        for (p, post) in instance.posts.enumerated() { postsOfUnit[post.unit].append(p) }
        let arrivalsOf = outcome.arrivals
        var departuresOf = [Int](repeating: 0, count: instance.units.count)
        for (c, cadre) in instance.cadres.enumerated() {
            if let p = postOf[c], instance.posts[p].unit != cadre.unit { departuresOf[cadre.unit] += 1 }
            if releasedSet.contains(c) { departuresOf[cadre.unit] += 1 }
        }
        var sections: [UnitSection] = []
        for (u, unit) in instance.units.enumerated() {
            var rows: [PostRow] = []
            for p in postsOfUnit[u] {
                let post = instance.posts[p]
                var row = PostRow(post: post.id, title: post.title, rank: post.rank, block: post.block, key: post.key,
                                  restricted: post.restricted, before: nil, beforeGoesTo: nil, after: nil,
                                  afterComesFrom: nil, type: nil, crossBlock: false, cost: nil, reasons: [])
                if let b = instance.holder[p] {
                    row.before = person(b)
                    if let q = postOf[b] {
                        if group(q) != group(p) { row.beforeGoesTo = postLabel(q) }
                    } else if facts[b].retiring {
                        row.beforeGoesTo = tr("report.retiringWord")
                    } else {
                        row.beforeGoesTo = tr("report.released")
                    }
                }
                if let c = holderOf[p] {
                    let cadre = instance.cadres[c]
                    let type = solving.moveType(cadre: c, post: group(p))
                    row.after = person(c)
                    row.type = type
                    row.crossBlock = solving.isCrossBlock(cadre: c, post: group(p))
                    // A joint group's cost stands on its first post (SPEC §11.1).
                    let first = solving.joint?.members[group(p)][0] ?? p
                    row.cost = first == p ? solving.cost(cadre: c, post: group(p)) : 0
                    let given = stated[p]?.reasons ?? []
                    row.reasons = given.isEmpty ? writer.reasons(cadre: c, post: group(p)) : given
                    if type != .stay {
                        row.afterComesFrom = cadre.post.map(postLabel) ?? tr("report.fromReserve", ["unit": instance.units[cadre.unit].name])
                    }
                }
                rows.append(row)
            }
            sections.append(UnitSection(id: unit.id, name: unit.name, level: unit.level, weak: unit.weak, rows: rows,
                                        arrivals: arrivalsOf[u], departures: departuresOf[u]))
        }
        units = sections

        let retiringCadres = outcome.retiring
        summary = Summary(status: plan.status, objective: plan.objective, bound: plan.bound,
                          recomputedObjective: check.objective, planYear: instance.policy.year,
                          posts: instance.posts.count, cadres: instance.cadres.count, units: instance.units.count,
                          byType: outcome.byType, crossBlock: outcome.crossBlock, releases: released.count,
                          retiring: retiringCadres.count, moves: outcome.moves,
                          changedUnits: sections.filter(\.changed).count)

        shareTargets = check.outcome.shares

        // E3: every cadre who must leave, and what the plan does with them.
        termLimits = instance.cadres.indices.compactMap { c in
            let f = facts[c], cadre = instance.cadres[c]
            guard f.mustLeave, let q = cadre.post else { return nil }
            let held = instance.posts[q]
            let resolution: Resolution
            if let p = postOf[c] {
                let post = instance.posts[p], unit = instance.units[post.unit]
                if post.unit == cadre.unit {
                    resolution = .stillInUnit(post: post.id)
                } else {
                    resolution = .moved(post: post.id, title: post.title, unit: unit.id, unitName: unit.name,
                                        type: solving.moveType(cadre: c, post: group(p)))
                }
            } else {
                resolution = f.retiring ? .retiring : .released
            }
            return TermLimitCase(cadre: person(c), post: held.id, title: held.title, unit: instance.units[cadre.unit].id,
                                 unitName: instance.units[cadre.unit].name, tenure: f.tenure ?? 0, limit: f.limit ?? 0,
                                 resolution: resolution)
        }

        // C5, C6, C7.
        arrivalCap = instance.policy.maxArrivalsPerUnit
        arrivals = instance.units.indices.filter { arrivalsOf[$0] > 0 }.map {
            ArrivalRow(unit: instance.units[$0].id, unitName: instance.units[$0].name, arrivals: arrivalsOf[$0],
                       cap: instance.policy.maxArrivalsPerUnit)
        }
        moveCap = instance.policy.maxMoves
        quotas = check.outcome.quotas
        relations = check.outcome.relations
        relationsKept = check.outcome.relationsKept

        // Releases, with the plan's reasons where it gives them.
        var givenReasons: [String: [String]] = [:]
        for r in plan.releases where !r.reasons.isEmpty { givenReasons[r.cadre] = r.reasons }
        releases = released.map { c in
            let cadre = instance.cadres[c], q = cadre.post!
            return ReleaseRow(cadre: person(c), previousPost: instance.posts[q].id, previousTitle: instance.posts[q].title,
                              unit: instance.units[cadre.unit].id, unitName: instance.units[cadre.unit].name,
                              reasons: givenReasons[cadre.id] ?? writer.releaseReasons(cadre: c))
        }
        retiring = retiringCadres.map { c in
            let cadre = instance.cadres[c]
            return RetiringRow(cadre: person(c), age: facts[c].age, post: cadre.post.map { instance.posts[$0].id },
                               title: cadre.post.map { instance.posts[$0].title }, unitName: instance.units[cadre.unit].name)
        }

        // Flows between units: every move to another post, and every release.
        var flowMoves: [(from: Int, to: Int?)] = []
        for (c, p) in pairs where solving.moveType(cadre: c, post: group(p)) != .stay {
            flowMoves.append((instance.cadres[c].unit, instance.posts[p].unit))
        }
        for c in released { flowMoves.append((instance.cadres[c].unit, nil)) }
        flows = FlowModel(instance: instance, moves: flowMoves, maxNamedUnits: maxNamedUnits)
        levelFlows = FlowModel(instance: instance, moves: flowMoves, maxNamedUnits: 0)
    }
}

extension Plan {
    /// Reads a plan file like `Plan.read`, and also keeps the reasons of its `releases` list.
    public static func readWithReleaseReasons(_ url: URL) throws -> Plan {
        var plan = try Plan.read(url)
        if plan.releases.isEmpty, let data = try? Data(contentsOf: url) { plan.releases = releases(in: data) }
        return plan
    }

    /// Parses plan-file bytes like `Plan.parse`, and also keeps the reasons of its `releases` list.
    public static func parseWithReleaseReasons(_ data: Data, file: String) throws -> Plan {
        var plan = try Plan.parse(data, file: file)
        if plan.releases.isEmpty { plan.releases = releases(in: data) }
        return plan
    }

    /// The `releases` list of plan-file bytes with its reasons (empty when it has none).
    static func releases(in data: Data) -> [Release] {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["releases"] as? [Any] else { return [] }
        return list.compactMap { item in
            guard let r = item as? [String: Any], let cadre = r["cadre"] as? String else { return nil }
            return Release(cadre: cadre, previousPost: r["previous_post"] as? String ?? "",
                           reasons: r["reasons"] as? [String] ?? [])
        }
    }
}
