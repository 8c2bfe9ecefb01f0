import AssignModel
import ArgumentParser
import Foundation
import PlanWorkbook

extension PlanCommand {
    /// `plan template`: an empty instance workbook for a planner to fill in.
    struct Template: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(
            abstract: tr("help.Template.abstract"),
            discussion: tr("help.Template.discussion")
        ) }

        @OptionGroup var language: LanguageOptions

        @Option(name: .long, help: ArgumentHelp(tr("help.Template.out")))
        var out: String

        @Flag(name: .long, help: ArgumentHelp(tr("help.Template.force")))
        var force = false

        func validate() throws {
            guard URL(fileURLWithPath: out).pathExtension.lowercased() == "xlsx" else { throw ValidationError(tr("msg.outXlsx")) }
        }

        func run() throws {
            let url = URL(fileURLWithPath: out)
            if FileManager.default.fileExists(atPath: url.path) && !force {
                throw CLIFailure.input(tr("template.exists", ["path": out]))
            }
            let data: Data
            do { data = try TemplateXLSX.data() } catch { throw CLIFailure.input("\(error)") }
            do { try AtomicFile.writeAll([(url, data)]) } catch { throw CLIFailure.input(tr("cli.error.nothingWritten", ["why": "\(error)"])) }
            say(tr("cli.wrote", ["files": out]))
        }
    }
}
