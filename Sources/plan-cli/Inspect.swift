import AssignModel
import ArgumentParser
import Foundation

extension PlanCommand {
    /// `plan inspect`: read and validate an instance without solving it.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read and validate an instance and print what it holds, without solving.",
            discussion: "Exit 0 when the instance is valid, 1 with every problem located otherwise."
        )

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
                "\(instance.units.filter { $0.level == level }.count) \(level.name)"
            }
            say("\(input.instance): valid (plan year \(instance.policy.year))")
            say("  \(instance.units.count) units (\(levels.joined(separator: ", "))), \(instance.units.filter(\.weak).count) weak")
            say("  \(instance.posts.count) posts (\(instance.posts.filter(\.key).count) key, \(instance.posts.filter(\.restricted).count) restricted), \(instance.posts.count - instance.holder.compactMap { $0 }.count) without a holder")
            say("  \(instance.cadres.count) cadres: \(holders) hold a post, \(instance.cadres.count - holders) in reserve; \(facts.filter(\.retiring).count) retiring, \(facts.filter(\.mustLeave).count) at their term limit")
            if let joint = grouped.joint {
                let groups = joint.members.filter { $0.count > 1 }
                var holders = [Int](repeating: 0, count: grouped.posts.count)
                for cadre in grouped.cadres { if let g = cadre.post { holders[g] += 1 } }
                let shared = holders.filter { $0 > 1 }.count
                say("  \(groups.count) joint groups (kiêm nhiệm) of \(groups.map(\.count).reduce(0, +)) posts\(shared > 0 ? "; \(shared) held now by two or more cadres (at most one keeps it)" : "")")
            }
            say("  \(instance.pins.count) pins, \(instance.scores.count) scores, \(instance.relations.count) relation\(instance.relations.count == 1 ? "" : "s"), \(instance.skillNames.count) skill tags")
            let policy = instance.policy
            // SPEC §11.3: who may not take another post this year.
            if let minimum = policy.minYearsInPost {
                let held = facts.filter { f in f.tenure.map { $0 < minimum } ?? false }.count
                say("  min_years_in_post \(minimum): \(held) holder\(held == 1 ? "" : "s") may only stay or be released (E8)")
            }
            // C4: what each share target covers and how many of its posts are held by a qualifying cadre now.
            let plain = PlainReading(instance)
            for target in policy.shareTargets {
                let set = plain.posts(of: target)
                let now = set.filter { p in instance.holder[p].map { plain.counts(target.of, cadre: $0, post: p) } ?? false }.count
                let need = target.groups(set, in: instance).reduce(0) { $0 + target.need(posts: $1.count) }
                say("  share target \(target.name.isEmpty ? "" : target.name + " ")(\(target.label)): \(set.count) posts, needs \(need) held by \(target.of.holder)\(target.perUnit ? " (summed over units)" : ""); \(now) are now")
            }
            say(String(format: "  read and validated in %.3f s", seconds))
        }
    }
}
