import AssignModel
import ArgumentParser
import Foundation
import Solver
import PlanWorkbook

extension PlanCommand {
    /// `plan solve`: solve an instance to proven optimum and write the plan.
    struct Solve: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(
            abstract: tr("help.Solve.abstract"),
            discussion: tr("help.Solve.discussion")
        ) }

        @OptionGroup var language: LanguageOptions

        @OptionGroup var input: InstanceOptions

        @OptionGroup var changes: ChangeOptions

        @Option(name: .long, help: ArgumentHelp(tr("help.Solve.out")))
        var out: String?

        @Option(name: .long, help: ArgumentHelp(tr("help.Solve.csv")))
        var csv: String?

        @Option(name: .long, help: ArgumentHelp(tr("help.Solve.xlsx")))
        var xlsx: String?

        @Option(name: .customLong("diagnosis"), help: ArgumentHelp(tr("help.Solve.diagnosisFile")))
        var diagnosisFile: String?

        @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(tr("help.Solve.timeLimit")))
        var timeLimit: Double?

        @Option(name: .long, help: ArgumentHelp(tr("help.Solve.method")))
        var method: SolveOptions.Method = .columnGeneration

        @Flag(name: .long, help: ArgumentHelp(tr("help.Solve.anyOptimum")))
        var anyOptimum = false

        @Flag(name: .long, help: ArgumentHelp(tr("help.Solve.timings")))
        var timings = false

        @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(tr("help.Solve.alternatives")))
        var alternatives: Int?

        @Option(name: .customLong("min-diff"), parsing: .unconditional, help: ArgumentHelp(tr("help.Solve.minDiffOption")))
        var minDiffOption: Int?

        /// `--min-diff`, 1 when not given.
        var minDiff: Int { minDiffOption ?? 1 }

        @Flag(name: .long, help: ArgumentHelp(tr("help.Solve.firstPlan")))
        var firstPlan = false

        @Flag(name: .long, help: ArgumentHelp(tr("help.Solve.noDiagnosis")))
        var noDiagnosis = false

        @Option(name: .long, help: ArgumentHelp(tr("help.Solve.outDir")))
        var outDir: String?

        /// The solver settings the flags choose.
        var solveOptions: SolveOptions {
            var o = SolveOptions(timeLimit: timeLimit, method: method)
            o.tieBreak = !anyOptimum
            return o
        }

        func validate() throws {
            if let t = timeLimit, !(t > 0 && t.isFinite) {
                throw ValidationError(tr("msg.timeLimit"))
            }
            if let k = alternatives {
                guard (1...100).contains(k) else { throw ValidationError(tr("msg.alternativesRange")) }
                guard outDir != nil else { throw ValidationError(tr("msg.alternativesDir")) }
                guard out == nil && csv == nil else { throw ValidationError(tr("msg.alternativesOut")) }
            } else if outDir != nil {
                throw ValidationError(tr("msg.outDirAlone"))
            }
            if noDiagnosis && diagnosisFile != nil {
                throw ValidationError(tr("msg.diagnosisBoth"))
            }
            if minDiffOption != nil && alternatives == nil {
                throw ValidationError(tr("msg.minDiffAlone"))
            }
            guard minDiff >= 1 else { throw ValidationError(tr("msg.atLeast", ["option": "--min-diff", "n": "1"])) }
            if changes.keep != nil && (anyOptimum || alternatives != nil) {
                throw ValidationError(tr("msg.keepAlone"))
            }
        }

        func run() throws {
            let started = Date()
            for (path, option) in [(out, "--out"), (csv, "--csv"), (xlsx, "--xlsx"), (diagnosisFile, "--diagnosis")] {
                if let path { try input.checkNotInput(path, option: option) }
            }
            if let out, let csv, URL(fileURLWithPath: out).standardizedFileURL == URL(fileURLWithPath: csv).standardizedFileURL {
                throw CLIFailure.input(tr("msg.sameFile", ["first": "--out", "second": "--csv"]))
            }
            if let outDir { try input.checkNotInput(outDir, option: "--out-dir") }
            let instance = try changes.apply(to: input.load())
            let readSeconds = Date().timeIntervalSince(started)
            if instance.policy.isPhased { return try runPhased(instance, started: started, readSeconds: readSeconds) }
            if let k = alternatives, let outDir {
                guard minDiff <= instance.posts.count else {
                    throw CLIFailure.input(tr("msg.minDiffPosts", ["n": String(minDiff), "posts": String(instance.posts.count)]))
                }
                return try writeAlternatives(instance, count: k, into: URL(fileURLWithPath: outDir))
            }
            var options = solveOptions
            // --keep: the earlier plan, read like any plan file (its problems are input errors).
            let kept = try changes.keep.map { try Plan.read(URL(fileURLWithPath: $0)) }
            options.keep = kept.map { $0.assignments.map { ($0.cadre, $0.post) } }
            let printer = ProgressPrinter(started: started)
            defer { printer.finish() }
            options.progress = printer.callback
            options.firstPlan = firstPlan
            let report = PlanSolver.solve(instance, options: options, timings: timings)
            try stopUnlessPlanned(report.status, instance: instance, started: started, progress: options.progress)
            guard let plan = report.plan else { throw CLIFailure(code: 3, message: tr("cli.noPlan")) }
            printer.finish()
            // The independent checker sees every plan before it is written.
            let check = PlanChecker.check(plan, against: instance)
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
                // Both or neither: a plan and its table never disagree.
                try AtomicFile.writeAll(files)
            } catch {
                throw CLIFailure.input(tr("cli.error.nothingWritten", ["why": "\(error)"]))
            }
            say(Summary.text(plan: plan, outcome: check.outcome, report: report, instance: instance, name: input.instance,
                             readSeconds: readSeconds, totalSeconds: Date().timeIntervalSince(started)))
            if !written.isEmpty { say(tr("cli.wrote", ["files": written.joined(separator: ", ")])) }
            if let kept, let path = changes.keep { say(Self.keptChanges(kept, plan, path: path, instance: instance)) }
        }

        /// What changed from the kept plan, post by post, with the new holder's reasons (why).
        static func keptChanges(_ kept: Plan, _ plan: Plan, path: String, instance: Instance) -> String {
            let diff = PlanDiff(kept, plan, instance: instance)
            var lines = [diff.changes.isEmpty ? tr("keep.none", ["path": path])
                         : tr(diff.changes.count == 1 ? "keep.changed.one" : "keep.changed", ["n": String(diff.changes.count), "path": path])]
            let reasons = Dictionary(plan.assignments.map { ($0.post, $0.reasons) }, uniquingKeysWith: { a, _ in a })
            for c in diff.changes {
                let why = reasons[c.post].map { $0.joined(separator: "; ") } ?? ""
                lines.append("  \(c.post)  \(c.unitName) · \(c.title): \(c.a?.label ?? tr("diff.none")) → \(c.b?.label ?? tr("diff.none"))"
                             + (why.isEmpty ? "" : " — " + why))
            }
            return lines.joined(separator: "\n")
        }
    }
}

extension PlanCommand.Solve {
    /// Throws the failure a solve's status calls for: infeasible (exit 2, with the diagnosis of a
    /// phased or a plain instance unless --no-diagnosis), no plan in time or a solver failure (exit 3);
    /// returns for a plan.
    func stopUnlessPlanned(_ status: MIPStatus, instance: Instance, started: Date,
                           progress: (@Sendable (SolveProgress) -> Void)?) throws {
        switch status {
        case .infeasible where noDiagnosis:
            throw CLIFailure(code: 2, message: tr("cli.infeasible.skipped", ["instance": input.instance]))
        case .infeasible:
            // The diagnosis shares the time limit with the solve: it gets what is left.
            let left = timeLimit.map { max(0.001, $0 - Date().timeIntervalSince(started)) }
            var diagnosisOptions = SolveOptions(timeLimit: left, method: method)
            diagnosisOptions.progress = progress
            let diagnosis = Diagnoser.diagnose(instance, options: diagnosisOptions)
            if let path = diagnosisFile {
                do { try AtomicFile.write(diagnosis.json.serialized(), to: URL(fileURLWithPath: path)) }
                catch { warn(tr("cli.error", ["message": "\(error)"])) }
            }
            throw CLIFailure(code: 2, message: tr("cli.infeasible", ["instance": input.instance]) + "\n"
                             + diagnosis.text + (diagnosisFile.map { "\n  " + tr("cli.diagnosisWritten", ["path": $0]) } ?? ""))
        case .noSolution:
            throw CLIFailure(code: 3, message: tr("cli.noPlanWithin", ["seconds": timeLimit.map { "\($0)" } ?? "-"]))
        case .failed(let why):
            throw CLIFailure(code: 3, message: tr("cli.solverFailed", ["why": why]))
        case .optimal, .feasible:
            return
        }
    }

    /// `--alternatives K`: solves up to K plans and writes each, checked, as DIR/plan-k.json.
    func writeAlternatives(_ instance: Instance, count: Int, into dir: URL) throws {
        let printer = ProgressPrinter(started: Date())
        defer { printer.finish() }
        var options = solveOptions
        options.progress = printer.callback
        let reports = PlanSolver.alternatives(instance, count: count, minDiff: minDiff, options: options, timings: timings)
        printer.finish()
        var plans: [Plan] = []
        for report in reports {
            guard let plan = report.plan else { break }
            let check = PlanChecker.check(plan, against: instance)  // phased plans: PhasedChecker
            guard check.isValid else {
                throw CLIFailure(code: 3, message: tr("msg.internal.alternative", ["n": String(plans.count + 1)]) + "\n"
                                 + check.violations.map { "  \($0)" }.joined(separator: "\n"))
            }
            plans.append(plan)
        }
        guard let first = plans.first else {
            switch reports.first?.status {
            case .infeasible?:
                let options = SolveOptions(timeLimit: timeLimit, method: method)
                let diagnosis = Diagnoser.diagnose(instance, options: options)
                throw CLIFailure(code: 2, message: tr("cli.infeasible.alternatives") + "\n" + diagnosis.text)
            default:
                throw CLIFailure(code: 3, message: tr("cli.noPlan"))
            }
        }
        do {
            // Every alternative or none.
            try AtomicFile.writeAll(plans.enumerated().map { i, plan in
                (dir.appendingPathComponent("plan-\(i + 1).json"), Data(plan.json.serialized().utf8))
            })
        } catch {
            throw CLIFailure.input(tr("cli.error.nothingWritten", ["why": "\(error)"]))
        }
        func differing(_ a: Plan, _ b: Plan) -> Int {
            // A phased plan (SPEC §11.5): (post, phase) holdings.
            let pa = a.phases?.map(\.assignments) ?? [a.assignments], pb = b.phases?.map(\.assignments) ?? [b.assignments]
            return zip(pa, pb).reduce(0) { sum, pair in
                let holder = Dictionary(pair.1.map { ($0.post, $0.cadre) }, uniquingKeysWith: { x, _ in x })
                return sum + pair.0.filter { holder[$0.post] != $0.cadre }.count
            }
        }
        for (i, plan) in plans.enumerated() {
            let objective = plan.objective ?? 0
            var line = tr("alt.line", ["file": "plan-\(i + 1).json", "status": tr("status.\(plan.status.rawValue)"),
                                       "objective": JSON.format(objective)])
            if i > 0 {
                line += tr("alt.differs", ["extra": JSON.format(((objective - (first.objective ?? 0)) * 1e9).rounded() / 1e9),
                                           "list": (0..<i).map { tr("alt.from", ["plan": "plan-\($0 + 1)", "n": String(differing(plan, plans[$0]))]) }
                                               .joined(separator: ", ")])
            }
            say(line)
        }
        if plans.count < count {
            let why = reports.last?.status == .infeasible
                ? tr(minDiff == 1 ? "msg.noFurther.one" : "msg.noFurther", ["n": String(minDiff)])
                : tr("msg.timeEnded")
            say(tr("msg.onlyPlans", ["n": String(plans.count), "count": String(count), "why": why]))
        }
        say(tr(plans.count == 1 ? "cli.wroteAlternatives.one" : "cli.wroteAlternatives", ["n": String(plans.count), "dir": dir.path]))
    }
}

extension SolveOptions.Method: ExpressibleByArgument {}
