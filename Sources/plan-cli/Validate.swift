import AssignModel
import ArgumentParser
import Foundation

extension PlanCommand {
    /// `plan validate`: re-check a plan file against every rule, independently of the solver.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a plan against every rule (E1–E8, C1–C8) and recompute its objective.",
            discussion: "Exit 0 when the plan keeps every rule, 2 when it breaks any (each violation is listed), 1 when a file cannot be read."
        )

        @OptionGroup var language: LanguageOptions

        @OptionGroup var input: InstanceOptions

        @Argument(help: "The plan file (JSON) to check.")
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
                say("no plan to check: the file states '\(plan.status.rawValue)' and lists none (that no plan exists is the solver's claim, not checked here)")
                return
            }
            if report.isValid {
                say("valid: every rule (\(rules)) holds, and the stated objective and bound; objective \(JSON.format(report.objective)) recomputed, \(report.moves) move\(report.moves == 1 ? "" : "s"), \(report.releases) release\(report.releases == 1 ? "" : "s")")
                return
            }
            var text = "invalid: \(report.violations.count) violation\(report.violations.count == 1 ? "" : "s") in \(self.plan)"
            for v in report.violations {
                text += "\n  \(v)"
                if !v.cadres.isEmpty || !v.posts.isEmpty {
                    text += " [cadres: \(v.cadres.joined(separator: " ")); posts: \(v.posts.joined(separator: " "))]"
                }
            }
            let broken = RuleID.allCases.filter { r in report.violations.contains { $0.rule == r } }
            if !broken.isEmpty {
                text += "\n  the rules broken:" + broken.map { "\n    \($0.label): \($0.text)" }.joined()
            }
            text += "\n  recomputed objective: \(JSON.format(report.objective))"
            throw CLIFailure(code: 2, message: text)
        }
    }
}
