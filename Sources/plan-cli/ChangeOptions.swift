import AssignModel
import ArgumentParser
import Foundation

/// `--fix`, `--forbid` and `--set`: change the instance for one solve without editing its files
/// (issue 13). Each is validated like the files: an unknown id or a bad policy value is an input
/// error naming the option, and nothing is written.
struct ChangeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(tr("help.ChangeOptions.fix")))
    var fix: [String] = []

    @Option(name: .long, help: ArgumentHelp(tr("help.ChangeOptions.forbid")))
    var forbid: [String] = []

    @Option(name: .long, help: ArgumentHelp(tr("help.ChangeOptions.keep")))
    var keep: String?

    @Option(name: .long, help: ArgumentHelp(tr("help.ChangeOptions.set")))
    var set: [String] = []

    /// Splits `A=B` at the first `=`; nil when either side is empty.
    static func split(_ text: String) -> (String, String)? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let a = text[..<eq].trimmingCharacters(in: .whitespaces), b = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        return a.isEmpty || b.isEmpty ? nil : (a, b)
    }

    func validate() throws {
        for (option, values) in [("--fix", fix), ("--forbid", forbid)] {
            for v in values where Self.split(v) == nil {
                throw ValidationError(tr("msg.expectedPair", ["option": option, "value": v]))
            }
        }
        for v in set {
            guard let (key, value) = Self.split(v) else { throw ValidationError(tr("msg.expectedKeyValue", ["value": v])) }
            if key == "year" { throw ValidationError(tr("msg.setYear")) }
            if value.contains(where: \.isNewline) || key.contains(where: { $0.isNewline || $0 == ":" }) {
                throw ValidationError(tr("msg.setOneLine", ["value": v]))
            }
        }
    }

    /// The instance with the policy overrides and the pins added; throws `InputErrors` naming each
    /// option that is wrong.
    func apply(to instance: Instance) throws -> Instance {
        guard !(fix.isEmpty && forbid.isEmpty && set.isEmpty) else { return instance }
        var instance = instance
        var issues: [InputIssue] = []
        for text in set {
            guard let (key, value) = Self.split(text) else { continue }
            instance.setPolicy(key, value, file: "--set \(text)", issues: &issues)
        }
        for (action, values) in [(PinAction.fix, fix), (.forbid, forbid)] {
            for text in values {
                guard let (c, p) = Self.split(text) else { continue }
                instance.addPin(action, cadre: c, post: p, file: "--\(action.rawValue) \(text)", issues: &issues)
            }
        }
        if !issues.isEmpty { throw InputErrors(issues) }
        return instance
    }
}
