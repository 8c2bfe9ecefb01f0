import AssignModel
import ArgumentParser
import Foundation

/// The `plan` tool: solve, check and inspect rotation plans.
@main
struct PlanCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "plan",
        abstract: tr("help.PlanCommand.abstract"),
        discussion: tr("help.PlanCommand.discussion"),
        subcommands: [Solve.self, Validate.self, Export.self, Generate.self, Inspect.self, Batch.self, Report.self, Diff.self, Template.self, Serve.self]
    ) }

    /// Runs the tool with SPEC §9 exit codes: usage errors exit 1, not ArgumentParser's 64.
    static func main() {
        Interruption.install()
        // Vietnamese unless PLAN_LANG or --lang says otherwise (issue 13).
        // `--lang` is read before the parser runs: help texts are built while parsing.
        Language.current = ParserTexts.requestedLanguage(CommandLine.arguments) ?? Language.fromEnvironment ?? .vi
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CLIFailure {
            if !failure.message.isEmpty { FileHandle.standardError.write(Data((failure.message + "\n").utf8)) }
            Foundation.exit(failure.code)
        } catch let errors as InputErrors {
            FileHandle.standardError.write(Data((CLIFailure.input(errors, writes: true).message + "\n").utf8))
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code.rawValue == ExitCode.success.rawValue {
                // --help and `plan help …`: the page, its parser phrases in the chosen language.
                let page = fullMessage(for: error)
                if !page.isEmpty { say(ParserTexts.localize(page)) }
                Foundation.exit(0)
            }
            if let exit = error as? ExitCode { Foundation.exit(exit.rawValue) }
            FileHandle.standardError.write(Data((ParserTexts.localize(fullMessage(for: error)) + "\n").utf8))
            Foundation.exit(1)
        }
    }
}

/// An error that ends the tool with a given exit status and message.
struct CLIFailure: Error {
    var code: Int32
    var message: String

    static func input(_ message: String) -> CLIFailure { CLIFailure(code: 1, message: tr("cli.error", ["message": message])) }

    /// Every problem of the input, one per line; `writes` says whether the command would have written
    /// files (then the message says that nothing was written).
    static func input(_ errors: InputErrors, writes: Bool) -> CLIFailure {
        let count = errors.issues.count
        return CLIFailure(code: 1, message: tr(count == 1 ? "cli.inputProblems.one" : "cli.inputProblems", ["n": String(count)])
                          + (writes ? tr("cli.nothingWritten") + "\n" : ":\n") + errors.issues.map { "  \($0)" }.joined(separator: "\n"))
    }
}

/// Prints to standard output.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Prints to standard error.
func warn(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Ctrl-C (SIGINT) and SIGTERM stop the tool cleanly: a file being written is finished or removed,
/// no temporary file is left, files already written (finished batch scenarios) stay, and the exit
/// status says so: 130 for SIGINT, 143 for SIGTERM (128 + the signal number).
enum Interruption {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let hookLock = NSLock()
    nonisolated(unsafe) private static var hook: (@Sendable () -> String?)?

    /// Sets what an interrupted command still writes before it exits (`plan batch`: summary.csv of
    /// the scenarios already finished); it returns a line for the user, or nil.
    static func setFinalWrite(_ body: (@Sendable () -> String?)?) {
        hookLock.lock()
        hook = body
        hookLock.unlock()
    }

    static func install() {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                hookLock.lock()
                let final = hook?()
                AtomicFile.abandon()
                var text = tr("msg.interrupted", ["signal": name]) + "\n"
                if let final { text += final + "\n" }
                FileHandle.standardError.write(Data(text.utf8))
                _exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// `--lang`, shared by every subcommand: the language of what a person reads.
struct LanguageOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(tr("help.PlanCommand.lang")))
    var lang: Language?

    func validate() throws {
        if let lang { Language.current = lang }
    }
}

extension Language: ExpressibleByArgument {}
