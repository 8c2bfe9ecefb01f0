import AssignModel
import ArgumentParser
import Foundation
import Solver

extension PlanCommand {
    /// `plan export`: the full integer program in MPS or LP format, for other solvers.
    struct Export: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(
            abstract: tr("help.Export.abstract"),
            discussion: tr("help.Export.discussion")
        ) }

        @OptionGroup var language: LanguageOptions

        @OptionGroup var input: InstanceOptions

        @Option(name: .long, help: ArgumentHelp(tr("help.Export.mps")))
        var mps: String?

        @Option(name: .long, help: ArgumentHelp(tr("help.Export.lp")))
        var lp: String?

        func validate() throws {
            if mps == nil && lp == nil { throw ValidationError(tr("msg.exportWhat")) }
            if let mps, let lp,
               URL(fileURLWithPath: mps).standardizedFileURL.resolvingSymlinksInPath() == URL(fileURLWithPath: lp).standardizedFileURL.resolvingSymlinksInPath() {
                throw ValidationError(tr("msg.exportSame"))
            }
        }

        func run() throws {
            for (path, option) in [(mps, "--mps"), (lp, "--lp")] {
                if let path { try input.checkNotInput(path, option: option) }
            }
            let instance = try input.load()
            if instance.policy.isPhased { return try exportPhased(instance) }
            let formulation = Formulation(instance: instance.grouped())
            do {
                if let mps { try ModelExport.write(formulation.program, format: .mps, to: URL(fileURLWithPath: mps)) }
                if let lp { try ModelExport.write(formulation.program, format: .lp, to: URL(fileURLWithPath: lp)) }
            } catch {
                throw CLIFailure.input("\(error)")
            }
            say(tr("export.wrote", ["columns": String(formulation.program.columns.count), "pairs": String(formulation.candidates.count),
                                    "rows": String(formulation.program.rows.count), "nonzeros": String(formulation.program.nonzeros)])
                + [mps, lp].compactMap { $0 }.map { " → \($0)" }.joined())
        }

        /// The phased model of SPEC §11.5 (one column per cadre's path).
        func exportPhased(_ instance: Instance) throws {
            let model = PhasedModel(instance: instance.grouped())
            do {
                if let mps { try ModelExport.write(model.program, format: .mps, to: URL(fileURLWithPath: mps)) }
                if let lp { try ModelExport.write(model.program, format: .lp, to: URL(fileURLWithPath: lp)) }
            } catch {
                throw CLIFailure.input("\(error)")
            }
            say(tr("export.wrotePhased", ["columns": String(model.program.columns.count), "phases": String(model.phaseCount),
                                          "rows": String(model.program.rows.count), "nonzeros": String(model.program.nonzeros)])
                + [mps, lp].compactMap { $0 }.map { " → \($0)" }.joined())
        }
    }
}
