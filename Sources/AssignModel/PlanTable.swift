import Foundation

/// The plan as a table a planner opens in a spreadsheet: one row per post, then one per release.
public enum PlanTable {
    /// The columns, by their keys in the catalogue (`table.…`); the English header is these keys.
    public static let columns = ["post", "unit", "unit_name", "title", "joint", "cadre", "name", "previous_post",
                                 "previous_unit", "type", "cross_block", "cost", "reasons"]

    /// The header row in the process's language.
    public static var header: [String] { columns.map { tr("table.\($0)") } }

    /// Rows for `plan` over `instance`, in plan order.
    public static func rows(_ plan: Plan, instance: Instance) -> [[String]] {
        var rows: [[String]] = []
        for a in plan.assignments {
            guard let p = instance.postIndex[a.post], let c = instance.cadreIndex[a.cadre] else { continue }
            let post = instance.posts[p], cadre = instance.cadres[c]
            rows.append([post.id, instance.units[post.unit].id, instance.units[post.unit].name, post.title, post.joint,
                         cadre.id, cadre.name, previous(cadre, instance),
                         instance.units[cadre.unit].id, a.type.label, a.crossBlock ? tr("yes") : tr("no"),
                         JSON.format(a.cost), a.reasons.joined(separator: "; ")])
        }
        for r in plan.releases {
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
        try SpreadsheetCSV.render(header: header, rows: rows(plan, instance: instance))
    }
}
