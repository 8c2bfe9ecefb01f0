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

        @OptionGroup var input: InstanceOptions

        func run() throws {
            let started = Date()
            let instance = try input.load()
            let seconds = Date().timeIntervalSince(started)
            let facts = instance.allFacts()
            let holders = instance.cadres.filter { $0.post != nil }.count
            let levels = Level.allCases.reversed().map { level in
                "\(instance.units.filter { $0.level == level }.count) \(level.name)"
            }
            say("\(input.instance): valid (plan year \(instance.policy.year))")
            say("  \(instance.units.count) units (\(levels.joined(separator: ", "))), \(instance.units.filter(\.weak).count) weak")
            say("  \(instance.posts.count) posts (\(instance.posts.filter(\.key).count) key, \(instance.posts.filter(\.restricted).count) restricted), \(instance.posts.count - instance.holder.compactMap { $0 }.count) without a holder")
            say("  \(instance.cadres.count) cadres: \(holders) hold a post, \(instance.cadres.count - holders) in reserve; \(facts.filter(\.retiring).count) retiring, \(facts.filter(\.mustLeave).count) at their term limit")
            say("  \(instance.pins.count) pins, \(instance.scores.count) scores, \(instance.skillNames.count) skill tags")
            say(String(format: "  read and validated in %.3f s", seconds))
        }
    }
}
