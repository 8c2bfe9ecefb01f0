import Foundation

/// A `PlanReport` as Markdown (GitHub-flavoured tables), for wikis, tickets and plain-text review.
/// The flow picture becomes two tables: moves by level, and the largest flows between unit groups.
public enum MarkdownReport {
    /// Escapes text for a Markdown table cell or paragraph.
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
        func e(_ s: String) -> String { escape(s) }
        func num(_ d: Double?) -> String { d.map(JSON.format) ?? "–" }
        func person(_ p: PlanReport.Person?) -> String {
            guard let p else { return "*vacant*" }
            return p.name.isEmpty ? "`\(p.id)`" : "\(e(p.name)) (\(e(p.id)))"
        }
        func mark(_ ok: Bool) -> String { ok ? "✓" : "✗" }
        func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |\n" }
        func header(_ cells: [String]) -> String { row(cells) + row(cells.map { _ in "---" }) }
        let s = r.summary
        var m = "# Rotation plan" + (r.instanceName.isEmpty ? "" : " — \(e(r.instanceName))") + "\n\n"
        m += "Plan year \(s.planYear) · \(s.units) units, \(s.posts) posts, \(s.cadres) cadres"
            + (r.planName.isEmpty ? "" : " · plan file `\(r.planName.replacingOccurrences(of: "`", with: "'"))`") + "\n\n"

        if r.violations.isEmpty {
            m += "**✓ Every rule holds.** The independent checker re-verified rules E1–E7 and C1–C7; objective recomputed: \(num(s.recomputedObjective)).\n\n"
        } else {
            let n = r.violations.count
            m += "## ⚠ This plan breaks rules\n\n"
            m += "The independent checker found **\(n) violation\(n == 1 ? "" : "s")**. Do not adopt the plan as it stands.\n\n"
            for (i, v) in r.violations.enumerated() {
                var extra: [String] = []
                if !v.cadres.isEmpty { extra.append("cadres: " + v.cadres.map { id in r.cadreNames[id].map { "\(e($0)) (\(e(id)))" } ?? e(id) }.joined(separator: ", ")) }
                if !v.posts.isEmpty { extra.append("posts: " + v.posts.map(e).joined(separator: ", ")) }
                m += "\(i + 1). **\(e(v.rule?.label ?? "plan file"))**: \(e(v.message))" + (extra.isEmpty ? "" : " — \(extra.joined(separator: "; "))") + "\n"
            }
            m += "\n"
        }

        m += "## Summary\n\n"
        m += header(["status", "objective", "bound", "moves", "releases", "retiring", "cross-block", "units changed"])
        m += row([s.status.rawValue, num(s.objective) + (s.objective.map { abs($0 - s.recomputedObjective) > 1e-6 * max(1, abs($0)) } == true ? " (recomputed \(num(s.recomputedObjective)))" : ""),
                  num(s.bound), "\(s.moves)" + (r.moveCap.map { " of ≤ \($0)" } ?? ""), "\(s.releases)", "\(s.retiring)",
                  "\(s.crossBlock)", "\(s.changedUnits) of \(s.units)"])
        m += "\n"
        m += header(MoveType.allCases.map(\.rawValue) + ["release", "total moves"])
        m += row(MoveType.allCases.map { "\(s.byType[$0, default: 0])" } + ["\(s.releases)", "**\(s.moves)**"])
        m += "\n"

        let f = r.flows
        m += "## Flows between units and levels\n\n"
        m += header(["from \\ to"] + f.matrixColumns.map(\.name) + ["total"])
        for from in f.levels {
            let line = f.levelMatrix[from.rawValue]
            m += row([from.name] + f.matrixColumns.map(\.index).map { line[$0] == 0 ? "·" : "\(line[$0])" } + ["**\(line.reduce(0, +))**"])
        }
        m += "\n"
        if !f.links.isEmpty {
            let top = f.links.sorted { ($1.count, $0.from, $0.to) < ($0.count, $1.from, $1.to) }.prefix(15)
            m += "Largest flows" + (f.foldedUnits > 0 ? " (\(f.foldedUnits) less busy units grouped by level)" : "") + ":\n\n"
            m += header(["from", "to", "cadres"])
            for l in top { m += row([e(f.sources[l.from].label), e(f.targets[l.to].label), "\(l.count)"]) }
            m += "\n"
        }

        m += "## Rule compliance\n\n### Non-local share (C4)\n\n"
        if r.shareTargets.isEmpty {
            m += "The policy sets no share target.\n\n"
        } else {
            m += header(["target", "posts", "needed", "non-local now", "non-local in the plan", ""])
            for t in r.shareTargets { m += row([e(t.label), "\(t.posts)", "\(t.needed)", "\(t.now)", "**\(t.achieved)**", mark(t.isMet)]) }
            m += "\n"
        }
        m += "### Term limits (E3)\n\n"
        if r.termLimits.isEmpty {
            m += "No cadre has reached the tenure limit of their post.\n\n"
        } else {
            m += header(["cadre", "post held", "unit", "years / limit", "resolved", ""])
            for t in r.termLimits {
                let how: String
                switch t.resolution {
                case .moved(let post, let title, let unit, let unitName, let type): how = "\(type.rawValue) to \(e(title)) (\(e(post))), \(e(unitName)) (\(e(unit)))"
                case .released: how = "released"
                case .retiring: how = "retiring"
                case .stillInUnit(let post): how = "**still in the unit**, post \(e(post))"
                }
                m += row([person(t.cadre), "\(e(t.title)) (\(e(t.post)))", e(t.unitName), "\(t.tenure) / \(t.limit)", how, mark(t.ok)])
            }
            m += "\n"
        }
        m += "### Arrivals per unit (C5)\n\n"
        m += (r.arrivalCap.map { "Cap: **\($0)** cadres from other units per unit." } ?? "No cap is set.") + " Units not listed receive none.\n\n"
        if !r.arrivals.isEmpty {
            m += header(["unit", "arrivals", "cap", ""])
            for a in r.arrivals { m += row(["\(e(a.unitName)) (\(e(a.unit)))", "\(a.arrivals)", a.cap.map(String.init) ?? "–", mark(a.ok)]) }
            m += "\n"
        }
        m += "### Moves (C6) and quotas (C7)\n\n"
        m += r.moveCap.map { "Moves: **\(s.moves)** of at most \($0) \(mark(s.moves <= $0))." } ?? "Moves: **\(s.moves)**; no cap is set."
        m += "\n\n"
        if r.quotas.isEmpty {
            m += "No move quotas are set.\n\n"
        } else {
            m += header(["move type", "quota", "in the plan", ""])
            for q in r.quotas { m += row([q.type.rawValue, "\(q.quota)", "\(q.achieved)", mark(q.isMet)]) }
            m += "\n"
        }

        m += "## Moves by unit\n\n"
        for u in r.units where u.changed {
            m += "### \(e(u.name)) (\(e(u.id))) — \(u.level.name)\(u.weak ? ", weak" : "") · \(u.arrivals) arriving, \(u.departures) leaving\n\n"
            m += header(["post", "now", "in the plan", "move", "reasons"])
            for p in u.rows {
                let before = person(p.before) + (p.beforeGoesTo.map { " → \(e($0))" } ?? "")
                let after = person(p.after) + (p.afterComesFrom.map { " (from \(e($0)))" } ?? "")
                let move = (p.type?.rawValue ?? "**empty**") + (p.crossBlock ? ", cross-block" : "")
                let cells = [p.changed ? "**\(e(p.title))** (\(e(p.post)))" : "\(e(p.title)) (\(e(p.post)))", before, after, move,
                             p.changed ? p.reasons.map(e).joined(separator: "; ") : ""]
                m += row(cells)
            }
            m += "\n"
        }
        let unchanged = r.units.filter { !$0.changed }
        if !unchanged.isEmpty {
            m += "**No change in \(unchanged.count) unit\(unchanged.count == 1 ? "" : "s"):** "
                + unchanged.map { "\(e($0.name)) (\(e($0.id)))" }.joined(separator: ", ") + ".\n\n"
        }

        m += "## Releases\n\n"
        if r.releases.isEmpty {
            m += "Every cadre who holds a post now and is not retiring keeps a post.\n\n"
        } else {
            m += header(["cadre", "post held now", "unit", "reasons"])
            for rel in r.releases {
                m += row([person(rel.cadre), "\(e(rel.previousTitle)) (\(e(rel.previousPost)))", "\(e(rel.unitName)) (\(e(rel.unit)))",
                          rel.reasons.map(e).joined(separator: "; ")])
            }
            m += "\n"
        }
        m += "### Retiring\n\n"
        if r.retiring.isEmpty {
            m += "No cadre reaches retirement age by \(s.planYear).\n"
        } else {
            for c in r.retiring {
                m += "- \(person(c.cadre)), age \(c.age)" + (c.post.map { ", now \(e(c.title ?? "")) (\(e($0)))" } ?? ", no post") + ", \(e(c.unitName))\n"
            }
        }
        return m
    }
}
