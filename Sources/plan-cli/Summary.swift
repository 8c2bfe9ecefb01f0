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
        lines.append("  \(plan.assignments.count) posts: " + MoveType.allCases.map { "\(o.byType[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", ")
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
            lines.append("  non-local share (\(share.label)): \(share.achieved) of \(share.posts) posts, needed \(share.needed) \(share.isMet ? "✓" : "✗")")
        }
        if let cap = instance.policy.maxMoves { lines.append("  moves \(o.moves) of at most \(cap)") }
        lines.append(String(format: "  %d eligible pairs, %d rows; read %.3f s, build %.3f s, solve %.3f s, total %.3f s",
                            report.pairs, report.rows, readSeconds, report.buildSeconds, report.solveSeconds, totalSeconds))
        return lines.joined(separator: "\n")
    }
}
