import AssignModel
import PlanReports
import Foundation
import Testing

/// Plans of `examples/tiny` built by hand, with every stated field (type, cost, objective, releases)
/// computed from the instance so that the checker finds no fault in the file itself.
enum TinyPlans {
    static func instance() throws -> Instance { try InstanceReader.read(directory: Fixture.tinyDirectory) }

    /// The optimal plan of SPEC §10 (objective 896): the four ward secretaries rotate, C11 fills TK-PV, C10 is released.
    static let optimalPairs: [(post: String, cadre: String)] = [
        ("AX-BT", "C03"), ("AX-CT", "C05"), ("AP-BT", "C01"), ("AP-CT", "C06"), ("AS-BT", "C04"),
        ("AS-CT", "C07"), ("HH-BT", "C02"), ("HH-CT", "C08"), ("TK-PB", "C09"), ("TK-PV", "C11"),
    ]

    /// A plan giving each post to the named cadre; `releaseReasons` are written for every release.
    static func plan(_ pairs: [(post: String, cadre: String)], _ instance: Instance,
                     releaseReasons: [String] = ["given by the test"]) -> Plan {
        var objective = 0.0
        var assigned = Set<Int>()
        let assignments = pairs.map { pair -> Assignment in
            let p = instance.postIndex[pair.post]!, c = instance.cadreIndex[pair.cadre]!
            assigned.insert(c)
            let cost = instance.cost(cadre: c, post: p)
            objective += cost
            return Assignment(post: pair.post, cadre: pair.cadre, type: instance.moveType(cadre: c, post: p),
                              crossBlock: instance.isCrossBlock(cadre: c, post: p), cost: cost, reasons: [])
        }
        let facts = instance.allFacts()
        let released = instance.cadres.indices.filter { !assigned.contains($0) && instance.releasable($0, facts: facts[$0]) }
        objective += instance.policy.weights.release * Double(released.count)
        let releases = released.map { c in
            Release(cadre: instance.cadres[c].id, previousPost: instance.posts[instance.cadres[c].post!].id, reasons: releaseReasons)
        }
        return Plan(status: .optimal, objective: objective, bound: objective, assignments: assignments,
                    released: releases.map(\.cadre), releases: releases, stats: [])
    }

    static func optimal(_ instance: Instance) -> Plan { plan(optimalPairs, instance) }

    /// `optimalPairs` with some posts given to other cadres.
    static func changed(_ changes: [String: String]) -> [(post: String, cadre: String)] {
        optimalPairs.map { ($0.post, changes[$0.post] ?? $0.cadre) }
    }
}

@Suite("plan report")
struct ReportTests {
    @Test("the HTML page is self-contained: inline style and SVG, no scripts and no links outside the file")
    func selfContained() throws {
        let instance = try TinyPlans.instance()
        let html = HTMLReport.render(PlanReport(plan: TinyPlans.optimal(instance), instance: instance))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("<style>"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
    }

    @Test("Vietnamese names appear as written, and markup characters in names are escaped")
    func namesAndEscaping() throws {
        var files = try Fixture.tiny()
        files["units.csv"] = files["units.csv"]!.replacingOccurrences(of: "Phường An Sơn", with: "<b>Phường \"An\" Sơn & Co</b>")
        files["cadres.csv"] = files["cadres.csv"]!.replacingOccurrences(of: "Lê Quốc Cường", with: "Lê Quốc 'Cường' <i>")
        let instance = try Fixture.read(files)
        let report = PlanReport(plan: TinyPlans.optimal(instance), instance: instance)
        let html = HTMLReport.render(report)
        for name in ["Nguyễn Văn An", "Trần Thị Bình", "Phạm Minh Dũng", "Nguyễn Hữu Phương", "Hồ Văn Nam",
                     "Đỗ Ngọc Mai, Jr.", "Phường Hòa Hương", "Văn phòng Thành ủy Tam Kỳ", "Bí thư Đảng ủy phường"] {
            #expect(html.contains(name), "\(name)")
        }
        #expect(html.contains("&lt;b&gt;Phường &quot;An&quot; Sơn &amp; Co&lt;/b&gt;"))
        #expect(html.contains("Lê Quốc &#39;Cường&#39; &lt;i&gt;"))
        #expect(!html.contains("<b>Phường"))
        #expect(!html.contains("<i>"))
        let md = MarkdownReport.render(report)
        #expect(md.contains("Nguyễn Hữu Phương"))
        #expect(md.contains("&lt;b&gt;Phường \"An\" Sơn &amp; Co&lt;/b&gt;"))
        #expect(!md.contains("<i>"))
    }

    @Test("every moved cadre is listed, with the post before and after")
    func movedCadres() throws {
        let instance = try TinyPlans.instance()
        let plan = TinyPlans.optimal(instance)
        let report = PlanReport(plan: plan, instance: instance)
        let moved = plan.assignments.filter { $0.type != .stay }
        #expect(moved.count == 5)
        #expect(report.movedCadres.map(\.id).sorted() == moved.map(\.cadre).sorted())
        let html = HTMLReport.render(report), md = MarkdownReport.render(report)
        for a in moved {
            let name = instance.cadres[instance.cadreIndex[a.cadre]!].name
            #expect(html.contains(name), "\(name)")
            #expect(md.contains(name), "\(name)")
        }
        // C01 moves from AX-BT to AP-BT: the AP-BT row shows C02 leaving for HH-BT and C01 arriving from AX-BT.
        let row = try #require(report.units.flatMap(\.rows).first { $0.post == "AP-BT" })
        #expect(row.before?.id == "C02")
        #expect(row.after?.id == "C01")
        #expect(row.type == .horizontal)
        #expect(row.beforeGoesTo?.hasPrefix("HH-BT") == true)
        #expect(row.afterComesFrom?.hasPrefix("AX-BT") == true)
        #expect(report.units.allSatisfy { $0.changed })
    }

    @Test("every share target and every cadre at the term limit is shown, with how it is resolved")
    func complianceSections() throws {
        let instance = try TinyPlans.instance()
        let report = PlanReport(plan: TinyPlans.optimal(instance), instance: instance)
        let target = try #require(report.shareTargets.first)
        #expect(report.shareTargets.count == instance.policy.shareTargets.count)
        #expect((target.posts, target.needed, target.now, target.achieved) == (8, 4, 0, 4))
        #expect(target.isMet)
        let facts = instance.allFacts()
        let mustLeave = instance.cadres.indices.filter { facts[$0].mustLeave }.map { instance.cadres[$0].id }
        #expect(report.termLimits.map(\.cadre.id) == mustLeave)
        #expect(mustLeave == ["C01", "C02", "C03", "C04", "C10"])
        #expect(report.termLimits.allSatisfy { $0.ok })
        let c10 = try #require(report.termLimits.first { $0.cadre.id == "C10" })
        #expect(c10.resolution == .released)
        let c01 = try #require(report.termLimits.first { $0.cadre.id == "C01" })
        #expect(c01.resolution == .moved(post: "AP-BT", title: "Bí thư Đảng ủy phường", unit: "AP", unitName: "Phường An Phú", type: .horizontal))
        #expect(report.arrivalCap == 1)
        #expect(report.arrivals.map(\.unit) == ["AX", "AP", "AS", "HH"])
        #expect(report.arrivals.allSatisfy { $0.arrivals == 1 && $0.ok })

        let html = HTMLReport.render(report), md = MarkdownReport.render(report)
        for text in [html, md] {
            #expect(text.contains(target.label))
            #expect(text.contains("Term limits (E3)"))
            #expect(text.contains("Share targets (C4)") && text.contains("a non-local"))
            #expect(text.contains("Arrivals per unit (C5)"))
            #expect(text.contains("Moves (C6) and quotas (C7)"))
            for c in report.termLimits { #expect(text.contains(c.cadre.name), "\(c.cadre.name)") }
        }
    }

    @Test("the summary counts moves by type, releases and retirements from the pairs, not from the file")
    func summaryFigures() throws {
        let instance = try TinyPlans.instance()
        var plan = TinyPlans.optimal(instance)
        // A wrong stated type must not change the counts (the checker reports it).
        plan.assignments[0].type = .stay
        let report = PlanReport(plan: plan, instance: instance)
        let s = report.summary
        #expect(s.status == .optimal)
        #expect(s.objective == 896)
        #expect(s.recomputedObjective == 896)
        #expect(s.byType[.stay] == 5 && s.byType[.horizontal] == 4 && s.byType[.within] == 1)
        #expect(s.releases == 1)
        #expect(s.retiring == 0)
        #expect(s.moves == 6)
        #expect(report.releases.map(\.cadre.id) == ["C10"])
        #expect(report.releases.first?.reasons == ["given by the test"])
        #expect(report.violations.count == 1)
        #expect(report.violations.first?.rule == nil)
    }

    @Test("a plan that breaks rules gets a violations section before everything else")
    func brokenPlan() throws {
        let instance = try TinyPlans.instance()
        // C04, a low-rated local whose term is over, keeps HH-BT; C02 goes to AS-BT instead.
        let plan = TinyPlans.plan(TinyPlans.changed(["HH-BT": "C04", "AS-BT": "C02"]), instance)
        let report = PlanReport(plan: plan, instance: instance)
        let rules = Set(report.violations.compactMap(\.rule))
        #expect(rules.isSuperset(of: [.E2, .E3, .E6]))
        let c04 = try #require(report.termLimits.first { $0.cadre.id == "C04" })
        #expect(c04.resolution == .stillInUnit(post: "HH-BT"))
        #expect(!c04.ok)

        let html = HTMLReport.render(report)
        let alarm = try #require(html.range(of: "This plan breaks rules"))
        let summary = try #require(html.range(of: "<h2>Summary</h2>"))
        #expect(alarm.lowerBound < summary.lowerBound)
        #expect(html.contains("E2 non-local post"))
        #expect(html.contains("E6 weak-unit rating"))
        #expect(html.contains("Phạm Minh Dũng (C04)"))
        #expect(!html.contains("Every rule holds"))
        let md = MarkdownReport.render(report)
        #expect(md.contains("## ⚠ This plan breaks rules"))
        #expect(md.contains("E3 term limit"))

        let valid = HTMLReport.render(PlanReport(plan: TinyPlans.optimal(instance), instance: instance))
        #expect(!valid.contains("This plan breaks rules"))
        #expect(valid.contains("Every rule holds"))
    }

    @Test("a plan that leaves a post empty or names an unknown cadre is reported, not trusted")
    func incompletePlan() throws {
        let instance = try TinyPlans.instance()
        var plan = TinyPlans.optimal(instance)
        plan.assignments.removeAll { $0.post == "HH-CT" }
        plan.assignments.append(Assignment(post: "XX-1", cadre: "C99", type: .stay, crossBlock: false, cost: 0, reasons: []))
        let report = PlanReport(plan: plan, instance: instance)
        #expect(report.violations.contains { $0.rule == .C1 && $0.posts == ["HH-CT"] })
        let row = try #require(report.units.flatMap(\.rows).first { $0.post == "HH-CT" })
        #expect(row.after == nil && row.type == nil)
        let html = HTMLReport.render(report)
        #expect(html.contains("This plan breaks rules"))
        #expect(html.contains("unknown post"))
    }

    @Test("releases keep the plan's reasons; without them the report writes its own")
    func releaseReasons() throws {
        let instance = try TinyPlans.instance()
        let dir = try Fixture.write([String: String]())
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("plan.json")
        try TinyPlans.plan(TinyPlans.optimalPairs, instance, releaseReasons: ["xin nghỉ theo nguyện vọng"]).json.serialized()
            .write(to: file, atomically: true, encoding: .utf8)
        let read = try Plan.readWithReleaseReasons(file)
        #expect(read.releases == [Release(cadre: "C10", previousPost: "TK-PV", reasons: ["xin nghỉ theo nguyện vọng"])])
        #expect(HTMLReport.render(PlanReport(plan: read, instance: instance)).contains("xin nghỉ theo nguyện vọng"))

        let bare = TinyPlans.plan(TinyPlans.optimalPairs, instance, releaseReasons: [])
        let reasons = PlanReport(plan: bare, instance: instance).releases.first?.reasons ?? []
        #expect(reasons.contains { $0.hasPrefix("term limit (E3)") })
    }

    @Test("flows add up: every move and release is counted once on each side and in the level matrix")
    func flows() throws {
        let instance = try TinyPlans.instance()
        let report = PlanReport(plan: TinyPlans.optimal(instance), instance: instance)
        let f = report.flows
        #expect(f.total == 6)
        #expect(f.sources.map(\.count).reduce(0, +) == 6)
        #expect(f.targets.map(\.count).reduce(0, +) == 6)
        #expect(f.links.map(\.count).reduce(0, +) == 6)
        #expect(f.levelMatrix[Level.district.rawValue] == [0, 1, 0, 1])
        #expect(f.levelMatrix[Level.commune.rawValue] == [4, 0, 0, 0])
        #expect(f.targets.last?.kind == .released)
        #expect(f.levels == [.district, .commune])
        // Levels only: one group per level on each side.
        #expect(report.levelFlows.sources.map(\.kind) == [.others(.district), .others(.commune)])
        // Few names: the other communes are folded into one group, and nothing is lost.
        let folded = PlanReport(plan: TinyPlans.optimal(instance), instance: instance, maxNamedUnits: 1).flows
        #expect(folded.foldedUnits > 0)
        #expect(folded.sources.contains { $0.kind == .others(.commune) })
        #expect(folded.links.map(\.count).reduce(0, +) == 6)
        let svg = FlowSVG.render(folded)
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("other commune"))
    }

    @Test("a plan without moves still renders, with an empty flow picture")
    func noMoves() throws {
        var files = try Fixture.tiny()
        // No term limits, no reserved posts, no weak-unit rule: every holder may stay.
        files["policy.yaml"] = "year: 2025\nmax_years: {}\n"
        files["posts.csv"] = files["posts.csv"]!.replacingOccurrences(of: ",party,1,1,party,", with: ",party,1,0,party,")
        let instance = try Fixture.read(files)
        let pairs = instance.posts.indices.map { p in (post: instance.posts[p].id, cadre: instance.cadres[instance.holder[p]!].id) }
        let plan = TinyPlans.plan(pairs, instance)
        let report = PlanReport(plan: plan, instance: instance)
        #expect(report.violations.isEmpty)
        #expect(report.flows.total == 0)
        #expect(report.units.allSatisfy { !$0.changed })
        let html = HTMLReport.render(report)
        #expect(html.contains("No moves"))
        #expect(html.contains("No change in 5 units"))
    }
}

@Suite("plan diff")
struct DiffTests {
    @Test("a plan compared with itself has no differing post")
    func identical() throws {
        let instance = try TinyPlans.instance()
        let plan = TinyPlans.optimal(instance)
        let diff = PlanDiff(plan, plan, instance: instance)
        #expect(diff.changes.isEmpty)
        #expect(diff.releasedOnlyInA.isEmpty && diff.releasedOnlyInB.isEmpty)
        #expect(diff.postsCompared == 10)
        #expect(diff.delta == 0)
        #expect(diff.countLine == "0 posts differ; objective 896 → 896 (Δ ±0)")
        #expect(diff.text() == diff.countLine)
    }

    @Test("two plans differ in exactly the posts whose holder changes, with names and move types")
    func differingPosts() throws {
        let instance = try TinyPlans.instance()
        let a = TinyPlans.optimal(instance)
        // B keeps C10 in TK-PV (no release) and swaps the secretaries of An Phú and Hòa Hương.
        let b = TinyPlans.plan(TinyPlans.changed(["TK-PV": "C10", "AP-BT": "C02", "HH-BT": "C01"]), instance)
        let diff = PlanDiff.compare(a, b, instance: instance)
        #expect(diff.changes.map(\.post) == ["AP-BT", "HH-BT", "TK-PV"])
        let ap = diff.changes[0]
        #expect(ap.unit == "AP" && ap.unitName == "Phường An Phú" && ap.title == "Bí thư Đảng ủy phường")
        #expect(ap.a == PlanDiff.Holder(cadre: "C01", name: "Nguyễn Văn An", type: .horizontal))
        #expect(ap.b == PlanDiff.Holder(cadre: "C02", name: "Trần Thị Bình", type: .stay))
        #expect(diff.changes[2].b?.type == .stay)
        #expect(diff.releasedOnlyInA == [PlanDiff.Released(cadre: "C10", name: "Hồ Văn Nam")])
        #expect(diff.releasedOnlyInB.isEmpty)
        let delta = try #require(diff.delta)
        #expect(abs(delta - ((b.objective ?? 0) - 896)) < 1e-9)
        #expect(diff.countLine.hasPrefix("3 posts differ; objective 896 → "))

        let text = diff.text(nameA: "a.json", nameB: "b.json")
        #expect(text.contains("AP-BT  AP Phường An Phú · Bí thư Đảng ủy phường: C01 Nguyễn Văn An (horizontal) → C02 Trần Thị Bình (stay)"))
        #expect(text.contains("released only in a.json: C10 Hồ Văn Nam"))
        #expect(text.contains(diff.countLine))
        // B keeps C10 in TK-PV past the term limit, and gives AP-BT back to its local holder: it breaks rules.
        #expect(diff.violationsA == 0)
        #expect(diff.violationsB > 0)
        #expect(text.hasSuffix("note: b.json breaks rules (\(diff.violationsB) violations); run plan validate for the list"))

        let json = diff.json().serialized()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["posts_differing"] as? Int == 3)
        #expect((object["changes"] as? [[String: Any]])?.compactMap { $0["post"] as? String } == ["AP-BT", "HH-BT", "TK-PV"])
        // The comparison is symmetric in what it finds.
        let back = PlanDiff(b, a, instance: instance)
        #expect(back.changes.map(\.post) == diff.changes.map(\.post))
        #expect(back.releasedOnlyInB == diff.releasedOnlyInA)
    }

    @Test("posts missing from one plan or unknown to the instance are listed too")
    func missingPosts() throws {
        let instance = try TinyPlans.instance()
        let a = TinyPlans.optimal(instance)
        var b = a
        b.assignments.removeAll { $0.post == "AS-CT" }
        b.assignments.append(Assignment(post: "ZZ-1", cadre: "C99", type: .down, crossBlock: false, cost: 0, reasons: []))
        b.objective = nil
        let diff = PlanDiff(a, b, instance: instance)
        #expect(diff.changes.map(\.post) == ["AS-CT", "ZZ-1"])
        #expect(diff.changes[0].b == nil)
        #expect(diff.changes[1].a == nil && diff.changes[1].unit.isEmpty)
        #expect(diff.changes[1].b == PlanDiff.Holder(cadre: "C99", name: "", type: .down))
        #expect(diff.delta == nil)
        #expect(diff.countLine == "2 posts differ; objective 896 → – (Δ –)")
    }
}
