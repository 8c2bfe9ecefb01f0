import AssignModel
import Foundation
import PlanWorkbook
import Solver

extension PlanCommand.Solve {
    /// `plan solve` on an instance whose policy has `phases` (SPEC §11.5): the phased model, its
    /// independent check, the plan file (and table), and a summary per phase.
    func runPhased(_ instance: Instance, started: Date, readSeconds: Double) throws {
        // --keep: an earlier phased plan of the same phases, read like any plan file.
        let kept = try changes.keep.map { try Plan.read(URL(fileURLWithPath: $0)) }
        if let kept, let path = changes.keep {
            let years = instance.policy.phases.map(\.year)
            guard let phases = kept.phases, phases.map(\.year) == years else {
                throw CLIFailure.input(tr("keep.phased.mismatch", ["path": path, "years": years.map(String.init).joined(separator: ", ")]))
            }
        }
        if let k = alternatives, let outDir {
            let holdings = instance.posts.count * instance.policy.phases.count
            guard minDiff <= holdings else {
                throw CLIFailure.input(tr("msg.minDiffHoldings", ["n": String(minDiff), "holdings": String(holdings)]))
            }
            return try writeAlternatives(instance, count: k, into: URL(fileURLWithPath: outDir))
        }
        let printer = ProgressPrinter(started: started)
        defer { printer.finish() }
        var options = solveOptions
        options.progress = printer.callback
        options.firstPlan = firstPlan
        options.keepPhases = kept?.phases?.map { $0.assignments.map { ($0.cadre, $0.post) } }
        let report = PhasedSolver.solve(instance, options: options, timings: timings)
        try stopUnlessPlanned(report.status, instance: instance, started: started, progress: options.progress)
        guard let plan = report.plan else { throw CLIFailure(code: 3, message: tr("cli.noPlan")) }
        printer.finish()
        let check = PhasedChecker.check(plan, against: instance)
        guard check.isValid else {
            throw CLIFailure(code: 3, message: tr("msg.internal.check") + "\n"
                             + check.violations.map { "  \($0)" }.joined(separator: "\n"))
        }
        var written: [String] = []
        var files: [(url: URL, data: Data)] = []
        do {
            if let out {
                files.append((URL(fileURLWithPath: out), Data(plan.json.serialized().utf8)))
                written.append(out)
            }
            if let csv {
                files.append((URL(fileURLWithPath: csv), try PlanTable.csv(plan, instance: instance)))
                written.append(csv)
            }
            if let xlsx {
                files.append((URL(fileURLWithPath: xlsx), try PlanXLSX.data(plan, instance: instance, name: input.instance)))
                written.append(xlsx)
            }
            try AtomicFile.writeAll(files)
        } catch {
            throw CLIFailure.input(tr("cli.error.nothingWritten", ["why": "\(error)"]))
        }
        say(Summary.phased(plan: plan, check: check, report: report, instance: instance, name: input.instance,
                           readSeconds: readSeconds, totalSeconds: Date().timeIntervalSince(started)))
        if let path = changes.keep, let before = kept?.phases, let after = plan.phases {
            // (post, phase) holdings whose holder differs, counted on the two plan files.
            var n = 0, total = 0
            for (old, new) in zip(before, after) {
                let holder = Dictionary(old.assignments.map { ($0.post, $0.cadre) }, uniquingKeysWith: { a, _ in a })
                total += new.assignments.count
                n += new.assignments.filter { holder[$0.post] != $0.cadre }.count
            }
            let proven = plan.stats.contains { if $0.0 == "tie_break", case .string("closest to the kept plan") = $0.1 { true } else { false } }
            say(tr("keep.phased", ["n": String(n), "total": String(total), "path": path, "proven": proven ? "" : tr("keep.phased.notProven")]))
        }
        if !written.isEmpty { say(tr("cli.wrote", ["files": written.joined(separator: ", ")])) }
    }
}

extension Summary {
    /// The summary of a phased plan: the whole plan, then one block per phase.
    static func phased(plan: Plan, check: CheckReport, report: SolveReport, instance: Instance, name: String,
                       readSeconds: Double, totalSeconds: Double) -> String {
        var lines: [String] = []
        let years = instance.policy.phases.map { String($0.year) }.joined(separator: ", ")
        lines.append(tr("summary.phased.head", ["name": name, "years": years, "status": tr("status.\(plan.status.rawValue)"),
                                                "objective": plan.objective.map(JSON.format) ?? "-", "bound": plan.bound.map(JSON.format) ?? "-"]))
        let cadres = instance.cadres
        for (t, phase) in check.phases.enumerated() {
            let types = MoveType.quotaTypes.map { tr("summary.typeCount", ["count": String(phase.byType[$0, default: 0]), "type": $0.label]) }
            let cap = instance.policy.phases[t].maxMoves.map { tr("summary.phased.cap", ["cap": String($0)]) } ?? ""
            lines.append("  " + tr("summary.phased.phase", ["year": String(phase.year), "moves": String(phase.moves - phase.released.count),
                                                            "types": types.joined(separator: ", "), "releases": String(phase.released.count),
                                                            "retired": String(phase.retired.count), "cap": cap,
                                                            "cost": JSON.format(phase.cost)]))
            if !phase.released.isEmpty {
                lines.append("    " + tr("summary.phased.released", ["names": phase.released.prefix(5).map { "\(cadres[$0].id) \(cadres[$0].name)" }.joined(separator: ", ")
                                                                        + (phase.released.count > 5 ? ", …" : "")]))
            }
            if !phase.retired.isEmpty {
                lines.append("    " + tr("summary.phased.retired", ["names": phase.retired.prefix(5).map { "\(cadres[$0].id) \(cadres[$0].name)" }.joined(separator: ", ")
                                                                       + (phase.retired.count > 5 ? ", …" : "")]))
            }
            for share in phase.shares {
                lines.append("    " + tr("summary.share", ["name": share.of.shareName, "label": share.label, "achieved": String(share.achieved),
                                                           "posts": String(share.posts), "needed": String(share.needed), "short": "",
                                                           "mark": share.isMet ? "✓" : "✗"]))
            }
        }
        if let cap = instance.policy.maxMoves {
            lines.append("  " + tr("summary.moves", ["moves": String(check.outcome.moves), "cap": String(cap)]))
        }
        lines.append("  " + tr("summary.phased.timing", ["paths": String(report.pairs), "rows": String(report.rows),
                                                         "read": String(format: "%.3f", readSeconds),
                                                         "build": String(format: "%.3f", report.buildSeconds),
                                                         "solve": String(format: "%.3f", report.solveSeconds),
                                                         "total": String(format: "%.3f", totalSeconds)]))
        return lines.joined(separator: "\n")
    }
}
