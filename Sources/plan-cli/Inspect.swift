import AssignModel
import ArgumentParser
import Foundation

extension PlanCommand {
    /// `plan inspect`: read and validate an instance without solving it.
    struct Inspect: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(
            abstract: tr("help.Inspect.abstract"),
            discussion: tr("help.Inspect.discussion")
        ) }

        @OptionGroup var language: LanguageOptions

        @OptionGroup var input: InstanceOptions

        func run() throws {
            let started = Date()
            let instance = try input.load()
            let seconds = Date().timeIntervalSince(started)
            // Facts of the grouped instance (SPEC §11.1): a joint group's term limit is its posts' smallest.
            let grouped = instance.grouped()
            let facts = grouped.allFacts()
            let holders = instance.cadres.filter { $0.post != nil }.count
            let levels = Level.allCases.reversed().map { level in
                "\(instance.units.filter { $0.level == level }.count) \(level.label)"
            }
            say(tr("inspect.valid", ["instance": input.instance, "year": String(instance.policy.year)]))
            say("  " + tr("inspect.units", ["n": String(instance.units.count), "levels": levels.joined(separator: ", "),
                                            "weak": String(instance.units.filter(\.weak).count)]))
            say("  " + tr("inspect.posts", ["n": String(instance.posts.count), "key": String(instance.posts.filter(\.key).count),
                                            "restricted": String(instance.posts.filter(\.restricted).count),
                                            "vacant": String(instance.posts.count - instance.holder.compactMap { $0 }.count)]))
            say("  " + tr("inspect.cadres", ["n": String(instance.cadres.count), "holders": String(holders),
                                             "reserve": String(instance.cadres.count - holders),
                                             "retiring": String(facts.filter(\.retiring).count),
                                             "limit": String(facts.filter(\.mustLeave).count)]))
            if let joint = grouped.joint {
                let groups = joint.members.filter { $0.count > 1 }
                var holders = [Int](repeating: 0, count: grouped.posts.count)
                for cadre in grouped.cadres { if let g = cadre.post { holders[g] += 1 } }
                let shared = holders.filter { $0 > 1 }.count
                say("  " + tr("inspect.joint", ["groups": String(groups.count), "posts": String(groups.map(\.count).reduce(0, +))])
                    + (shared > 0 ? tr("inspect.joint.shared", ["n": String(shared)]) : ""))
            }
            say("  " + tr("inspect.files", ["pins": String(instance.pins.count), "scores": String(instance.scores.count),
                                            "relations": tr(instance.relations.count == 1 ? "count.relation.one" : "count.relations",
                                                           ["n": String(instance.relations.count)]), "skills": String(instance.skillNames.count)]))
            let policy = instance.policy
            // SPEC §11.3: who may not take another post this year.
            if let minimum = policy.minYearsInPost {
                let held = facts.filter { f in f.tenure.map { $0 < minimum } ?? false }.count
                say("  " + tr(held == 1 ? "inspect.e8.one" : "inspect.e8", ["minimum": String(minimum), "n": String(held)]))
            }
            // C4: what each share target covers and how many of its posts are held by a qualifying cadre now.
            let plain = PlainReading(instance)
            for target in policy.shareTargets {
                let set = plain.posts(of: target)
                let now = set.filter { p in instance.holder[p].map { plain.counts(target.of, cadre: $0, post: p) } ?? false }.count
                let need = target.groups(set, in: instance).reduce(0) { $0 + target.need(posts: $1.count) }
                say("  " + tr("inspect.share", ["name": target.name.isEmpty ? "" : target.name + " ", "label": target.label,
                                                "posts": String(set.count), "need": String(need), "holder": target.of.holder,
                                                "perUnit": target.perUnit ? tr("inspect.share.perUnit") : "", "now": String(now)]))
            }
            // SPEC §11.5: the phases, with what each caps, asks and targets.
            for phase in policy.phases {
                var parts: [String] = []
                if let cap = phase.maxMoves { parts.append("max_moves \(cap)") }
                if let cap = phase.maxArrivalsPerUnit { parts.append("max_arrivals_per_unit \(cap)") }
                for type in MoveType.quotaTypes { if let q = phase.minMoves[type] { parts.append("min_moves.\(type.rawValue) \(q)") } }
                parts += phase.shareTargets.map { "\($0.name) (\($0.label))" }
                say("  " + tr("inspect.phase", ["year": String(phase.year), "rules": parts.isEmpty ? "–" : parts.joined(separator: "; ")]))
            }
            say("  " + tr("inspect.read", ["seconds": String(format: "%.3f", seconds)]))
        }
    }
}
