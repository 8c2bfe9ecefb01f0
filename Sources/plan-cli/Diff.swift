import AssignModel
import ArgumentParser
import Foundation

extension PlanCommand {
    /// `plan diff`: what changes between two plans of one instance, post by post.
    struct Diff: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(
            abstract: tr("help.Diff.abstract"),
            discussion: tr("help.Diff.discussion")
        ) }

        @OptionGroup var language: LanguageOptions

        @Argument(help: ArgumentHelp(tr("help.Diff.a")))
        var a: String

        @Argument(help: ArgumentHelp(tr("help.Diff.b")))
        var b: String

        @Option(name: .long, help: ArgumentHelp(tr("help.Diff.instance")))
        var instance: String

        @Option(name: .long, help: ArgumentHelp(tr("help.Diff.json")))
        var json: String?

        func run() throws {
            let input = try InstanceOptions.parse(["--", instance])
            if let json { try OutputFiles.check([(json, "--json")], input: input, reads: [a, b]) }
            let instance = try input.load()
            // Report the problems of both plan files at once.
            var issues: [InputIssue] = []
            var plans: [Plan] = []
            for path in [a, b] {
                do {
                    plans.append(try Plan.read(URL(fileURLWithPath: path)))
                } catch let errors as InputErrors {
                    issues += errors.issues.map { issue in
                        var issue = issue
                        if issue.file != path && !issue.file.hasPrefix("/") { issue.file = path }
                        return issue
                    }
                }
            }
            if !issues.isEmpty { throw InputErrors(issues) }
            if plans.contains(where: \.isPhased) || instance.policy.isPhased {
                let diff = PlanDiff.phased(plans[0], plans[1], instance: instance)
                if let json { try OutputFiles.write([(json, Data(diff.json(nameA: a, nameB: b).serialized().utf8))]) }
                say(diff.text(nameA: a, nameB: b))
                if let json { say(tr("cli.wrote", ["files": json])) }
                return
            }
            let diff = PlanDiff(plans[0], plans[1], instance: instance)
            if let json {
                try OutputFiles.write([(json, Data(diff.json(nameA: a, nameB: b).serialized().utf8))])
            }
            say(diff.text(nameA: a, nameB: b))
            if let json { say(tr("cli.wrote", ["files": json])) }
        }
    }
}
