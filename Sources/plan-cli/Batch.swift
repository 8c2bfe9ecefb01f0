import AssignModel
import ArgumentParser
import Foundation
import Solver

extension PlanCommand {
    /// `plan batch`: solve named policy variants of one instance in parallel and compare them.
    struct Batch: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(
            abstract: tr("help.Batch.abstract"),
            discussion: tr("help.Batch.discussion")
        ) }

        @OptionGroup var language: LanguageOptions

        @Argument(help: ArgumentHelp(tr("help.Batch.scenarios")))
        var scenarios: String

        @Option(name: .long, help: ArgumentHelp(tr("help.Batch.out")))
        var out: String

        @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(tr("help.Batch.jobs")))
        var jobs: Int?

        @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(tr("help.Batch.timeLimit")))
        var timeLimit: Double?

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError(tr("msg.jobs")) }
            if let t = timeLimit, !(t > 0 && t.isFinite) {
                throw ValidationError(tr("msg.timeLimit"))
            }
        }

        func run() throws {
            let started = Date()
            let batch = try BatchFile.read(URL(fileURLWithPath: scenarios), file: scenarios)
            let dir = URL(fileURLWithPath: out).standardizedFileURL
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), !isDir.boolValue {
                throw CLIFailure.input(tr("msg.outIsFile", ["out": out]))
            }
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            } catch {
                throw CLIFailure.input(tr("msg.cannotCreateFolder", ["dir": out, "why": error.localizedDescription]))
            }
            let count = batch.scenarios.count
            let asked = jobs ?? ProcessInfo.processInfo.activeProcessorCount
            let allowed = BatchRunner.workers(asked)
            let workers = min(allowed, count)
            if asked > 1 && allowed == 1 {
                warn(tr("batch.noTLS", ["n": String(asked)]))
            }
            warn(tr("batch.start", ["scenarios": tr(count == 1 ? "batch.scenarios.one" : "batch.scenarios", ["n": String(count)]),
                                    "instance": batch.instanceDirectory.path,
                                    "workers": tr(workers == 1 ? "batch.workers.one" : "batch.workers", ["n": String(workers)])]))
            let summary = dir.appendingPathComponent("summary.csv")
            // Interrupted, the batch still writes summary.csv: the scenarios finished so far, and the
            // others marked as not finished.
            let finished = FinishedScenarios(names: batch.scenarios.map(\.name))
            Interruption.setFinalWrite {
                do {
                    try AtomicFile.write(finished.summaryCSV(), to: summary)
                    return tr("batch.interruptedSummary", ["path": summary.path, "done": String(finished.count), "total": String(count)])
                } catch {
                    return tr("msg.cannotWrite", ["path": summary.path, "why": "\(error)"])
                }
            }
            let printer = ProgressPrinter(started: started)
            defer { printer.finish() }
            printer.print(SolveProgress(phase: "batch", detail: tr("progress.scenarios", ["done": "0", "total": String(count)])))
            let results = BatchRunner.run(batch, jobs: workers, timeLimit: timeLimit, outputDirectory: dir) { done, total, result in
                finished.add(result)
                printer.note(result.progressLine(finished: done, total: total))
                printer.print(SolveProgress(phase: "batch", detail: tr("progress.scenarios", ["done": String(done), "total": String(total)])))
            }
            printer.finish()
            Interruption.setFinalWrite(nil)
            do {
                try AtomicFile.write(BatchRunner.summaryCSV(results), to: summary)
            } catch {
                throw CLIFailure.input("\(error)")
            }

            var counts: [String: Int] = [:]
            for r in results {
                let key: String
                if case .error = r.outcome { key = "error" } else { key = r.outcome.label }
                counts[key, default: 0] += 1
            }
            let parts = ["optimal", "feasible", "infeasible", "no_plan", "error"].compactMap { k in counts[k].map { "\($0) " + tr("batch.count.\(k)") } }
            let plans = results.filter { $0.planFile != nil }.count
            say(tr("batch.done", ["scenarios": tr(count == 1 ? "batch.scenarios.one" : "batch.scenarios", ["n": String(count)]),
                                  "parts": parts.joined(separator: ", "),
                                  "seconds": String(format: "%.2f", Date().timeIntervalSince(started))]))
            say(tr("cli.wrote", ["files": summary.path])
                + (plans > 0 ? tr(plans == 1 ? "batch.andPlans.one" : "batch.andPlans", ["n": String(plans)]) : ""))

            let code = BatchRunner.exitStatus(results)
            guard code != 0 else { return }
            let failed = results.filter { !$0.outcome.hasPlan }
            var text = code == 2 ? tr("batch.someInfeasible") : tr("batch.someNoPlan")
            for r in failed {
                text += "\n  \(r.name): \(r.outcome.displayLabel)"
                if let first = r.blockers.first {
                    text += " — \(first)" + (r.blockers.count > 1 ? tr("batch.andMore", ["n": String(r.blockers.count - 1)]) : "")
                }
                if r.outcome == .noPlan { text += tr("batch.noPlanWithin", ["seconds": timeLimit.map { "\($0)" } ?? "-"]) }
            }
            throw CLIFailure(code: code, message: text)
        }
    }
}

/// The scenarios of a running batch finished so far, for the summary an interruption writes.
final class FinishedScenarios: @unchecked Sendable {
    private let lock = NSLock()
    private let names: [String]
    private var results: [String: ScenarioResult] = [:]

    init(names: [String]) { self.names = names }

    func add(_ result: ScenarioResult) {
        lock.lock()
        results[result.name] = result
        lock.unlock()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return results.count
    }

    /// summary.csv with a row per scenario in file order: the finished ones as `plan batch` writes
    /// them, the others with status `interrupted` and nothing else.
    func summaryCSV() throws -> Data {
        lock.lock()
        let done = names.compactMap { results[$0] }
        lock.unlock()
        let table = BatchRunner.summaryTable(done)
        var byName: [String: [String]] = [:]
        for (r, row) in zip(done, table.rows) { byName[r.name] = row }
        let rows = names.map { name in
            byName[name] ?? [name, "interrupted"] + Array(repeating: "", count: table.header.count - 2)
        }
        return try SpreadsheetCSV.render(header: table.header, rows: rows)
    }
}
