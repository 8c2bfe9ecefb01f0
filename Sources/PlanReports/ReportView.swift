import AssignModel
import Foundation

/// The one model both report formats render: every figure of a `PlanReport` as plain values
/// (strings unescaped — the template's content type escapes them), with a flag for every choice a
/// template makes. Each section of the report exists once here, and once per template.
///
/// Nested values that may be absent are `NSNull` rather than missing, so that a template never
/// picks up a same-named value of an enclosing section.
enum ReportView {
    static func context(_ r: PlanReport, format: Format) -> [String: Any] {
        let s = r.summary
        func num(_ d: Double?) -> String { d.map(JSON.format) ?? "–" }
        func opt(_ x: Any?) -> Any { x ?? NSNull() }
        func person(_ p: PlanReport.Person?) -> Any {
            guard let p else { return NSNull() }
            return ["id": p.id, "name": p.name, "hasName": !p.name.isEmpty]
        }
        /// A text of the catalogue with a count: the `.one` key for 1.
        func counted(_ key: String, _ n: Int, _ args: [String: String] = [:]) -> String {
            tr(n == 1 ? "report.\(key).one" : "report.\(key)", args.merging(["n": String(n)]) { a, _ in a })
        }
        /// A move type as the templates show it: id and label for the HTML badge, the label in Markdown.
        func typeValue(_ t: MoveType) -> Any { format == .html ? ["id": t.rawValue, "label": t.label] as [String: Any] : t.label }
        var c: [String: Any] = [:]
        // The page's static texts in the process's language (`report.*` keys of the catalogue).
        let language = Language.current
        c["lang"] = language.rawValue
        c["t"] = Catalogue.texts(prefix: "report.", language: language)

        // Header.
        c["title"] = tr("report.title") + (r.instanceName.isEmpty ? "" : " — \(r.instanceName)")
        c["instanceName"] = opt(r.instanceName.isEmpty ? nil : r.instanceName)
        c["planName"] = opt(r.planName.isEmpty ? nil : r.planName)
        c["planNameCode"] = r.planName.replacingOccurrences(of: "`", with: "'")
        c["unitCount"] = s.units
        let ranges = [RuleID.eligibility, RuleID.planRules].map { list in "\(list.first!.rawValue)–\(list.last!.rawValue)" }
        let rules = tr("report.rulesRange", ["e": ranges[0], "c": ranges[1]])
        c["subtitle"] = tr("report.subtitle", ["year": String(s.planYear), "units": String(s.units), "posts": String(s.posts),
                                               "cadres": String(s.cadres)])

        // The checker's verdict.
        c["valid"] = r.violations.isEmpty
        c["recomputed"] = num(s.recomputedObjective)
        c["violationsCount"] = counted("violations", r.violations.count)
        c["validText"] = tr("report.validText", ["rules": rules, "recomputed": num(s.recomputedObjective)])
        c["validTextShort"] = tr("report.validTextShort", ["rules": rules, "recomputed": num(s.recomputedObjective)])
        c["violations"] = r.violations.enumerated().map { i, v -> [String: Any] in
            [
                "n": i + 1, "rule": v.rule?.label ?? tr("check.planFile"), "message": v.message,
                "cadres": v.cadres.map { id -> [String: Any] in ["id": id, "name": opt(r.cadreNames[id]), "last": false] }.markLast(),
                "hasCadres": !v.cadres.isEmpty,
                "posts": v.posts.map { ["id": $0, "last": false] as [String: Any] }.markLast(),
                "hasPosts": !v.posts.isEmpty,
                "hasBoth": !v.cadres.isEmpty && !v.posts.isEmpty,
                "hasDetail": !v.cadres.isEmpty || !v.posts.isEmpty,
            ]
        }

        // Summary.
        c["status"] = s.status.rawValue
        c["statusLabel"] = tr("status.\(s.status.rawValue)")
        c["objective"] = num(s.objective)
        c["bound"] = num(s.bound)
        if let o = s.objective, let b = s.bound, o != 0, s.status != .optimal {
            c["gap"] = String(format: " (gap %.2f %%)", 100 * (o - b) / abs(o))
        } else {
            c["gap"] = ""
        }
        c["recomputedDiffers"] = s.objective.map { abs($0 - s.recomputedObjective) > 1e-6 * max(1, abs($0)) } ?? false
        c["moves"] = s.moves
        c["moveCap"] = opt(r.moveCap)
        c["movesWithinCap"] = r.moveCap.map { s.moves <= $0 } ?? true
        c["releases"] = s.releases
        c["retiring"] = s.retiring
        c["crossBlock"] = s.crossBlock
        c["changedUnits"] = s.changedUnits
        c["types"] = MoveType.allCases.map { ["type": typeValue($0), "count": s.byType[$0, default: 0]] as [String: Any] }
        c["meanings"] = MoveType.allCases.filter { $0 != .stay }.map { ["type": $0.label, "meaning": meaning($0), "last": false] as [String: Any] }.markLast()

        // Flows.
        let f = r.flows
        c["legend"] = (f.levels.map { ($0.label, FlowModel.Kind.unit($0)) } + [(tr("report.released"), .released)])
            .map { ["name": $0.0, "colour": FlowSVG.colour($0.1)] as [String: Any] }
        c["matrixColumns"] = f.matrixColumns.map(\.name)
        c["matrixRows"] = f.levels.map { from -> [String: Any] in
            let row = f.levelMatrix[from.rawValue]
            return ["level": from.label, "cells": f.matrixColumns.map(\.index).map { row[$0] == 0 ? "·" : String(row[$0]) },
                    "total": row.reduce(0, +)]
        }
        if format == .html {
            c["levelSVG"] = FlowSVG.render(r.levelFlows, flowHeight: 200, label: tr("report.svgLevels"))
            c["unitSVG"] = f.total > 0 ? FlowSVG.render(f) : ""
        }
        c["hasUnitFlows"] = f.total > 0
        c["unitFlowNote"] = f.foldedUnits > 0
            ? tr("report.unitFlowNote", ["named": String(f.namedUnits), "folded": String(f.foldedUnits)])
            : tr("report.unitFlowNote.all")
        c["topLinks"] = f.links.sorted { ($1.count, $0.from, $0.to) < ($0.count, $1.from, $1.to) }.prefix(15)
            .map { ["from": f.sources[$0.from].label, "to": f.targets[$0.to].label, "count": $0.count] as [String: Any] }
        c["hasLinks"] = !f.links.isEmpty
        c["foldedNote"] = f.foldedUnits > 0 ? tr("report.foldedNote", ["n": String(f.foldedUnits)]) : ""

        // Rule compliance: C4, E3, C5, C6 and C7, as the checker counted them.
        c["shares"] = r.shareTargets.map {
            ["label": $0.label, "holder": $0.of.holder, "posts": $0.posts, "needed": $0.needed, "now": $0.now, "achieved": $0.achieved,
             "ok": $0.isMet, "hasShort": !$0.unitsShort.isEmpty, "short": $0.unitsShort.joined(separator: ", ")] as [String: Any]
        }
        c["hasShares"] = !r.shareTargets.isEmpty
        c["termLimits"] = r.termLimits.map { t -> [String: Any] in
            var d: [String: Any] = ["cadre": person(t.cadre), "title": t.title, "post": t.post, "unitName": t.unitName,
                                    "tenure": t.tenure, "limit": t.limit, "ok": t.ok,
                                    "moved": NSNull(), "released": false, "retiringCase": false, "stillInUnit": NSNull()]
            switch t.resolution {
            case .moved(let post, let title, let unit, let unitName, let type):
                d["moved"] = ["type": typeValue(type), "title": title, "post": post, "unit": unit, "unitName": unitName]
            case .released: d["released"] = true
            case .retiring: d["retiringCase"] = true
            case .stillInUnit(let post): d["stillInUnit"] = ["post": post]
            }
            return d
        }
        c["hasTermLimits"] = !r.termLimits.isEmpty
        c["termLimitText"] = counted("termLimitText", r.termLimits.count)
        c["arrivalCap"] = opt(r.arrivalCap)
        c["arrivals"] = r.arrivals.map {
            ["unit": $0.unit, "unitName": $0.unitName, "count": $0.arrivals, "cap": $0.cap.map(String.init) ?? "–", "ok": $0.ok] as [String: Any]
        }
        c["hasArrivals"] = !r.arrivals.isEmpty
        c["arrivalsText"] = counted("arrivalsText", r.arrivals.count, ["most": String(r.arrivals.map(\.arrivals).max() ?? 0)])
        c["quotas"] = r.quotas.map { ["type": typeValue($0.type), "quota": $0.quota, "achieved": $0.achieved, "ok": $0.isMet] as [String: Any] }
        c["hasQuotas"] = !r.quotas.isEmpty
        c["hasRelations"] = r.relations > 0
        c["relations"] = r.relations
        c["relationsKept"] = r.relationsKept
        c["relationsOK"] = r.relationsKept == r.relations
        c["relationsText"] = counted("relationsText", r.relations)

        // Moves by unit.
        let changed = r.units.filter(\.changed), unchanged = r.units.filter { !$0.changed }
        c["changedText"] = counted("changedText", changed.count)
        c["changed"] = changed.map { u -> [String: Any] in
            [
                "id": u.id, "name": u.name, "level": u.level.name, "levelLabel": u.level.label, "weak": u.weak, "arrivals": u.arrivals, "departures": u.departures,
                "rows": u.rows.map { row -> [String: Any] in
                    let flags = (row.key ? [tr("report.flag.key")] : []) + (row.restricted ? [tr("report.flag.restricted")] : [])
                    return [
                        "title": row.title, "post": row.post, "flags": opt(flags.isEmpty ? nil : flags.joined(separator: " · ")),
                        "before": person(row.before), "beforeGoesTo": opt(row.beforeGoesTo),
                        "after": person(row.after), "afterComesFrom": opt(row.afterComesFrom),
                        "type": opt(row.type.map(typeValue)), "crossBlock": row.crossBlock, "changed": row.changed,
                        "reasons": row.reasons, "hasReasons": !row.reasons.isEmpty, "reasonsText": row.reasons.joined(separator: "; "),
                    ]
                },
            ]
        }
        c["unchanged"] = unchanged.map { ["name": $0.name, "id": $0.id, "last": false] as [String: Any] }.markLast()
        c["hasUnchanged"] = !unchanged.isEmpty
        c["unchangedText"] = counted("unchangedText", unchanged.count)

        // Releases and retirements.
        c["releaseRows"] = r.releases.map {
            ["cadre": person($0.cadre), "previousTitle": $0.previousTitle, "previousPost": $0.previousPost, "unitName": $0.unitName,
             "unit": $0.unit, "reasons": $0.reasons, "hasReasons": !$0.reasons.isEmpty, "reasonsText": $0.reasons.joined(separator: "; ")] as [String: Any]
        }
        c["hasReleases"] = !r.releases.isEmpty
        c["retiringRows"] = r.retiring.map {
            ["cadre": person($0.cadre), "age": $0.age, "post": opt($0.post), "title": $0.title ?? "", "unitName": $0.unitName] as [String: Any]
        }
        c["hasRetiring"] = !r.retiring.isEmpty
        c["retiringText"] = counted("retiringText", r.retiring.count, ["year": String(s.planYear)])
        c["noRetiringText"] = tr("report.noRetiring", ["year": String(s.planYear)])
        return c
    }

    enum Format { case html, markdown }

    static func meaning(_ t: MoveType) -> String {
        tr("report.meaning.\(t.rawValue)")
    }
}

extension Array where Element == [String: Any] {
    /// Sets `last` on the final element, for separators in templates.
    func markLast() -> [[String: Any]] {
        var out = self
        if !out.isEmpty { out[out.count - 1]["last"] = true }
        return out
    }
}
