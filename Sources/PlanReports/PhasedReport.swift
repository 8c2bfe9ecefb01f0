import AssignModel
import Foundation
import Mustache

/// The report of a phased plan (SPEC §11.5): the checker's verdict, a timeline of the phases (moves
/// by type, releases, retirements, cost, cap), the moves into each unit phase by phase, and for each
/// phase its moves with reasons, releases, retirements and share targets. HTML (self-contained, the
/// style of `HTMLReport`) or Markdown, in the process's language.
public enum PhasedReport {
    public static func html(plan: Plan, instance: Instance, instanceName: String, planName: String) -> String {
        var c = context(plan: plan, instance: instance, instanceName: instanceName, planName: planName)
        c["css"] = HTMLReport.css
        return Templates.phasedHTML.render(c, withTemplate: "page") ?? ""
    }

    public static func markdown(plan: Plan, instance: Instance, instanceName: String, planName: String) -> String {
        Templates.phasedMarkdown.render(context(plan: plan, instance: instance, instanceName: instanceName, planName: planName),
                                        withTemplate: "page") ?? ""
    }

    static func context(plan: Plan, instance: Instance, instanceName: String, planName: String) -> [String: Any] {
        let check = PlanChecker.check(plan, against: instance)
        let phases = plan.phases ?? []
        let policyPhases = instance.policy.phases
        var c: [String: Any] = [:]
        c["lang"] = Language.current.rawValue
        c["t"] = Catalogue.texts(prefix: "phasedReport.")
        c["title"] = tr("phasedReport.heading", ["name": instanceName])
        c["subtitle"] = tr("phasedReport.subtitle", ["years": phases.map { String($0.year) }.joined(separator: ", "),
                                                     "status": tr("status.\(plan.status.rawValue)"),
                                                     "objective": plan.objective.map(JSON.format) ?? "–",
                                                     "bound": plan.bound.map(JSON.format) ?? "–"])
        c["planName"] = planName
        c["valid"] = check.isValid
        c["violations"] = check.violations.enumerated().map { i, v in ["n": i + 1, "rule": v.rule?.label ?? tr("check.planFile"), "message": v.message] as [String: Any] }
        c["violationsCount"] = check.violations.count
        c["types"] = MoveType.quotaTypes.map { ["id": $0.rawValue, "label": $0.label] }
        let names = Dictionary(instance.cadres.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let posts = Dictionary(instance.posts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        c["timeline"] = check.phases.enumerated().map { t, o in
            [
                "year": o.year,
                "counts": MoveType.quotaTypes.map { o.byType[$0, default: 0] },
                "moves": o.moves - o.released.count, "releases": o.released.count, "retired": o.retired.count,
                "cost": JSON.format(o.cost),
                "cap": t < policyPhases.count ? policyPhases[t].maxMoves.map(String.init) ?? "–" : "–",
            ] as [String: Any]
        }
        // Moves into each unit, phase by phase (a joint group's move counted once, on its first post).
        var into: [String: [Int]] = [:]
        for (t, phase) in phases.enumerated() {
            for a in phase.assignments where a.type != .stay && (a.cost != 0 || a.joint == nil || isFirst(a, of: phase)) {
                guard let post = posts[a.post] else { continue }
                into[instance.units[post.unit].id, default: Array(repeating: 0, count: phases.count)][t] += 1
            }
        }
        c["years"] = phases.map(\.year)
        c["units"] = instance.units.filter { into[$0.id] != nil }.map { u in
            ["id": u.id, "name": u.name, "counts": into[u.id]!.map { $0 == 0 ? "·" : String($0) }] as [String: Any]
        }
        c["phases"] = phases.enumerated().map { t, phase in
            let outcome = t < check.phases.count ? check.phases[t] : nil
            var seen = Set<String>()
            let moves = phase.assignments.filter { $0.type != .stay }.compactMap { a -> [String: Any]? in
                // One row per holder: a joint group's posts are listed together.
                let group = a.joint.map { "\(a.cadre)|\($0)" } ?? "\(a.cadre)|\(a.post)"
                guard seen.insert(group).inserted else { return nil }
                let post = posts[a.post]
                let all = phase.assignments.filter { $0.cadre == a.cadre }.map(\.post).joined(separator: " + ")
                let from = instance.cadreIndex[a.cadre].map { instance.cadres[$0].heldPosts.map { instance.posts[$0].id }.joined(separator: " + ") } ?? ""
                return [
                    "post": all, "unit": post.map { instance.units[$0.unit].id } ?? "", "title": post?.title ?? "",
                    "cadre": a.cadre, "name": names[a.cadre] ?? "", "from": from.isEmpty ? tr("phasedReport.reserve") : from,
                    "type": ["id": a.type.rawValue, "label": a.type.label], "cost": JSON.format(phase.assignments.filter { $0.cadre == a.cadre }.reduce(0) { $0 + $1.cost }),
                    "reasons": a.reasons, "hasReasons": !a.reasons.isEmpty, "reasonsText": a.reasons.joined(separator: "; "),
                ] as [String: Any]
            }
            return [
                "year": phase.year, "moves": moves, "hasMoves": !moves.isEmpty,
                "releases": phase.releases.map { r in
                    ["cadre": r.cadre, "name": names[r.cadre] ?? "", "previous": r.previousPost, "reasonsText": r.reasons.joined(separator: "; ")] as [String: Any]
                } + phase.released.filter { id in !phase.releases.contains { $0.cadre == id } }.map { id in
                    ["cadre": id, "name": names[id] ?? "", "previous": "", "reasonsText": ""] as [String: Any]
                },
                "hasReleases": !phase.released.isEmpty,
                "retired": phase.retired.map { ["cadre": $0, "name": names[$0] ?? ""] as [String: Any] },
                "hasRetired": !phase.retired.isEmpty,
                "shares": (outcome?.shares ?? []).map { s in
                    ["name": s.of.shareName, "label": s.label, "achieved": s.achieved, "posts": s.posts, "needed": s.needed, "ok": s.isMet] as [String: Any]
                },
                "hasShares": !(outcome?.shares ?? []).isEmpty,
            ] as [String: Any]
        }
        return c
    }

    /// Whether `a` is the first post its cadre holds in its joint group in this phase's list.
    private static func isFirst(_ a: Assignment, of phase: PlanPhase) -> Bool {
        phase.assignments.first { $0.cadre == a.cadre && $0.joint == a.joint }?.post == a.post
    }
}

/// The phased report's templates (HTML and Markdown, Mustache).
enum PhasedTemplate {
    static let html = #"""
<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>{{{css}}}</style>
</head>
<body>
<header>
<h1>{{title}}</h1>
<p class="sub">{{subtitle}} · {{t.planFile}} <code>{{planName}}</code></p>
</header>
{{#valid}}<section class="verdict good" id="check"><strong>✓ {{t.valid}}</strong></section>{{/valid}}
{{^valid}}
<section class="verdict alarm" id="violations">
<h2>⚠ {{t.invalid}} ({{violationsCount}})</h2>
<ol>{{#violations}}<li><strong>{{rule}}</strong>: {{message}}</li>{{/violations}}</ol>
</section>
{{/valid}}
<section id="timeline">
<h2>{{t.timeline}}</h2>
<table class="types">
<thead><tr><th>{{t.year}}</th>{{#types}}<th><span class="badge t-{{id}}">{{label}}</span></th>{{/types}}<th>{{t.moves}}</th><th>{{t.cap}}</th><th>{{t.releases}}</th><th>{{t.retired}}</th><th>{{t.cost}}</th></tr></thead>
<tbody>
{{#timeline}}<tr><th>{{year}}</th>{{#counts}}<td class="n">{{.}}</td>{{/counts}}<td class="n"><strong>{{moves}}</strong></td><td class="n">{{cap}}</td><td class="n">{{releases}}</td><td class="n">{{retired}}</td><td class="n">{{cost}}</td></tr>
{{/timeline}}
</tbody>
</table>
<h3>{{t.byUnit}}</h3>
<table class="compact">
<thead><tr><th>{{t.unit}}</th>{{#years}}<th>{{.}}</th>{{/years}}</tr></thead>
<tbody>
{{#units}}<tr><td>{{name}} <span class="id">{{id}}</span></td>{{#counts}}<td class="n">{{.}}</td>{{/counts}}</tr>
{{/units}}
</tbody>
</table>
</section>
{{#phases}}
<section class="phase">
<h2>{{t.phase}} {{year}}</h2>
{{#hasMoves}}
<table class="posts">
<thead><tr><th>{{t.post}}</th><th>{{t.cadre}}</th><th>{{t.from}}</th><th>{{t.type}}</th><th>{{t.cost}}</th><th>{{t.reasons}}</th></tr></thead>
<tbody>
{{#moves}}<tr class="moved"><td>{{title}} <span class="id">{{post}} · {{unit}}</span></td><td>{{name}} <span class="id">{{cadre}}</span></td><td><span class="id">{{from}}</span></td><td>{{#type}}<span class="badge t-{{id}}">{{label}}</span>{{/type}}</td><td class="n">{{cost}}</td><td>{{#hasReasons}}<ul class="reasons">{{#reasons}}<li>{{.}}</li>{{/reasons}}</ul>{{/hasReasons}}</td></tr>
{{/moves}}
</tbody>
</table>
{{/hasMoves}}
{{^hasMoves}}<p class="muted">{{t.noMoves}}</p>{{/hasMoves}}
{{#hasReleases}}<h3>{{t.releasesHeading}}</h3><ul>{{#releases}}<li>{{name}} <span class="id">{{cadre}}</span> ({{previous}}){{#reasonsText}}: {{.}}{{/reasonsText}}</li>{{/releases}}</ul>{{/hasReleases}}
{{#hasRetired}}<h3>{{t.retiredHeading}}</h3><ul class="retiring">{{#retired}}<li>{{name}} <span class="id">{{cadre}}</span></li>{{/retired}}</ul>{{/hasRetired}}
{{#hasShares}}<h3>{{t.shares}}</h3><table class="compact"><tbody>{{#shares}}<tr><td>{{name}} <span class="id">{{label}}</span></td><td class="n">{{achieved}} / {{posts}}</td><td>{{t.needed}} {{needed}}</td><td>{{#ok}}<span class="ok">✓</span>{{/ok}}{{^ok}}<span class="bad">✗</span>{{/ok}}</td></tr>{{/shares}}</tbody></table>{{/hasShares}}
</section>
{{/phases}}
<footer>{{t.footer}}</footer>
</body>
</html>
"""#

    static let markdown = #"""
{{% CONTENT_TYPE: MARKDOWN}}
# {{title}}

{{subtitle}} · {{t.planFile}} {{planName}}

{{#valid}}**✓ {{t.valid}}**{{/valid}}
{{^valid}}
## ⚠ {{t.invalid}} ({{violationsCount}})

{{#violations}}
{{n}}. **{{rule}}**: {{message}}
{{/violations}}
{{/valid}}

## {{t.timeline}}

| {{t.year}} |{{#types}} {{label}} |{{/types}} {{t.moves}} | {{t.cap}} | {{t.releases}} | {{t.retired}} | {{t.cost}} |
| --- |{{#types}} --- |{{/types}} --- | --- | --- | --- | --- |
{{#timeline}}
| {{year}} |{{#counts}} {{.}} |{{/counts}} **{{moves}}** | {{cap}} | {{releases}} | {{retired}} | {{cost}} |
{{/timeline}}

### {{t.byUnit}}

| {{t.unit}} |{{#years}} {{.}} |{{/years}}
| --- |{{#years}} --- |{{/years}}
{{#units}}
| {{name}} ({{id}}) |{{#counts}} {{.}} |{{/counts}}
{{/units}}
{{#phases}}

## {{t.phase}} {{year}}

{{#hasMoves}}
| {{t.post}} | {{t.cadre}} | {{t.from}} | {{t.type}} | {{t.cost}} | {{t.reasons}} |
| --- | --- | --- | --- | --- | --- |
{{#moves}}
| {{title}} ({{post}}, {{unit}}) | {{name}} ({{cadre}}) | {{from}} | {{#type}}{{label}}{{/type}} | {{cost}} | {{reasonsText}} |
{{/moves}}
{{/hasMoves}}
{{^hasMoves}}
{{t.noMoves}}
{{/hasMoves}}
{{#hasReleases}}

{{t.releasesHeading}}: {{#releases}}{{name}} ({{cadre}}, {{previous}}); {{/releases}}
{{/hasReleases}}
{{#hasRetired}}

{{t.retiredHeading}}: {{#retired}}{{name}} ({{cadre}}); {{/retired}}
{{/hasRetired}}
{{#hasShares}}

{{#shares}}
- {{name}} ({{label}}): {{achieved}} / {{posts}}, {{t.needed}} {{needed}} {{#ok}}✓{{/ok}}{{^ok}}✗{{/ok}}
{{/shares}}
{{/hasShares}}
{{/phases}}
"""#
}
