import AssignModel
import Foundation
import Mustache

/// A self-contained HTML page of a `PlanReport`: inline CSS and SVG, no scripts, fonts or links
/// to anything outside the file, so it can be mailed, archived and printed as it is. Rendered from
/// `ReportView` through `HTMLTemplate` (escaping by default).
public enum HTMLReport {
    public static func render(_ r: PlanReport) -> String {
        var context = ReportView.context(r, format: .html)
        context["css"] = css
        return Templates.html.render(context, withTemplate: "page") ?? ""
    }

    static let css = """

    :root { color-scheme: light; }
    * { box-sizing: border-box; }
    body { font-family: system-ui, "Segoe UI", "Noto Sans", "DejaVu Sans", Roboto, Arial, sans-serif; font-size: 15px;
      line-height: 1.45; color: #1d1d1f; background: #f5f6f8; margin: 0; padding: 24px; }
    header, section, footer { max-width: 1180px; margin: 0 auto 18px; }
    section { background: #fff; border: 1px solid #dde1e6; border-radius: 8px; padding: 16px 22px; }
    h1 { font-size: 26px; margin: 0 0 4px; }
    h2 { font-size: 20px; margin: 0 0 10px; }
    h3 { font-size: 16px; margin: 18px 0 8px; }
    .sub, .muted, footer { color: #5b6470; }
    .muted { font-size: 13.5px; }
    code { font-size: 13px; background: #eef0f3; padding: 1px 4px; border-radius: 3px; }
    .id { color: #6b7480; font-size: 12px; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .small { font-size: 12px; color: #5b6470; margin-top: 2px; }
    .verdict { font-size: 15px; }
    .verdict.good { background: #edf8ef; border-color: #9fd3a9; }
    .verdict.alarm { background: #fdecea; border: 2px solid #c0392b; }
    .verdict.alarm h2 { color: #a52a1f; font-size: 22px; }
    .verdict.alarm ol { margin: 8px 0 0; padding-left: 22px; }
    .verdict.alarm li { margin: 3px 0; }
    .ok { color: #1e8a3a; font-weight: 700; }
    .bad { color: #c0392b; font-weight: 700; }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: 10px; margin-bottom: 14px; }
    .card { border: 1px solid #e2e5ea; border-radius: 6px; padding: 8px 12px; background: #fafbfc; }
    .card .label { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #6b7480; }
    .card .value { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
    .card .note { font-size: 12px; color: #6b7480; }
    .status-optimal { color: #1e8a3a; } .status-feasible { color: #b7791f; }
    .status-infeasible, .status-no_plan { color: #c0392b; }
    table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 14px; }
    table.compact, table.types, table.matrix { width: auto; }
    th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e6e8ec; vertical-align: top; }
    th { font-size: 12.5px; color: #4a525c; background: #f3f4f6; font-weight: 600; }
    td.n { text-align: right; font-variant-numeric: tabular-nums; }
    table.matrix caption { caption-side: top; text-align: left; font-size: 13px; color: #5b6470; padding-bottom: 4px; }
    .badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; font-weight: 600; color: #fff;
      background: #8a939e; white-space: nowrap; }
    .t-stay { background: #a3abb5; } .t-within { background: #b7791f; } .t-horizontal { background: #2e8b3e; }
    .t-down { background: #1f6fb4; } .t-up { background: #7b3fa0; } .t-release { background: #c0392b; }
    .t-cross { background: #e9ecef; color: #444; } .t-none { background: #c0392b; }
    .legend { font-size: 13px; margin: 4px 0 2px; }
    .legend span { margin-right: 16px; white-space: nowrap; }
    .legend i { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
    svg.flows { display: block; max-width: 100%; height: auto; margin: 6px 0 12px; }
    .unit { border-top: 1px solid #e6e8ec; padding-top: 4px; }
    .unit h3 { margin-bottom: 4px; }
    .unit .counts { font-size: 12.5px; font-weight: 400; color: #5b6470; margin-left: 8px; }
    .tag { font-size: 11.5px; font-weight: 500; padding: 0 6px; border-radius: 4px; background: #eef0f3; color: #444; }
    .tag-weak { background: #fff1d6; color: #8a5a00; }
    table.posts { table-layout: fixed; }
    table.posts td { overflow-wrap: anywhere; }
    table.posts td.arrow { color: #8a939e; padding: 5px 2px; }
    table.posts tr.same td { color: #8a939e; }
    table.posts tr.moved td:first-child { border-left: 3px solid #2e8b3e; }
    .reasons { margin: 0; padding-left: 16px; font-size: 13px; }
    .reasons li { margin: 0; }
    .unchanged { font-size: 14px; color: #444; margin-top: 14px; }
    ul.retiring { font-size: 14px; }
    footer { font-size: 12.5px; text-align: center; }
    @media print {
      body { background: #fff; padding: 0; font-size: 12px; }
      section { border: none; padding: 6px 0; break-inside: auto; }
      .unit { break-inside: avoid; }
    }

    """
}

/// A `PlanReport` as Markdown (GitHub-flavoured tables), for wikis, tickets and plain-text review,
/// rendered from the same `ReportView` as the HTML page through `MarkdownTemplate`. The flow picture
/// becomes two tables: moves by level, and the largest flows between unit groups.
public enum MarkdownReport {
    public static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\", "|", "*", "_", "`", "[", "]": out.append("\\"); out.append(ch)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r": out += " "
            default: out.append(ch)
            }
        }
        return out
    }

    public static func render(_ r: PlanReport) -> String {
        Templates.markdown.render(ReportView.context(r, format: .markdown), withTemplate: "page") ?? ""
    }
}

/// The compiled template libraries, built once. The templates are constants of this module, so a
/// parse error is a programming error caught by the report tests.
enum Templates {
    static let html = library(page: HTMLTemplate.page, partials: HTMLTemplate.partials)
    static let decision = library(page: DecisionTemplate.page, partials: [:])
    static let phasedHTML = library(page: PhasedTemplate.html, partials: [:])
    static let phasedMarkdown: MustacheLibrary = {
        _ = markdown  // registers the MARKDOWN content type
        return library(page: PhasedTemplate.markdown, partials: [:])
    }()
    static let markdown: MustacheLibrary = {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
        return library(page: MarkdownTemplate.page, partials: MarkdownTemplate.partials)
    }()

    static func library(page: String, partials: [String: String]) -> MustacheLibrary {
        var library = MustacheLibrary()
        do {
            try library.register(page, named: "page")
            for (name, text) in partials.sorted(by: { $0.key < $1.key }) { try library.register(text, named: name) }
        } catch {
            preconditionFailure("report template does not parse: \(error)")
        }
        return library
    }
}

/// Markdown escaping for `{{value}}` in the Markdown templates.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { MarkdownReport.escape(text) }
}

/// The decision list as one printable HTML page (A4 landscape), in the process's language.
public enum DecisionListHTML {
    public static func render(_ d: DecisionList) -> String {
        var c: [String: Any] = [:]
        c["lang"] = Language.current.rawValue
        c["t"] = Catalogue.texts(prefix: "decision.")
        c["css"] = DecisionTemplate.css
        c["title"] = d.title
        c["committee"] = d.committee
        c["hasCommittee"] = !d.committee.isEmpty
        c["date"] = d.date
        c["hasDate"] = !d.date.isEmpty
        c["planYear"] = d.years.map { $0.map(String.init).joined(separator: ", ") } ?? String(d.planYear)
        c["phased"] = d.years != nil
        c["phaseWord"] = tr("table.phase")
        c["hasViolations"] = d.violations > 0
        c["violationsText"] = tr(d.violations == 1 ? "decision.violations.one" : "decision.violations", ["n": String(d.violations)])
        c["hasMoves"] = !d.moves.isEmpty
        c["moves"] = d.moves.map {
            ["number": $0.number, "name": $0.name, "birthYear": $0.birthYear, "current": $0.current, "proposed": $0.proposed,
             "form": $0.form, "reasonsText": $0.reasons.joined(separator: "; "), "year": $0.year.map(String.init) ?? ""] as [String: Any]
        }
        c["hasReleases"] = !d.releases.isEmpty
        c["releases"] = d.releases.map {
            ["number": $0.number, "name": $0.name, "birthYear": $0.birthYear, "current": $0.current,
             "reasonsText": $0.reasons.joined(separator: "; "), "year": $0.year.map(String.init) ?? ""] as [String: Any]
        }
        c["hasShares"] = !d.shares.isEmpty
        c["shares"] = d.shares.map {
            ["name": $0.of.shareName, "label": $0.label, "needed": $0.needed, "posts": $0.posts, "achieved": $0.achieved,
             "met": $0.achieved >= $0.needed] as [String: Any]
        }
        return Templates.decision.render(c, withTemplate: "page") ?? ""
    }
}
