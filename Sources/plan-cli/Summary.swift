import AssignModel
import Foundation
import Solver

/// The short human summary `plan solve` prints.
enum Summary {
    static func text(plan: Plan, outcome o: PlanOutcome, report: SolveReport, instance: Instance, name: String,
                     readSeconds: Double, totalSeconds: Double) -> String {
        var lines: [String] = []
        let objective = plan.objective.map(JSON.format) ?? "-"
        let bound = plan.bound.map(JSON.format) ?? "-"
        lines.append(tr("summary.head", ["name": name, "year": String(instance.policy.year), "status": tr("status.\(plan.status.rawValue)"),
                                         "objective": objective, "bound": bound]))
        // SPEC §11.1: the move counts are per holder, so per joint group.
        let groups = instance.posts.filter(\.joint.isEmpty).count + Set(instance.posts.map(\.joint).filter { !$0.isEmpty }).count
        let held = groups == instance.posts.count ? "" : tr("summary.groups", ["groups": String(groups)])
        let types = MoveType.allCases.map { tr("summary.typeCount", ["count": String(o.byType[$0, default: 0]), "type": $0.label]) }
        lines.append("  " + tr("summary.posts", ["count": String(plan.assignments.count), "groups": held,
                                                 "types": types.joined(separator: ", "), "cross": String(o.crossBlock)]))
        let retiring = o.retiring.count > 0 ? tr("summary.retiring", ["count": String(o.retiring.count)]) : ""
        if o.released.isEmpty {
            lines.append("  " + tr("summary.noReleases") + retiring)
        } else {
            let names = o.released.prefix(5).map { "\(instance.cadres[$0].id) \(instance.cadres[$0].name)" }.joined(separator: ", ")
                + (o.releases > 5 ? ", …" : "")
            lines.append("  " + (o.releases == 1 ? tr("summary.releases.one", ["names": names])
                                 : tr("summary.releases", ["count": String(o.releases), "names": names])) + retiring)
        }
        for share in o.shares {
            let short = share.unitsShort.isEmpty ? ""
                : tr("summary.share.short", ["units": share.unitsShort.prefix(8).joined(separator: ", ") + (share.unitsShort.count > 8 ? ", …" : "")])
            lines.append("  " + tr("summary.share", ["name": share.of.shareName, "label": share.label, "achieved": String(share.achieved),
                                                     "posts": String(share.posts), "needed": String(share.needed), "short": short,
                                                     "mark": share.isMet ? "✓" : "✗"]))
        }
        if let cap = instance.policy.maxMoves { lines.append("  " + tr("summary.moves", ["moves": String(o.moves), "cap": String(cap)])) }
        if let ties = tieLine(plan) { lines.append("  " + ties) }
        lines.append("  " + tr("summary.timing", ["pairs": String(report.pairs), "rows": String(report.rows),
                                                  "read": String(format: "%.3f", readSeconds),
                                                  "build": String(format: "%.3f", report.buildSeconds),
                                                  "solve": String(format: "%.3f", report.solveSeconds),
                                                  "total": String(format: "%.3f", totalSeconds)]))
        return lines.joined(separator: "\n")
    }

    /// What the tie-break found: whether other plans have the same cost, and how far they reach.
    static func tieLine(_ plan: Plan) -> String? {
        guard plan.status == .optimal else { return nil }
        func stat(_ key: String) -> JSON? { plan.stats.first { $0.0 == key }?.1 }
        guard case .string(let tie)? = stat("tie_break") else { return nil }
        guard tie == "canonical" else { return tr("summary.tie.unfinished") }
        guard case .int(let reach)? = stat("same_cost_reach") else { return nil }
        let atLeast: Bool
        if case .bool(true)? = stat("same_cost_reach_is_lower_bound") { atLeast = true } else { atLeast = false }
        switch (reach, atLeast) {
        case (0, false): return tr("summary.tie.unique")
        case (0, true): return tr("summary.tie.notRuledOut")
        case (1, false): return tr("summary.tie.reach.one")
        case (_, false): return tr("summary.tie.reach", ["count": String(reach)])
        case (1, true): return tr("summary.tie.atLeast.one")
        default: return tr("summary.tie.atLeast", ["count": String(reach)])
        }
    }
}
