import AssignModel
import Foundation
import Solver

/// The short human summary `plan solve` prints.
enum Summary {
    static func text(plan: Plan, report: SolveReport, instance: Instance, name: String,
                     readSeconds: Double, totalSeconds: Double) -> String {
        var lines: [String] = []
        let objective = plan.objective.map(JSON.format) ?? "-"
        let bound = plan.bound.map(JSON.format) ?? "-"
        lines.append("\(name) (plan year \(instance.policy.year)): \(plan.status.rawValue), objective \(objective), bound \(bound)")
        var byType: [MoveType: Int] = [:]
        for a in plan.assignments { byType[a.type, default: 0] += 1 }
        let cross = plan.assignments.filter(\.crossBlock).count
        lines.append("  \(plan.assignments.count) posts: " + MoveType.allCases.map { "\(byType[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", ")
                     + " (\(cross) cross-block)")
        let retiring = instance.allFacts().filter(\.retiring).count
        if plan.released.isEmpty {
            lines.append("  no releases" + (retiring > 0 ? "; \(retiring) retiring" : ""))
        } else {
            let names = plan.released.prefix(5).map { id in instance.cadreIndex[id].map { "\(id) \(instance.cadres[$0].name)" } ?? id }
            lines.append("  \(plan.released.count) release\(plan.released.count == 1 ? "" : "s"): \(names.joined(separator: ", "))"
                         + (plan.released.count > 5 ? ", …" : "") + (retiring > 0 ? "; \(retiring) retiring" : ""))
        }
        var holder: [String: String] = [:]
        for a in plan.assignments { holder[a.post] = a.cadre }
        for target in instance.policy.nonLocalShare {
            let set = instance.posts.indices.filter { target.matches(instance.posts[$0], in: instance) }
            let achieved = set.filter { p in
                holder[instance.posts[p].id].flatMap { instance.cadreIndex[$0] }.map { instance.isNonLocal(cadre: $0, post: p) } ?? false
            }.count
            let needed = target.min.ceilTimes(set.count)
            lines.append("  non-local share (\(target.label)): \(achieved) of \(set.count) posts, needed \(needed) \(achieved >= needed ? "✓" : "✗")")
        }
        let moves = plan.assignments.filter { $0.type != .stay }.count + plan.released.count
        if let cap = instance.policy.maxMoves { lines.append("  moves \(moves) of at most \(cap)") }
        lines.append(String(format: "  %d eligible pairs, %d rows; read %.3f s, build %.3f s, solve %.3f s, total %.3f s",
                            report.pairs, report.rows, readSeconds, report.buildSeconds, report.solveSeconds, totalSeconds))
        return lines.joined(separator: "\n")
    }
}
