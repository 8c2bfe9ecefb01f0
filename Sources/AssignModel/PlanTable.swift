import Foundation

/// The plan as a table a planner opens in a spreadsheet: one row per post, then one per release.
public enum PlanTable {
    /// The columns, by their keys in the catalogue (`table.…`); the English header is these keys.
    public static let columns = ["post", "unit", "unit_name", "title", "joint", "cadre", "name", "previous_post",
                                 "previous_unit", "type", "cross_block", "cost", "reasons"]

    /// The header row in the process's language.
    public static var header: [String] { columns.map { tr("table.\($0)") } }

    /// Rows for `plan` over `instance`, in plan order. A phased plan (SPEC §11.5) gets a first
    /// column `phase`: for each phase its year, every post with its holder then (a move made at that
    /// phase shows its type and cost), then the releases of that phase.
    public static func rows(_ plan: Plan, instance: Instance) -> [[String]] {
        if let phases = plan.phases {
            return phases.flatMap { phase in
                rows(assignments: phase.assignments, releases: phase.releases, instance: instance).map { [String(phase.year)] + $0 }
            }
        }
        return rows(assignments: plan.assignments, releases: plan.releases, instance: instance)
    }

    /// The header of `plan`'s table: with a first column `phase` for a phased plan.
    public static func header(for plan: Plan) -> [String] {
        plan.isPhased ? [tr("table.phase")] + header : header
    }

    static func rows(assignments: [Assignment], releases: [Release], instance: Instance) -> [[String]] {
        var rows: [[String]] = []
        for a in assignments {
            guard let p = instance.postIndex[a.post], let c = instance.cadreIndex[a.cadre] else { continue }
            let post = instance.posts[p], cadre = instance.cadres[c]
            rows.append([post.id, instance.units[post.unit].id, instance.units[post.unit].name, post.title, post.joint,
                         cadre.id, cadre.name, previous(cadre, instance),
                         instance.units[cadre.unit].id, a.type.label, a.crossBlock ? tr("yes") : tr("no"),
                         JSON.format(a.cost), a.reasons.joined(separator: "; ")])
        }
        for r in releases {
            guard let c = instance.cadreIndex[r.cadre] else { continue }
            let cadre = instance.cadres[c]
            rows.append(["", "", "", "", "", cadre.id, cadre.name, previous(cadre, instance), instance.units[cadre.unit].id,
                         tr("type.release"), tr("no"), JSON.format(instance.policy.weights.release), r.reasons.joined(separator: "; ")])
        }
        return rows
    }

    /// The posts the cadre holds now, `;`-separated (several for a joint group, SPEC §11.1).
    static func previous(_ cadre: Cadre, _ instance: Instance) -> String {
        cadre.heldPosts.map { instance.posts[$0].id }.joined(separator: ";")
    }

    /// UTF-8 CSV with a byte-order mark, so spreadsheet programs show Vietnamese names correctly.
    public static func csv(_ plan: Plan, instance: Instance) throws -> Data {
        try SpreadsheetCSV.render(header: header(for: plan), rows: rows(plan, instance: instance))
    }
}
