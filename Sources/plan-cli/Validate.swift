import AssignModel
import ArgumentParser
import Foundation

extension PlanCommand {
    /// `plan validate`: re-check a plan file against every rule, independently of the solver.
    struct Validate: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(
            abstract: tr("help.Validate.abstract"),
            discussion: tr("help.Validate.discussion")
        ) }

        @OptionGroup var language: LanguageOptions

        @OptionGroup var input: InstanceOptions

        @Argument(help: ArgumentHelp(tr("help.Validate.plan")))
        var plan: String

        func run() throws {
            let instance: Instance, plan: Plan
            do {
                instance = try input.load()
                plan = try Plan.read(URL(fileURLWithPath: self.plan))
            } catch let errors as InputErrors {
                // validate writes no file, so its message does not say that nothing was written.
                throw CLIFailure.input(errors, writes: false)
            }
            let report = PlanChecker.check(plan, against: instance)
            let rules = RuleID.allCases.map(\.rawValue).joined(separator: ", ")
            if report.isValid && !report.hasPlan {
                say(tr("validate.noPlan", ["status": plan.status.rawValue]))
                return
            }
            if report.isValid {
                say(tr("validate.valid", ["rules": rules, "objective": JSON.format(report.objective),
                                          "moves": tr(report.moves == 1 ? "count.move.one" : "count.moves", ["n": String(report.moves)]),
                                          "releases": tr(report.releases == 1 ? "count.release.one" : "count.releases",
                                                         ["n": String(report.releases)])]))
                return
            }
            var text = tr(report.violations.count == 1 ? "validate.invalid.one" : "validate.invalid",
                          ["n": String(report.violations.count), "plan": self.plan])
            for v in report.violations {
                text += "\n  \(v)"
                if !v.cadres.isEmpty || !v.posts.isEmpty {
                    text += " " + tr("validate.involved", ["cadres": v.cadres.joined(separator: " "), "posts": v.posts.joined(separator: " ")])
                }
            }
            let broken = RuleID.allCases.filter { r in report.violations.contains { $0.rule == r } }
            if !broken.isEmpty {
                text += "\n  " + tr("validate.broken") + broken.map { "\n    \($0.label): \($0.text)" }.joined()
            }
            text += "\n  " + tr("validate.recomputed", ["objective": JSON.format(report.objective)])
            throw CLIFailure(code: 2, message: text)
        }
    }
}
