import AssignModel
import ArgumentParser
import Foundation
import Solver

extension PlanCommand {
    /// `plan solve`: solve an instance to proven optimum and write the plan.
    struct Solve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Solve an instance and write the optimal plan.",
            discussion: "Prints a short summary. Exit 0 a plan was written, 1 bad input, 2 infeasible, 3 no plan within the time limit."
        )

        @OptionGroup var input: InstanceOptions

        @Option(name: .long, help: "Write the plan (SPEC §8 JSON) to this file.")
        var out: String?

        @Option(name: .long, help: "Also write the plan as a spreadsheet table (UTF-8 CSV with BOM).")
        var csv: String?

        @Option(name: .customLong("diagnosis"), help: "When no plan exists, write the diagnosis (blockers and verified policy suggestions) as JSON to this file.")
        var diagnosisFile: String?

        @Option(name: .long, help: "Stop after this many seconds with the best plan found.")
        var timeLimit: Double?

        @Option(name: .long, help: "cg: column generation with a proof of optimality (default); full: every eligible pair as a GLPK column.")
        var method: SolveOptions.Method = .columnGeneration

        @Flag(name: .long, help: "Record build and solve seconds in the plan's stats (the file then differs between runs).")
        var timings = false

        func validate() throws {
            if let t = timeLimit, !(t > 0 && t.isFinite) {
                throw ValidationError("--time-limit must be a positive number of seconds")
            }
        }

        func run() throws {
            let started = Date()
            for (path, option) in [(out, "--out"), (csv, "--csv"), (diagnosisFile, "--diagnosis")] {
                if let path { try input.checkNotInput(path, option: option) }
            }
            if let out, let csv, URL(fileURLWithPath: out).standardizedFileURL == URL(fileURLWithPath: csv).standardizedFileURL {
                throw CLIFailure.input("--out and --csv name the same file")
            }
            let instance = try input.load()
            let readSeconds = Date().timeIntervalSince(started)
            let report = PlanSolver.solve(instance, options: SolveOptions(timeLimit: timeLimit, method: method), timings: timings)
            switch report.status {
            case .infeasible:
                let diagnosis = Diagnoser.diagnose(instance, options: SolveOptions(timeLimit: timeLimit, method: method))
                if let path = diagnosisFile {
                    do { try AtomicFile.write(diagnosis.json.serialized(), to: URL(fileURLWithPath: path)) }
                    catch { warn("error: \(error)") }
                }
                throw CLIFailure(code: 2, message: "infeasible: no plan keeps every rule for \(input.instance); no plan was written.\n"
                                 + diagnosis.text + (diagnosisFile.map { "\n  diagnosis written to \($0)" } ?? ""))
            case .noSolution:
                throw CLIFailure(code: 3, message: "no plan was found within the time limit of \(timeLimit.map { "\($0)" } ?? "-") s; nothing was written.")
            case .failed(let why):
                throw CLIFailure(code: 3, message: "the solver failed (\(why)); nothing was written.")
            case .optimal, .feasible:
                break
            }
            guard let plan = report.plan else { throw CLIFailure(code: 3, message: "no plan") }
            // The independent checker sees every plan before it is written.
            let check = PlanChecker.check(plan, against: instance)
            guard check.isValid else {
                throw CLIFailure(code: 3, message: "internal error: the solver's plan fails the independent check; nothing was written.\n"
                                 + check.violations.map { "  \($0)" }.joined(separator: "\n"))
            }
            var written: [String] = []
            do {
                if let out {
                    try AtomicFile.write(plan.json.serialized(), to: URL(fileURLWithPath: out))
                    written.append(out)
                }
                if let csv {
                    try AtomicFile.write(PlanTable.csv(plan, instance: instance), to: URL(fileURLWithPath: csv))
                    written.append(csv)
                }
            } catch {
                throw CLIFailure.input("\(error)")
            }
            say(Summary.text(plan: plan, report: report, instance: instance, name: input.instance,
                             readSeconds: readSeconds, totalSeconds: Date().timeIntervalSince(started)))
            if !written.isEmpty { say("wrote \(written.joined(separator: ", "))") }
        }
    }
}

extension SolveOptions.Method: ExpressibleByArgument {}
