import Foundation

/// What changes between two plans of one instance, post by post.
public struct PlanDiff: Sendable {
    /// A holder of a post in one of the plans.
    public struct Holder: Sendable, Equatable {
        public var cadre: String
        /// Empty for a cadre the instance does not know.
        public var name: String
        /// Move type recomputed from the instance; the plan's stated type for an unknown cadre or post.
        public var type: MoveType

        public init(cadre: String, name: String, type: MoveType) {
            self.cadre = cadre
            self.name = name
            self.type = type
        }

        public var label: String { name.isEmpty ? "\(cadre) (\(type.label))" : "\(cadre) \(name) (\(type.label))" }
    }

    /// A post whose holder differs between the plans.
    public struct PostChange: Sendable, Equatable {
        public var post: String
        /// Unit id and name; empty for a post the instance does not know.
        public var unit: String
        public var unitName: String
        public var title: String
        /// Holder in plan A; nil when A leaves the post out.
        public var a: Holder?
        /// Holder in plan B; nil when B leaves the post out.
        public var b: Holder?
    }

    /// A released cadre.
    public struct Released: Sendable, Equatable {
        public var cadre: String
        public var name: String

        public init(cadre: String, name: String) {
            self.cadre = cadre
            self.name = name
        }
    }

    /// Posts whose holder differs, by post id as plans list them (`IdentifierOrder`; posts unknown to the instance last).
    public var changes: [PostChange]
    public var releasedOnlyInA: [Released]
    public var releasedOnlyInB: [Released]
    public var objectiveA: Double?
    public var objectiveB: Double?
    /// Posts compared: every post of the instance and any other post either plan names.
    public var postsCompared: Int
    /// Rule violations `PlanChecker` finds in each plan (a diff does not trust either plan).
    public var violationsA: Int
    public var violationsB: Int

    /// Objective B − A, when both plans state one.
    public var delta: Double? {
        guard let a = objectiveA, let b = objectiveB else { return nil }
        return b - a
    }

    /// Compares plan `a` with plan `b` over `instance`.
    public init(_ a: Plan, _ b: Plan, instance: Instance) {
        self.init(a, b, instance: instance, violations: (PlanChecker.check(a, against: instance).violations.count,
                                                         PlanChecker.check(b, against: instance).violations.count))
    }

    /// Compares `a` with `b`, with the violation counts given (a phase of a phased plan is checked as a whole).
    init(_ a: Plan, _ b: Plan, instance: Instance, violations: (Int, Int)) {
        objectiveA = a.objective
        objectiveB = b.objective
        violationsA = violations.0
        violationsB = violations.1
        func holders(_ plan: Plan) -> [String: Assignment] {
            var out: [String: Assignment] = [:]
            for x in plan.assignments where out[x.post] == nil { out[x.post] = x }
            return out
        }
        let ha = holders(a), hb = holders(b)
        func holder(_ x: Assignment?) -> Holder? {
            guard let x else { return nil }
            guard let c = instance.cadreIndex[x.cadre] else { return Holder(cadre: x.cadre, name: "", type: x.type) }
            // A cadre listing several posts of a joint group (SPEC §11.1) stays on each of them.
            let type = instance.postIndex[x.post].map { p in
                instance.cadres[c].heldPosts.contains(p) ? .stay : instance.moveType(cadre: c, post: p)
            } ?? x.type
            return Holder(cadre: x.cadre, name: instance.cadres[c].name, type: type)
        }
        var posts = instance.posts.map(\.id).sorted(by: IdentifierOrder.precedes)
        var seen = Set(posts)
        for x in a.assignments + b.assignments where !seen.contains(x.post) {
            seen.insert(x.post)
            posts.append(x.post)
        }
        postsCompared = posts.count
        changes = posts.compactMap { id in
            let x = ha[id], y = hb[id]
            guard x?.cadre != y?.cadre else { return nil }
            var change = PostChange(post: id, unit: "", unitName: "", title: "", a: holder(x), b: holder(y))
            if let p = instance.postIndex[id] {
                let post = instance.posts[p]
                change.unit = instance.units[post.unit].id
                change.unitName = instance.units[post.unit].name
                change.title = post.title
            }
            return change
        }
        func released(_ ids: [String]) -> [Released] {
            ids.map { Released(cadre: $0, name: instance.cadreIndex[$0].map { instance.cadres[$0].name } ?? "") }
        }
        let ra = Set(a.released), rb = Set(b.released)
        releasedOnlyInA = released(Self.unique(a.released).filter { !rb.contains($0) })
        releasedOnlyInB = released(Self.unique(b.released).filter { !ra.contains($0) })
    }

    /// Phased plans (SPEC §11.5): one diff per phase year of `a` (holders at that phase, the phase's
    /// releases, its cost as the objective); the plans' violations are counted once, by
    /// `PlanChecker`, in `PhasedDiff`.
    public static func phased(_ a: Plan, _ b: Plan, instance: Instance) -> PhasedDiff {
        let release = instance.policy.weights.release
        func phase(_ plan: Plan, _ year: Int) -> Plan {
            guard let p = plan.phases?.first(where: { $0.year == year }) else {
                return Plan(status: plan.status, objective: nil, bound: nil, assignments: [], released: [], releases: [], stats: [])
            }
            let cost = p.assignments.reduce(0) { $0 + $1.cost } + release * Double(p.released.count)
            return Plan(status: plan.status, objective: cost, bound: nil, assignments: p.assignments, released: p.released,
                        releases: p.releases, stats: [])
        }
        let years = (a.phases ?? []).map(\.year) + (b.phases ?? []).map(\.year).filter { y in !(a.phases ?? []).contains { $0.year == y } }
        let diffs = years.map { year in
            (year: year, diff: PlanDiff(phase(a, year), phase(b, year), instance: instance, violations: (0, 0)))
        }
        var whole = PlanDiff(Plan(status: a.status, objective: a.objective, bound: nil, assignments: [], released: [], releases: [], stats: []),
                             Plan(status: b.status, objective: b.objective, bound: nil, assignments: [], released: [], releases: [], stats: []),
                             instance: instance, violations: (PlanChecker.check(a, against: instance).violations.count,
                                                              PlanChecker.check(b, against: instance).violations.count))
        whole.changes = []
        return PhasedDiff(phases: diffs, whole: whole)
    }

    /// Compares plan `a` with plan `b` over `instance` (the same as `PlanDiff(a, b, instance:)`).
    public static func compare(_ a: Plan, _ b: Plan, instance: Instance) -> PlanDiff {
        PlanDiff(a, b, instance: instance)
    }

    private static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// `N posts differ; objective A → B (Δ)`.
    public var countLine: String {
        let n = changes.count
        let oa = objectiveA.map(JSON.format) ?? "–", ob = objectiveB.map(JSON.format) ?? "–"
        let d = delta.map { d -> String in
            let r = (d * 1e9).rounded() / 1e9
            return r > 0 ? "+\(JSON.format(r))" : r < 0 ? "−\(JSON.format(-r))" : "±0"
        } ?? "–"
        return tr(n == 1 ? "diff.count.one" : "diff.count", ["n": String(n), "a": oa, "b": ob, "delta": d])
    }

    /// The diff as plain text: one line per differing post, the releases found in only one plan,
    /// the count line, and a note for a plan that breaks rules.
    public func text(nameA: String = "A", nameB: String = "B") -> String {
        var lines: [String] = []
        if !changes.isEmpty {
            lines.append(tr("diff.header", ["a": nameA, "b": nameB]))
            for c in changes {
                let place = c.unit.isEmpty ? tr("diff.notInInstance") : "\(c.unit) \(c.unitName) · \(c.title)"
                lines.append("  \(c.post)  \(place): \(c.a?.label ?? tr("diff.none")) → \(c.b?.label ?? tr("diff.none"))")
            }
        }
        func list(_ r: [Released]) -> String { r.map { $0.name.isEmpty ? $0.cadre : "\($0.cadre) \($0.name)" }.joined(separator: ", ") }
        if !releasedOnlyInA.isEmpty { lines.append(tr("diff.releasedOnly", ["plan": nameA, "list": list(releasedOnlyInA)])) }
        if !releasedOnlyInB.isEmpty { lines.append(tr("diff.releasedOnly", ["plan": nameB, "list": list(releasedOnlyInB)])) }
        lines.append(countLine)
        for (name, n) in [(nameA, violationsA), (nameB, violationsB)] where n > 0 {
            lines.append(tr(n == 1 ? "diff.breaks.one" : "diff.breaks", ["plan": name, "n": String(n)]))
        }
        return lines.joined(separator: "\n")
    }

    /// The diff as JSON.
    public func json(nameA: String = "A", nameB: String = "B") -> JSON {
        func holder(_ h: Holder?) -> JSON {
            guard let h else { return .null }
            return .object([("cadre", .string(h.cadre)), ("name", .string(h.name)), ("type", .string(h.type.rawValue))])
        }
        func released(_ r: [Released]) -> JSON {
            .array(r.map { .object([("cadre", .string($0.cadre)), ("name", .string($0.name))]) })
        }
        return .object([
            ("a", .string(nameA)), ("b", .string(nameB)),
            ("posts_compared", .int(postsCompared)),
            ("posts_differing", .int(changes.count)),
            ("objective_a", objectiveA.map(JSON.number) ?? .null),
            ("objective_b", objectiveB.map(JSON.number) ?? .null),
            ("violations_a", .int(violationsA)),
            ("violations_b", .int(violationsB)),
            ("delta", delta.map { .number(($0 * 1e9).rounded() / 1e9) } ?? .null),
            ("changes", .array(changes.map { c in
                .object([("post", .string(c.post)), ("unit", .string(c.unit)), ("unit_name", .string(c.unitName)),
                         ("title", .string(c.title)), ("a", holder(c.a)), ("b", holder(c.b))])
            })),
            ("released_only_in_a", released(releasedOnlyInA)),
            ("released_only_in_b", released(releasedOnlyInB)),
        ])
    }
}

/// What changes between two phased plans (SPEC §11.5): a diff per phase, and the whole plans'
/// objectives and violations.
public struct PhasedDiff: Sendable {
    public var phases: [(year: Int, diff: PlanDiff)]
    /// The plans' objectives and violation counts (no post changes of its own).
    public var whole: PlanDiff

    /// Per phase: the year, then its differing posts and releases and its cost A → B; then the whole.
    public func text(nameA: String = "A", nameB: String = "B") -> String {
        var lines: [String] = []
        for (year, diff) in phases {
            lines.append(tr("diff.phase", ["year": String(year)]))
            lines.append(diff.text(nameA: nameA, nameB: nameB).split(separator: "\n", omittingEmptySubsequences: false)
                .map { "  " + $0 }.joined(separator: "\n"))
        }
        let total = phases.reduce(0) { $0 + $1.diff.changes.count }
        lines.append(tr("diff.phasedTotal", ["n": String(total)]) + " " + whole.countLine.components(separatedBy: "; ").dropFirst().joined(separator: "; "))
        for (name, n) in [(nameA, whole.violationsA), (nameB, whole.violationsB)] where n > 0 {
            lines.append(tr(n == 1 ? "diff.breaks.one" : "diff.breaks", ["plan": name, "n": String(n)]))
        }
        return lines.joined(separator: "\n")
    }

    public func json(nameA: String = "A", nameB: String = "B") -> JSON {
        .object([
            ("a", .string(nameA)), ("b", .string(nameB)),
            ("objective_a", whole.objectiveA.map(JSON.number) ?? .null),
            ("objective_b", whole.objectiveB.map(JSON.number) ?? .null),
            ("violations_a", .int(whole.violationsA)),
            ("violations_b", .int(whole.violationsB)),
            ("phases", .array(phases.map { year, diff in
                .object([("year", .int(year)), ("diff", diff.json(nameA: nameA, nameB: nameB))])
            })),
        ])
    }
}
