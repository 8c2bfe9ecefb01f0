import Foundation

/// Escaping for HTML text and attribute values.
public enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'`; every other character, Vietnamese letters included, is kept as UTF-8.
    public static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || $0 == "\"" || $0 == "'" }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}

/// A self-contained HTML page of a `PlanReport`: inline CSS and SVG, no scripts, fonts or links
/// to anything outside the file, so it can be mailed, archived and printed as it is.
public enum HTMLReport {
    public static func render(_ r: PlanReport) -> String {
        var h = ""
        func e(_ s: String) -> String { HTML.escape(s) }
        func num(_ d: Double?) -> String { d.map(JSON.format) ?? "–" }
        func person(_ p: PlanReport.Person?) -> String {
            guard let p else { return "<span class=\"muted\">vacant</span>" }
            return p.name.isEmpty ? "<span class=\"id\">\(e(p.id))</span>"
                : "\(e(p.name)) <span class=\"id\">\(e(p.id))</span>"
        }
        func badge(_ t: MoveType?) -> String {
            guard let t else { return "<span class=\"badge t-none\">empty</span>" }
            return "<span class=\"badge t-\(t.rawValue)\">\(t.rawValue)</span>"
        }
        func mark(_ ok: Bool) -> String { ok ? "<span class=\"ok\">✓</span>" : "<span class=\"bad\">✗</span>" }
        func reasons(_ list: [String]) -> String {
            list.isEmpty ? "" : "<ul class=\"reasons\">" + list.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
        }
        let s = r.summary
        let title = "Rotation plan" + (r.instanceName.isEmpty ? "" : " — \(r.instanceName)")

        h += """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(title))</title>
        <style>\(css)</style>
        </head>
        <body>
        <header>
        <h1>\(e(title))</h1>
        <p class="sub">Plan year \(s.planYear) · \(s.units) units, \(s.posts) posts, \(s.cadres) cadres\
        \(r.planName.isEmpty ? "" : " · plan file <code>\(e(r.planName))</code>")</p>
        </header>

        """

        // Checker verdict first: a committee must not read a broken plan as if it were sound.
        if r.violations.isEmpty {
            h += """
            <section class="verdict good" id="check"><strong>✓ Every rule holds.</strong> The independent checker \
            re-verified rules E1–E7 and C1–C7 from the plan and the instance alone; objective recomputed: \
            \(num(s.recomputedObjective)).</section>

            """
        } else {
            let n = r.violations.count
            h += """
            <section class="verdict alarm" id="violations">
            <h2>⚠ This plan breaks rules</h2>
            <p>The independent checker found <strong>\(n) violation\(n == 1 ? "" : "s")</strong>. Do not adopt the plan \
            as it stands: the figures below describe what the file proposes, not a valid plan.</p>
            <ol>

            """
            for v in r.violations {
                var extra: [String] = []
                if !v.cadres.isEmpty {
                    extra.append("cadres: " + v.cadres.map { id in r.cadreNames[id].map { "\(e($0)) (\(e(id)))" } ?? e(id) }.joined(separator: ", "))
                }
                if !v.posts.isEmpty { extra.append("posts: " + v.posts.map(e).joined(separator: ", ")) }
                h += "<li><strong>\(e(v.rule?.label ?? "plan file"))</strong>: \(e(v.message))"
                    + (extra.isEmpty ? "" : " <span class=\"muted\">[\(extra.joined(separator: "; "))]</span>") + "</li>\n"
            }
            h += "</ol>\n</section>\n"
        }

        // Summary.
        let gap: String
        if let o = s.objective, let b = s.bound, o != 0, s.status != .optimal {
            gap = String(format: " (gap %.2f %%)", 100 * (o - b) / abs(o))
        } else { gap = "" }
        var objectiveNote = ""
        if let o = s.objective, abs(o - s.recomputedObjective) > 1e-6 * max(1, abs(o)) {
            objectiveNote = "<div class=\"note bad\">recomputed \(num(s.recomputedObjective))</div>"
        }
        let moveTypes = MoveType.allCases.filter { $0 != .stay }
        h += """
        <section id="summary">
        <h2>Summary</h2>
        <div class="cards">
        <div class="card"><div class="label">Status</div><div class="value status-\(s.status.rawValue)">\(e(s.status.rawValue))</div></div>
        <div class="card"><div class="label">Objective</div><div class="value">\(num(s.objective))</div>\(objectiveNote)</div>
        <div class="card"><div class="label">Bound</div><div class="value">\(num(s.bound))</div><div class="note">\(e(gap))</div></div>
        <div class="card"><div class="label">Moves</div><div class="value">\(s.moves)</div><div class="note">\(r.moveCap.map { "cap \($0)" } ?? "no cap")</div></div>
        <div class="card"><div class="label">Releases</div><div class="value">\(s.releases)</div></div>
        <div class="card"><div class="label">Retiring</div><div class="value">\(s.retiring)</div><div class="note">not counted as releases</div></div>
        <div class="card"><div class="label">Cross-block</div><div class="value">\(s.crossBlock)</div></div>
        <div class="card"><div class="label">Units changed</div><div class="value">\(s.changedUnits)</div><div class="note">of \(s.units)</div></div>
        </div>
        <table class="types">
        <thead><tr><th>move type</th>\(MoveType.allCases.map { "<th>\(badge($0))</th>" }.joined())<th>release</th><th>total moves</th></tr></thead>
        <tbody><tr><td>posts</td>\(MoveType.allCases.map { "<td class=\"n\">\(s.byType[$0, default: 0])</td>" }.joined())\
        <td class="n">\(s.releases)</td><td class="n"><strong>\(s.moves)</strong></td></tr></tbody>
        </table>
        <p class="muted">A move is an assignment other than <em>stay</em>, or a release. \
        \(moveTypes.map { "\($0.rawValue): \(moveTypeMeaning($0))" }.joined(separator: " · ")).</p>
        </section>

        """

        // Flows: between levels, then between the busiest units.
        let f = r.flows, lf = r.levelFlows
        h += """
        <section id="flows">
        <h2>Flows between units and levels</h2>
        <p class="muted">Each band is a group of cadres moving from the unit they work in now (left) to the unit \
        of their post in the plan (right); its width is proportional to the number of cadres, and the figure beside \
        it is that number. Stays are not drawn.</p>
        <div class="legend">\(legend(f.levels))</div>
        <h3>Between levels</h3>
        \(FlowSVG.render(lf, flowHeight: 200, label: "Moves between levels"))
        <table class="matrix">
        <caption>Moves by level (rows: level now; columns: level in the plan)</caption>
        <thead><tr><th></th>\(f.matrixColumns.map { "<th>\($0.name)</th>" }.joined())<th>total</th></tr></thead>
        <tbody>

        """
        for from in f.levels {
            let row = f.levelMatrix[from.rawValue]
            h += "<tr><th>\(from.name)</th>" + f.matrixColumns.map(\.index).map { "<td class=\"n\">\(row[$0] == 0 ? "·" : String(row[$0]))</td>" }.joined()
                + "<td class=\"n\"><strong>\(row.reduce(0, +))</strong></td></tr>\n"
        }
        h += "</tbody>\n</table>\n"
        if f.total > 0 {
            h += "<h3>Between units</h3>\n<p class=\"muted\">"
                + (f.foldedUnits > 0 ? "The \(f.namedUnits) units with the most arrivals and departures are named; the \(f.foldedUnits) others with moves are grouped by level."
                                     : "Every unit with a move is named.")
                + "</p>\n" + FlowSVG.render(f) + "\n"
        }
        h += "</section>\n"

        // Rule compliance.
        h += "<section id=\"rules\">\n<h2>Rule compliance</h2>\n"
        h += "<h3>Non-local share (C4)</h3>\n"
        if r.shareTargets.isEmpty {
            h += "<p class=\"muted\">The policy sets no share target.</p>\n"
        } else {
            h += "<table><thead><tr><th>target</th><th>posts</th><th>needed</th><th>non-local now</th><th>non-local in the plan</th><th></th></tr></thead><tbody>\n"
            for t in r.shareTargets {
                h += "<tr><td>\(e(t.label))</td><td class=\"n\">\(t.posts)</td><td class=\"n\">\(t.needed)</td><td class=\"n\">\(t.now)</td>"
                    + "<td class=\"n\"><strong>\(t.achieved)</strong></td><td>\(mark(t.isMet))</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }
        h += "<h3>Term limits (E3)</h3>\n"
        if r.termLimits.isEmpty {
            h += "<p class=\"muted\">No cadre has reached the tenure limit of their post.</p>\n"
        } else {
            h += "<p class=\"muted\">\(r.termLimits.count) cadre\(r.termLimits.count == 1 ? " has" : "s have") held their post for the limit or longer and must leave their unit.</p>\n"
            h += "<table><thead><tr><th>cadre</th><th>post held</th><th>unit</th><th>years / limit</th><th>resolved</th><th></th></tr></thead><tbody>\n"
            for t in r.termLimits {
                let how: String
                switch t.resolution {
                case .moved(let post, let title, let unit, let unitName, let type):
                    how = "\(badge(type)) to \(e(title)) <span class=\"id\">\(e(post))</span>, \(e(unitName)) <span class=\"id\">\(e(unit))</span>"
                case .released: how = "<span class=\"badge t-release\">released</span>"
                case .retiring: how = "retiring"
                case .stillInUnit(let post): how = "<span class=\"bad\">still in the unit, post \(e(post))</span>"
                }
                h += "<tr><td>\(person(t.cadre))</td><td>\(e(t.title)) <span class=\"id\">\(e(t.post))</span></td>"
                    + "<td>\(e(t.unitName))</td><td class=\"n\">\(t.tenure) / \(t.limit)</td><td>\(how)</td><td>\(mark(t.ok))</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }
        h += "<h3>Arrivals per unit (C5)</h3>\n"
        if r.arrivals.isEmpty {
            h += "<p class=\"muted\">No unit receives a cadre from another unit.\(r.arrivalCap.map { " Cap: \($0) per unit." } ?? "")</p>\n"
        } else {
            let most = r.arrivals.map(\.arrivals).max() ?? 0
            h += "<p>\(r.arrivalCap.map { "Cap: <strong>\($0)</strong> cadres from other units per unit." } ?? "No cap is set.") "
                + "\(r.arrivals.count) unit\(r.arrivals.count == 1 ? "" : "s") receive cadres; the most is \(most). Units not listed receive none.</p>\n"
            h += "<table class=\"compact\"><thead><tr><th>unit</th><th>arrivals</th><th>cap</th><th></th></tr></thead><tbody>\n"
            for a in r.arrivals {
                h += "<tr><td>\(e(a.unitName)) <span class=\"id\">\(e(a.unit))</span></td><td class=\"n\">\(a.arrivals)</td>"
                    + "<td class=\"n\">\(a.cap.map(String.init) ?? "–")</td><td>\(mark(a.ok))</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }
        h += "<h3>Moves (C6) and quotas (C7)</h3>\n<p>"
        if let cap = r.moveCap {
            h += "Moves: <strong>\(s.moves)</strong> of at most \(cap) \(mark(s.moves <= cap)). "
        } else {
            h += "Moves: <strong>\(s.moves)</strong>; no cap is set. "
        }
        if r.quotas.isEmpty {
            h += "No move quotas are set.</p>\n"
        } else {
            h += "</p>\n<table class=\"compact\"><thead><tr><th>move type</th><th>quota</th><th>in the plan</th><th></th></tr></thead><tbody>\n"
            for q in r.quotas {
                h += "<tr><td>\(badge(q.type))</td><td class=\"n\">\(q.quota)</td><td class=\"n\">\(q.achieved)</td><td>\(mark(q.isMet))</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }
        h += "</section>\n"

        // Moves by unit.
        let changed = r.units.filter(\.changed), unchanged = r.units.filter { !$0.changed }
        h += "<section id=\"units\">\n<h2>Moves by unit</h2>\n"
        h += "<p class=\"muted\">\(changed.count) unit\(changed.count == 1 ? "" : "s") change. For each post: the holder now → the holder in the plan, "
            + "the move type and the reasons. Rows in grey keep their holder.</p>\n"
        for u in changed {
            let tags = [u.level.name] + (u.weak ? ["weak"] : [])
            h += "<div class=\"unit\" id=\"unit-\(e(u.id))\"><h3>\(e(u.name)) <span class=\"id\">\(e(u.id))</span> "
                + tags.map { "<span class=\"tag tag-\($0)\">\($0)</span>" }.joined(separator: " ")
                + " <span class=\"counts\">\(u.arrivals) arriving · \(u.departures) leaving</span></h3>\n"
            h += "<table class=\"posts\"><colgroup><col style=\"width:17%\"><col style=\"width:19%\"><col style=\"width:2.5%\">"
                + "<col style=\"width:19%\"><col style=\"width:10.5%\"><col style=\"width:32%\"></colgroup><thead><tr><th>post</th><th>now</th><th></th><th>in the plan</th><th>move</th><th>reasons</th></tr></thead><tbody>\n"
            for row in u.rows {
                let flags = (row.key ? ["key"] : []) + (row.restricted ? ["non-local only"] : [])
                let postCell = "\(e(row.title)) <span class=\"id\">\(e(row.post))</span>"
                    + (flags.isEmpty ? "" : "<div class=\"small\">\(flags.joined(separator: " · "))</div>")
                let before = person(row.before) + (row.beforeGoesTo.map { "<div class=\"small\">→ \(e($0))</div>" } ?? "")
                let after = person(row.after) + (row.afterComesFrom.map { "<div class=\"small\">from \(e($0))</div>" } ?? "")
                let move = badge(row.type) + (row.crossBlock ? " <span class=\"badge t-cross\">cross-block</span>" : "")
                h += "<tr class=\"\(row.changed ? "moved" : "same")\"><td>\(postCell)</td><td>\(before)</td><td class=\"arrow\">→</td>"
                    + "<td>\(after)</td><td>\(move)</td><td>\(row.changed ? reasons(row.reasons) : "")</td></tr>\n"
            }
            h += "</tbody></table></div>\n"
        }
        if !unchanged.isEmpty {
            h += "<p class=\"unchanged\"><strong>No change in \(unchanged.count) unit\(unchanged.count == 1 ? "" : "s"):</strong> "
                + unchanged.map { "\(e($0.name)) <span class=\"id\">\(e($0.id))</span>" }.joined(separator: ", ") + ".</p>\n"
        }
        h += "</section>\n"

        // Releases and retirements.
        h += "<section id=\"releases\">\n<h2>Releases</h2>\n"
        if r.releases.isEmpty {
            h += "<p class=\"muted\">Every cadre who holds a post now and is not retiring keeps a post.</p>\n"
        } else {
            h += "<p class=\"muted\">Cadres who hold a post now and get none in the plan.</p>\n"
            h += "<table><thead><tr><th>cadre</th><th>post held now</th><th>unit</th><th>reasons</th></tr></thead><tbody>\n"
            for rel in r.releases {
                h += "<tr><td>\(person(rel.cadre))</td><td>\(e(rel.previousTitle)) <span class=\"id\">\(e(rel.previousPost))</span></td>"
                    + "<td>\(e(rel.unitName)) <span class=\"id\">\(e(rel.unit))</span></td><td>\(reasons(rel.reasons))</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }
        h += "<h3>Retiring</h3>\n"
        if r.retiring.isEmpty {
            h += "<p class=\"muted\">No cadre reaches retirement age by \(s.planYear).</p>\n"
        } else {
            h += "<p class=\"muted\">\(r.retiring.count) cadre\(r.retiring.count == 1 ? " reaches" : "s reach") retirement age by \(s.planYear); they take no post and are not counted as releases.</p>\n<ul class=\"retiring\">\n"
            for c in r.retiring {
                h += "<li>\(person(c.cadre)), age \(c.age)" + (c.post.map { p in ", now \(e(c.title ?? "")) <span class=\"id\">\(e(p))</span>" } ?? ", no post")
                    + ", \(e(c.unitName))</li>\n"
            }
            h += "</ul>\n"
        }
        h += "</section>\n"
        h += """
        <footer>Written by <code>plan report</code>. Rules and move types as in SPEC §4–§6; every figure is recomputed \
        from the plan's assignments and the instance, not taken from the plan file.</footer>
        </body>
        </html>

        """
        return h
    }

    static func moveTypeMeaning(_ t: MoveType) -> String {
        switch t {
        case .stay: return "keeps the post"
        case .within: return "another post in the same unit"
        case .horizontal: return "another unit at the same level"
        case .down: return "to a lower level"
        case .up: return "to a higher level"
        }
    }

    /// Colour key for the levels the instance has, and releases.
    static func legend(_ levels: [Level]) -> String {
        let items: [(String, FlowModel.Kind)] = levels.map { ($0.name, .unit($0)) } + [("released", .released)]
        return items.map { "<span><i style=\"background:\(FlowSVG.colour($0.1))\"></i>\($0.0)</span>" }.joined()
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
