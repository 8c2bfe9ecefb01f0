import AssignModel
import ArgumentParser
import Foundation
import Workbench

extension PlanCommand {
    /// `plan serve`: the planner's workbench in a browser (issue 15).
    struct Serve: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(
            abstract: tr("help.Serve.abstract"),
            discussion: tr("help.Serve.discussion")
        ) }

        @OptionGroup var language: LanguageOptions

        @Option(name: .long, help: ArgumentHelp(tr("help.Serve.host")))
        var host = "127.0.0.1"

        @Option(name: .long, help: ArgumentHelp(tr("help.Serve.port")))
        var port = 8080

        @Option(name: .long, help: ArgumentHelp(tr("help.Serve.data")))
        var data: String?

        @Option(name: .long, help: ArgumentHelp(tr("help.Serve.timeLimit")))
        var timeLimit: Double = 120

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError(tr("msg.range", ["option": "--port", "low": "0", "high": "65535"])) }
            guard timeLimit > 0 else { throw ValidationError(tr("msg.timeLimit")) }
        }

        func run() throws {
            if !["127.0.0.1", "localhost", "::1"].contains(host) { warn(tr("serve.notLoopback", ["host": host])) }
            let server = WorkbenchServer(host: host, port: port, data: data.map { URL(fileURLWithPath: $0) } ?? WorkbenchServer.defaultData,
                                         timeLimit: timeLimit)
            let done = DispatchSemaphore(value: 0)
            let failure = Failure()
            Task {
                do {
                    try await server.run { address in say(tr("serve.started", ["url": address, "data": server.data.path])) }
                } catch { failure.error = error }
                done.signal()
            }
            done.wait()
            if let error = failure.error { throw CLIFailure.input("\(error)") }
        }
    }
}

/// The error a server task ended with, read once it has ended.
private final class Failure: @unchecked Sendable {
    var error: Error?
}
