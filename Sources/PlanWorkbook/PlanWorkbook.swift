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

    /// A phased plan (SPEC §11.5): a summary with each phase's moves and releases; the moves with the
    /// year each is made (one row per cadre and phase: the posts of a joint group together), the post
    /// held before it and after; the releases with their year; every post at every phase (the CSV table).
    static func phased(_ plan: Plan, instance: Instance, name: String, into book: XLSXBook) throws {
        let phases = plan.phases ?? []
        func t(_ s: String) -> CellValue { .text(s) }
        func n(_ x: Int) -> CellValue { .number(Double(x)) }
        func person(_ id: String) -> (name: String, birthYear: CellValue) {
            guard let c = instance.cadreIndex[id] else { return ("", t("")) }
            return (instance.cadres[c].name, n(instance.cadres[c].birthYear))
        }
        // Each cadre's posts before the first phase, then after each phase.
        var held: [String: [String]] = [:]
        for cadre in instance.cadres { held[cadre.id] = cadre.heldPosts.map { instance.posts[$0].id } }
        var moves: [[CellValue]] = [], releases: [[CellValue]] = []
        var perPhase: [(moves: Int, releases: Int)] = []
        for phase in phases {
            var now: [String: [String]] = [:]
            for a in phase.assignments { now[a.cadre, default: []].append(a.post) }
            var moved = 0
            var seen = Set<String>()
            for a in phase.assignments where a.type != .stay && !seen.contains(a.cadre) {
                seen.insert(a.cadre)
                moved += 1
                let (who, born) = person(a.cadre)
                moves.append([n(moves.count + 1), n(phase.year), t(who), born, t(a.cadre),
                              t((held[a.cadre] ?? []).joined(separator: ", ")), t((now[a.cadre] ?? [a.post]).joined(separator: ", ")),
                              t(a.type.label), t(a.reasons.joined(separator: "; "))])
            }
            for r in phase.releases {
                let (who, born) = person(r.cadre)
                releases.append([n(releases.count + 1), n(phase.year), t(who), born, t(r.cadre), t(r.previousPost),
                                 t(r.reasons.joined(separator: "; "))])
            }
            perPhase.append((moved, phase.releases.count))
            for (cadre, posts) in now { held[cadre] = posts }
            for r in phase.releases { held[r.cadre] = [] }
        }
        var summary: [[CellValue]] = [
            [t(tr("xlsx.instance")), t(name)],
            [t(tr("decision.planYear")), t(phases.map { String($0.year) }.joined(separator: ", "))],
            [t(tr("report.status")), t(tr("status.\(plan.status.rawValue)"))],
            [t(tr("report.objective")), plan.objective.map { .number($0) } ?? t("–")],
            [t(tr("report.bound")), plan.bound.map { .number($0) } ?? t("–")],
        ]
        for (phase, count) in zip(phases, perPhase) {
            summary.append([t("\(tr("report.moves")) \(phase.year)"), n(count.moves)])
            summary.append([t("\(tr("report.releases")) \(phase.year)"), n(count.releases)])
        }
        try book.sheet(tr("xlsx.sheet.summary"), header: [tr("xlsx.item"), tr("xlsx.value")], rows: summary)
        try book.sheet(tr("xlsx.sheet.moves"),
                       header: [tr("decision.number"), tr("table.phase"), tr("decision.name"), tr("decision.birthYear"), tr("table.cadre"),
                                tr("decision.current"), tr("decision.proposed"), tr("decision.form"), tr("decision.reasons")],
                       rows: moves)
        try book.sheet(tr("xlsx.sheet.releases"),
                       header: [tr("decision.number"), tr("table.phase"), tr("decision.name"), tr("decision.birthYear"), tr("table.cadre"),
                                tr("decision.current"), tr("decision.reasons")],
                       rows: releases)
        try book.sheet(tr("xlsx.sheet.posts"), header: PlanTable.header(for: plan),
                       rows: PlanTable.rows(plan, instance: instance).map { row in row.map { .text($0) } })
    }
}
