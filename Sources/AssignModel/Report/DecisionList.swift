import Foundation

/// The list a standing committee decides on (Danh sách dự kiến điều động, luân chuyển cán bộ,
/// issue 13): each cadre who changes post, numbered, with birth year, the post held now and the
/// post proposed, the form of the move and the reasons; then the releases; then the share targets
/// as the independent checker counts them. Built from the plan and the instance alone.
public struct DecisionList: Sendable {
    /// One cadre who takes another post (a joint group's posts together).
    public struct Move: Sendable, Equatable {
        public var number: Int
        public var cadre: String
        public var name: String
        public var birthYear: Int
        /// The posts held now and their unit ("Bí thư Đảng ủy phường, Phường An Xuân"), or the reserve.
        public var current: String
        /// The posts proposed and their unit.
        public var proposed: String
        /// The form of the move in the planner's words (and "cross-block" when it is one).
        public var form: String
        public var reasons: [String]
        /// The year of the phase the move is made in (phased plans, SPEC §11.5); nil otherwise.
        public var year: Int? = nil
    }

    /// One cadre who holds a post now and gets none.
    public struct Release: Sendable, Equatable {
        public var number: Int
        public var cadre: String
        public var name: String
        public var birthYear: Int
        public var current: String
        public var reasons: [String]
        /// The year of the phase the release is made in (phased plans); nil otherwise.
        public var year: Int? = nil
    }

    public var title: String
    /// The years of a phased plan's phases (moves and releases then carry theirs); nil otherwise.
    public var years: [Int]?
    public var committee: String
    public var date: String
    public var planYear: Int
    public var moves: [Move] = []
    public var releases: [Release] = []
    public var shares: [ShareOutcome] = []
    /// Violations the independent checker found (the list is not to be adopted when there are any).
    public var violations: Int
    /// The plan's figures as the independent checker counted them (moves by type, releases…).
    public var outcome: PlanOutcome

    /// Builds the list; `title`, `committee` and `date` as given on the command line (empty: the
    /// default title, no committee line, a date left blank to fill in by hand).
    public init(plan: Plan, instance: Instance, title: String = "", committee: String = "", date: String = "") {
        self.title = title.isEmpty ? tr("decision.defaultTitle") : title
        self.committee = committee
        self.date = date
        planYear = instance.policy.year
        let check = PlanChecker.check(plan, against: instance)
        violations = check.violations.count
        outcome = check.outcome
        shares = check.outcome.shares
        func place(_ posts: [Int]) -> String {
            guard let first = posts.first else { return tr("decision.reserve") }
            return posts.map { instance.posts[$0].title }.joined(separator: tr("decision.joint"))
                + ", " + instance.units[instance.posts[first].unit].name
        }
        // Each cadre's posts before the step at hand: now, then after each phase of a phased plan.
        var held: [String: [Int]] = [:]
        for cadre in instance.cadres { held[cadre.id] = cadre.heldPosts.sorted() }
        /// One step of the plan (the whole of a one-phase plan, or a phase, with its year): who takes
        /// another post (a group's posts together, in plan order) and who is released.
        func step(_ assignments: [Assignment], released: [(cadre: String, reasons: [String])], year: Int?) {
            var now: [String: [Int]] = [:]
            var first: [String: Assignment] = [:]
            var order: [String] = []
            for a in assignments {
                guard let p = instance.postIndex[a.post] else { continue }
                if now[a.cadre] == nil { order.append(a.cadre); first[a.cadre] = a }
                now[a.cadre, default: []].append(p)
            }
            for id in order {
                guard let a = first[id], a.type != .stay, let c = instance.cadreIndex[id] else { continue }
                let cadre = instance.cadres[c]
                let form = a.type.label + (a.crossBlock ? ", " + tr("report.crossBlockWord") : "")
                moves.append(Move(number: moves.count + 1, cadre: id, name: cadre.name, birthYear: cadre.birthYear,
                                  current: place(held[id] ?? []), proposed: place(now[id]!.sorted()), form: form, reasons: a.reasons,
                                  year: year))
            }
            for r in released {
                guard let c = instance.cadreIndex[r.cadre] else { continue }
                let cadre = instance.cadres[c]
                releases.append(Release(number: releases.count + 1, cadre: r.cadre, name: cadre.name, birthYear: cadre.birthYear,
                                        current: place(held[r.cadre] ?? []), reasons: r.reasons, year: year))
            }
            for (id, posts) in now { held[id] = posts.sorted() }
            for r in released { held[r.cadre] = [] }
        }
        if let phases = plan.phases {
            years = phases.map(\.year)
            for phase in phases { step(phase.assignments, released: phase.releases.map { ($0.cadre, $0.reasons) }, year: phase.year) }
        } else {
            let reasons = Dictionary(plan.releases.map { ($0.cadre, $0.reasons) }, uniquingKeysWith: { a, _ in a })
            step(plan.assignments, released: plan.released.map { ($0, reasons[$0] ?? []) }, year: nil)
        }
    }
}
