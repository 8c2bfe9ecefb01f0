/// Plain-language reasons for each assignment and release of a plan (SPEC §8 `reasons`).
public struct ReasonWriter {
    let instance: Instance
    let facts: [CadreFacts]
    /// New holder of each post.
    let holderOf: [Int?]
    /// New post of each cadre.
    let postOf: [Int?]
    /// Share targets each post counts towards.
    let targetsOf: [[Int]]
    /// pins.csv line of each fix pin, by `pairKey`.
    let fixLine: [Int: Int]
    /// Each cadre's relatives (relations.csv), with the kind of relation.
    let relatives: [Int: [(other: Int, kind: String)]]

    /// `pairs` are the plan's (cadre, post) assignments by index.
    public init(instance: Instance, facts: [CadreFacts], pairs: [(cadre: Int, post: Int)]) {
        self.instance = instance
        self.facts = facts
        var holderOf = [Int?](repeating: nil, count: instance.posts.count)
        var postOf = [Int?](repeating: nil, count: instance.cadres.count)
        for (c, p) in pairs {
            holderOf[p] = c
            postOf[c] = p
        }
        self.holderOf = holderOf
        self.postOf = postOf
        var targetsOf = [[Int]](repeating: [], count: instance.posts.count)
        for (t, target) in instance.policy.shareTargets.enumerated() {
            for p in instance.posts.indices where instance.shareWeight(target, post: p) > 0 {
                targetsOf[p].append(t)
            }
        }
        self.targetsOf = targetsOf
        var fixLine: [Int: Int] = [:]
        for pin in instance.pins where pin.action == .fix { fixLine[instance.pairKey(pin.cadre, pin.post)] = pin.line }
        self.fixLine = fixLine
        var relatives: [Int: [(other: Int, kind: String)]] = [:]
        for r in instance.relations {
            relatives[r.cadre, default: []].append((r.other, r.kind))
            relatives[r.other, default: []].append((r.cadre, r.kind))
        }
        self.relatives = relatives
    }

    private func who(_ c: Int) -> String { "\(instance.cadres[c].name) (\(instance.cadres[c].id))" }
    private func unitName(_ u: Int) -> String { "\(instance.units[u].name) (\(instance.units[u].id))" }

    /// Why cadre `c` does not keep the post held now, if the cadre had one; nil for a reserve cadre.
    func whyLeaves(_ c: Int) -> String? {
        let cadre = instance.cadres[c], f = facts[c]
        guard let q = cadre.post else { return nil }
        let post = instance.posts[q]
        if f.mustLeave {
            return tr("reason.termLimit", ["rule": RuleID.E3.rawValue, "post": post.id, "tenure": String(f.tenure ?? 0),
                                           "limit": String(f.limit ?? 0), "unit": unitName(cadre.unit)])
        }
        let broken = instance.brokenRules(cadre: c, post: q, facts: f)
        if let rule = broken.first {
            return tr("reason.cannotStay", ["rule": rule.label, "why": instance.explain(rule, cadre: c, post: q, facts: f)])
        }
        // A relative holds a post of this unit in the plan: C8 lets only one of them stay.
        for (d, kind) in relatives[c] ?? [] {
            guard let r = postOf[d], instance.posts[r].unit == cadre.unit else { continue }
            return tr("reason.relative", ["kind": kind.isEmpty ? "" : " (\(kind))", "other": who(d), "post": instance.posts[r].id,
                                          "unit": unitName(cadre.unit), "rule": RuleID.C8.rawValue])
        }
        if let d = holderOf[q] {
            var text = tr("reason.madeRoom", ["other": who(d), "post": post.id])
            if targetsOf[q].contains(where: { instance.policy.shareTargets[$0].of == .nonLocal })
                && instance.isNonLocal(cadre: d, post: q) && !instance.isNonLocal(cadre: c, post: q) {
                text += tr("reason.madeRoom.nonLocal", ["rule": RuleID.C4.rawValue])
            }
            return text
        }
        return nil
    }

    /// Reasons for giving post `p` to cadre `c`.
    public func reasons(cadre c: Int, post p: Int) -> [String] {
        let cadre = instance.cadres[c], post = instance.posts[p], f = facts[c]
        let type = instance.moveType(cadre: c, post: p)
        var out: [String] = []
        if let line = fixLine[instance.pairKey(c, p)] {
            out.append(tr("reason.fixed", ["where": Pin.place(line: line, action: .fix), "rule": RuleID.C3.rawValue]))
        }
        switch type {
        case .stay:
            var text = tr("reason.stays")
            if let t = f.tenure {
                text += tr("reason.stays.held", ["years": Catalogue.years(t),
                                                 "limit": f.limit.map { tr("reason.stays.limit", ["limit": String($0)]) } ?? ""])
            }
            out.append(text)
            if let minimum = instance.policy.minYearsInPost, let t = f.tenure, t < minimum {
                out.append(tr("reason.e8", ["years": Catalogue.years(t), "minimum": String(minimum), "rule": RuleID.E8.rawValue]))
            }
        default:
            if let why = whyLeaves(c) { out.append(why) }
            else { out.append(tr("reason.fromReserve")) }
            let from = instance.units[cadre.unit], to = instance.units[post.unit]
            switch type {
            case .within: out.append(tr("reason.within", ["unit": unitName(post.unit)]))
            case .down, .up:
                out.append(tr(type == .down ? "reason.down" : "reason.up",
                              ["fromLevel": from.level.label, "from": from.id, "toLevel": to.level.label, "unit": unitName(post.unit)]))
            default: out.append(tr("reason.horizontal", ["from": from.id, "unit": unitName(post.unit)]))
            }
            if instance.isCrossBlock(cadre: c, post: p), let q = cadre.post {
                out.append(tr("reason.crossBlock", ["from": instance.posts[q].block.label, "to": post.block.label]))
            }
        }
        let targets = instance.policy.shareTargets
        if post.restricted {
            out.append(tr("reason.restricted", ["post": post.id, "rule": RuleID.E2.rawValue]))
        } else {
            let labels = targetsOf[p].filter { targets[$0].of == .nonLocal }.map { targets[$0].label }
            if !labels.isEmpty && instance.isNonLocal(cadre: c, post: p) {
                out.append(tr("reason.nonLocalShare", ["labels": labels.joined(separator: "; ")]))
            }
        }
        // SPEC §11.2 targets on the holder's own attributes.
        let age = instance.policy.year - cadre.birthYear
        for kind in [ShareKind.female, .young, .minority] where instance.counts(kind, cadre: c, post: p) {
            let labels = targetsOf[p].filter { targets[$0].of == kind }.map { targets[$0].label }
            let age = kind == .young ? tr("reason.age", ["age": String(age), "young": String(instance.policy.youngAge)]) : ""
            if !labels.isEmpty {
                out.append(tr("reason.countsTowards", ["share": kind.shareName, "age": age, "labels": labels.joined(separator: "; "),
                                                       "rule": RuleID.C4.rawValue]))
            }
        }
        if instance.wants(cadre: c, post: p) {
            out.append(tr("reason.preference", ["unit": unitName(post.unit)]))
        }
        if instance.isWeakHead(post: p) {
            out.append(tr("reason.weak", ["unit": instance.units[post.unit].id, "rating": String(cadre.rating)]))
        }
        let s = instance.score(cadre: c, post: p)
        if s != 0 { out.append(tr("reason.score", ["score": JSON.format(s)])) }
        return out
    }

    /// Reasons why cadre `c`, who holds a post now, gets none.
    public func releaseReasons(cadre c: Int) -> [String] {
        var out: [String] = []
        if let why = whyLeaves(c) { out.append(why) }
        let f = facts[c]
        var tally = RuleTally()
        var eligible = 0
        for p in instance.posts.indices {
            let broken = instance.brokenMask(cadre: c, post: p, facts: f)
            if broken.isEmpty { eligible += 1 } else { tally.add(broken) }
        }
        if eligible == 0 {
            out.append(tr("reason.noEligible", ["tally": tally.text(limit: 3)]))
        } else {
            out.append(eligible == 1 ? tr("reason.othersCheaper.one") : tr("reason.othersCheaper", ["count": String(eligible)]))
        }
        return out
    }
}
