import AssignModel
import Foundation

/// A plan as an Excel workbook for a planner (issue 13): a summary, the moves (only the cadres who
/// change post: STT, name, birth year, current and proposed post, form, reasons), the releases, the
/// share targets, and every post by unit; headers in the process's language, frozen and filtered.
/// No cell can become a formula: text is written as text.
public enum PlanXLSX {
    /// The workbook's bytes (written to a temporary file by libxlsxwriter, read back, removed), so
    /// that it joins the other outputs of a command in one all-or-nothing write.
    public static func data(_ plan: Plan, instance: Instance, name: String) throws -> Data {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plan-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("plan.xlsx").path
        let book = try XLSXBook(path: path)
        if plan.isPhased {
            try phased(plan, instance: instance, name: name, into: book)
            try book.close()
            return try Data(contentsOf: URL(fileURLWithPath: path))
        }
        let list = DecisionList(plan: plan, instance: instance)
        let o = list.outcome
        func t(_ s: String) -> CellValue { .text(s) }
        func n(_ x: Int) -> CellValue { .number(Double(x)) }
        var summary: [[CellValue]] = [
            [t(tr("xlsx.instance")), t(name)],
            [t(tr("decision.planYear")), n(instance.policy.year)],
            [t(tr("report.status")), t(tr("status.\(plan.status.rawValue)"))],
            [t(tr("report.objective")), plan.objective.map { .number($0) } ?? t("–")],
            [t(tr("report.bound")), plan.bound.map { .number($0) } ?? t("–")],
            [t(tr("report.moves")), n(o.moves)],
            [t(tr("report.releases")), n(o.releases)],
            [t(tr("report.crossBlock")), n(o.crossBlock)],
        ]
        for type in MoveType.allCases { summary.append([t(type.label), n(o.byType[type, default: 0])]) }
        try book.sheet(tr("xlsx.sheet.summary"), header: [tr("xlsx.item"), tr("xlsx.value")], rows: summary)
        try book.sheet(tr("xlsx.sheet.moves"),
                       header: [tr("decision.number"), tr("decision.name"), tr("decision.birthYear"), tr("table.cadre"),
                                tr("decision.current"), tr("decision.proposed"), tr("decision.form"), tr("decision.reasons")],
                       rows: list.moves.map { [n($0.number), t($0.name), n($0.birthYear), t($0.cadre), t($0.current), t($0.proposed),
                                               t($0.form), t($0.reasons.joined(separator: "; "))] })
        try book.sheet(tr("xlsx.sheet.releases"),
                       header: [tr("decision.number"), tr("decision.name"), tr("decision.birthYear"), tr("table.cadre"),
                                tr("decision.current"), tr("decision.reasons")],
                       rows: list.releases.map { [n($0.number), t($0.name), n($0.birthYear), t($0.cadre), t($0.current),
                                                  t($0.reasons.joined(separator: "; "))] })
        try book.sheet(tr("xlsx.sheet.shares"),
                       header: [tr("decision.target"), tr("report.posts"), tr("decision.needed"), tr("decision.achieved"), ""],
                       rows: list.shares.map { [t("\($0.of.shareName) (\($0.label))"), n($0.posts), n($0.needed), n($0.achieved),
                                                t($0.achieved >= $0.needed ? "✓" : "✗")] })
        try book.sheet(tr("xlsx.sheet.posts"), header: PlanTable.header,
                       rows: PlanTable.rows(plan, instance: instance).map { row in row.map { .text($0) } })
        try book.close()
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// A phased plan (SPEC §11.5): a summary with each phase's moves and releases; the moves and the
    /// releases of the decision list (`DecisionList`: one row per cadre and phase, with the year, the
    /// posts held before it and after); every post at every phase (the CSV table).
    static func phased(_ plan: Plan, instance: Instance, name: String, into book: XLSXBook) throws {
        let phases = plan.phases ?? []
        let list = DecisionList(plan: plan, instance: instance)
        func t(_ s: String) -> CellValue { .text(s) }
        func n(_ x: Int) -> CellValue { .number(Double(x)) }
        var summary: [[CellValue]] = [
            [t(tr("xlsx.instance")), t(name)],
            [t(tr("decision.planYear")), t(phases.map { String($0.year) }.joined(separator: ", "))],
            [t(tr("report.status")), t(tr("status.\(plan.status.rawValue)"))],
            [t(tr("report.objective")), plan.objective.map { .number($0) } ?? t("–")],
            [t(tr("report.bound")), plan.bound.map { .number($0) } ?? t("–")],
        ]
        for phase in phases {
            summary.append([t("\(tr("report.moves")) \(phase.year)"), n(list.moves.filter { $0.year == phase.year }.count)])
            summary.append([t("\(tr("report.releases")) \(phase.year)"), n(list.releases.filter { $0.year == phase.year }.count)])
        }
        try book.sheet(tr("xlsx.sheet.summary"), header: [tr("xlsx.item"), tr("xlsx.value")], rows: summary)
        try book.sheet(tr("xlsx.sheet.moves"),
                       header: [tr("decision.number"), tr("table.phase"), tr("decision.name"), tr("decision.birthYear"), tr("table.cadre"),
                                tr("decision.current"), tr("decision.proposed"), tr("decision.form"), tr("decision.reasons")],
                       rows: list.moves.map { [n($0.number), n($0.year ?? 0), t($0.name), n($0.birthYear), t($0.cadre), t($0.current),
                                               t($0.proposed), t($0.form), t($0.reasons.joined(separator: "; "))] })
        try book.sheet(tr("xlsx.sheet.releases"),
                       header: [tr("decision.number"), tr("table.phase"), tr("decision.name"), tr("decision.birthYear"), tr("table.cadre"),
                                tr("decision.current"), tr("decision.reasons")],
                       rows: list.releases.map { [n($0.number), n($0.year ?? 0), t($0.name), n($0.birthYear), t($0.cadre), t($0.current),
                                                  t($0.reasons.joined(separator: "; "))] })
        try book.sheet(tr("xlsx.sheet.posts"), header: PlanTable.header(for: plan),
                       rows: PlanTable.rows(plan, instance: instance).map { row in row.map { .text($0) } })
    }
}
