import Foundation

/// Changes of an instance for one solve that leave its files alone (issue 13's `--set`, `--fix`,
/// `--forbid`; the workbench's changes, issue 15), each validated like the files and its problems
/// named by `file` (the option or change that caused them).
extension Instance {
    /// Sets the policy key `key` to `value`, written as in policy.yaml (YAML or JSON flow syntax);
    /// `expecting` is what an empty value is told it should have been.
    public mutating func setPolicy(_ key: String, _ value: String, file: String, expecting: String = "KEY=VALUE", issues: inout [InputIssue]) {
        guard let mapping = PolicyReader.composeMapping(Data("\(key): \(value)\n".utf8), file: file, expecting: expecting,
                                                        issues: &issues) else { return }
        PolicyReader.apply(mapping, to: &policy, file: file, issues: &issues)
    }

    /// Adds a fix or forbid pin of cadre id `cadre` and post id `post`; an unknown id is a problem.
    public mutating func addPin(_ action: PinAction, cadre c: String, post p: String, file: String, issues: inout [InputIssue]) {
        let cadre = cadreIndex[c], post = postIndex[p]
        if cadre == nil {
            issues.append(InputIssue(file: file, field: "cadre", message: tr("in.unknown", ["what": tr("cadre"), "id": c, "file": "cadres.csv"])))
        }
        if post == nil {
            issues.append(InputIssue(file: file, field: "post", message: tr("in.unknown", ["what": tr("post"), "id": p, "file": "posts.csv"])))
        }
        if let cadre, let post { pins.append(Pin(cadre: cadre, post: post, action: action, line: 0)) }
    }
}
