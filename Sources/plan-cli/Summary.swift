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
        lines.append("\(name) (plan year \(instance.policy.year)): \(plan.status.rawValue), objective \(objective), bound \(bound)")
        // SPEC §11.1: the move counts are per holder, so per joint group.
        let groups = instance.posts.filter(\.joint.isEmpty).count + Set(instance.posts.map(\.joint).filter { !$0.isEmpty }).count
        let held = groups == instance.posts.count ? "" : " in \(groups) groups (joint posts)"
        lines.append("  \(plan.assignments.count) posts\(held): " + MoveType.allCases.map { "\(o.byType[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", ")
                     + " (\(o.crossBlock) cross-block)")
        let retiring = o.retiring.count
        if o.released.isEmpty {
            lines.append("  no releases" + (retiring > 0 ? "; \(retiring) retiring" : ""))
        } else {
            let names = o.released.prefix(5).map { "\(instance.cadres[$0].id) \(instance.cadres[$0].name)" }
            lines.append("  \(o.releases) release\(o.releases == 1 ? "" : "s"): \(names.joined(separator: ", "))"
                         + (o.releases > 5 ? ", …" : "") + (retiring > 0 ? "; \(retiring) retiring" : ""))
        }
        for share in o.shares {
            let short = share.unitsShort.isEmpty ? "" : "; short in \(share.unitsShort.prefix(8).joined(separator: ", "))\(share.unitsShort.count > 8 ? ", …" : "")"
            lines.append("  \(share.of.shareName) (\(share.label)): \(share.achieved) of \(share.posts) posts, needed \(share.needed)\(short) \(share.isMet ? "✓" : "✗")")
        }
        if let cap = instance.policy.maxMoves { lines.append("  moves \(o.moves) of at most \(cap)") }
        if let ties = tieLine(plan) { lines.append("  " + ties) }
        lines.append(String(format: "  %d eligible pairs, %d rows; read %.3f s, build %.3f s, solve %.3f s, total %.3f s",
                            report.pairs, report.rows, readSeconds, report.buildSeconds, report.solveSeconds, totalSeconds))
        return lines.joined(separator: "\n")
    }

    /// What the tie-break found: whether other plans have the same cost, and how far they reach.
    static func tieLine(_ plan: Plan) -> String? {
        guard plan.status == .optimal else { return nil }
        func stat(_ key: String) -> JSON? { plan.stats.first { $0.0 == key }?.1 }
        guard case .string(let tie)? = stat("tie_break") else { return nil }
        guard tie == "canonical" else {
            return "tie-break not finished: among plans of this cost, the one written depends on the row order of the files"
        }
        guard case .int(let reach)? = stat("same_cost_reach") else { return nil }
        let atLeast: Bool
        if case .bool(true)? = stat("same_cost_reach_is_lower_bound") { atLeast = true } else { atLeast = false }
        switch (reach, atLeast) {
        case (0, false): return "the optimum is unique: no other plan has this cost"
        case (0, true): return "other plans of this cost were not ruled out; of all plans of this cost, this is the canonical one (tie-break)"
        case (_, false):
            return "\(reach) post\(reach == 1 ? "" : "s") could change holder at the same cost (the most any other optimal plan changes); of all such plans, this is the canonical one (tie-break)"
        default:
            return "at least \(reach) post\(reach == 1 ? "" : "s") could change holder at the same cost; of all plans of this cost, this is the canonical one (tie-break)"
        }
    }
}
