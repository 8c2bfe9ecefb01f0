import AssignModel
import ArgumentParser
import Foundation
import PlanWorkbook

extension PlanCommand {
    /// `plan template`: an empty instance workbook for a planner to fill in.
    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an empty instance workbook (.xlsx) to fill in: a sheet per instance file with its headers and drop-down lists, a policy sheet, and instructions.",
            discussion: "Headers in the chosen language (--lang), the other language's name as a comment. Exit 0 written, 1 the file exists (give --force) or cannot be written."
        )

        @OptionGroup var language: LanguageOptions

        @Option(name: .long, help: "The workbook to write (.xlsx).")
        var out: String

        @Flag(name: .long, help: "Replace an existing file.")
        var force = false

        func validate() throws {
            guard URL(fileURLWithPath: out).pathExtension.lowercased() == "xlsx" else { throw ValidationError("--out must name a .xlsx file") }
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
