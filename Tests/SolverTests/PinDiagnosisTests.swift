import Foundation
import AssignModel
import Solver
import Testing

/// Pins that contradict each other are named with their pins.csv lines, and a plan says which
/// assignments a pin made.
@Suite("Pins in the diagnosis and the reasons")
struct PinDiagnosisTests {
    static func tiny(pins: [(String, String, PinAction)]) throws -> Instance {
        var instance = try Examples.load("tiny")
        instance.pins = pins.enumerated().map { i, p in
            Pin(cadre: instance.cadreIndex[p.0]!, post: instance.postIndex[p.1]!, action: p.2, line: i + 2)
        }
        return instance
    }

    @Test("one cadre fixed to two posts: the blocker names both pins and lines, and removing either restores a plan")
    func cadreFixedTwice() throws {
        let instance = try Self.tiny(pins: [("C01", "AP-BT", .fix), ("C01", "AS-BT", .fix)])
        #expect(PlanSolver.solve(instance).status == .infeasible)
        let d = Diagnoser.diagnose(instance)
        let pin = try #require(d.blockers.first { $0.message.contains("place") })
        #expect(pin.rule == .C3)
        #expect(pin.message.contains("line 2 (C01 → AP-BT)") && pin.message.contains("line 3 (C01 → AS-BT)"))
        #expect(Set(pin.posts) == ["AP-BT", "AS-BT"] && pin.cadres == ["C01"])
        #expect(d.pinRemovals.map(\.line).sorted() == [2, 3])
        #expect(d.pinRemovals.allSatisfy { $0.objective != nil })
        #expect(!d.text.contains("conflict only together"))
        #expect(d.text.contains("line 3: fix C01 → AS-BT"))
        #expect(d.json.serialized().contains("\"pin_removals\""))
    }

    @Test("two cadres fixed to one post: the blocker names the post, both cadres and both lines")
    func postFixedTwice() throws {
        let instance = try Self.tiny(pins: [("C01", "AS-BT", .fix), ("C03", "AS-BT", .fix)])
        #expect(PlanSolver.solve(instance).status == .infeasible)
        let d = Diagnoser.diagnose(instance)
        let pin = try #require(d.blockers.first { $0.message.contains("give post AS-BT") })
        #expect(pin.message.contains("line 2 (C01 → AS-BT)") && pin.message.contains("line 3 (C03 → AS-BT)"))
        #expect(Set(pin.cadres) == ["C01", "C03"])
        #expect(!d.pinRemovals.isEmpty)
        for removal in d.pinRemovals {
            var copy = instance
            copy.pins.removeAll { $0.line == removal.line }
            #expect(PlanSolver.solve(copy).status == .optimal)
        }
    }

    @Test("fix pins bringing more arrivals than the cap are named with their lines under the cap")
    func fixedArrivalsAboveCap() throws {
        var instance = try Self.tiny(pins: [("C01", "AS-BT", .fix), ("C02", "AS-CT", .fix)])
        instance.policy.maxArrivalsPerUnit = 1
        #expect(PlanSolver.solve(instance).status == .infeasible)
        let d = Diagnoser.diagnose(instance)
        let cap = try #require(d.blockers.first { $0.message.contains("more than max_arrivals_per_unit 1") })
        #expect(cap.units == ["AS"] && Set(cap.cadres) == ["C01", "C02"])
        #expect(cap.message.contains("line 2 (C01 → AS-BT)") && cap.message.contains("line 3 (C02 → AS-CT)"))
    }

    @Test("a plan's reasons say which assignment a fix pin made, with its line")
    func reasonsNameThePin() throws {
        let instance = try Self.tiny(pins: [("C01", "AS-BT", .fix)])
        let plan = try #require(PlanSolver.solve(instance).plan)
        let pinned = try #require(plan.assignments.first { $0.post == "AS-BT" })
        #expect(pinned.cadre == "C01")
        #expect(pinned.reasons.first == "fixed by the committee: fix pin on pins.csv line 2 (C3)")
        #expect(!plan.assignments.filter { $0.post != "AS-BT" }.contains { $0.reasons.contains { $0.contains("fix pin") } })
    }
}

@Suite("Diagnosis lists")
struct DiagnosisListTests {
    @Test("a move cap blocker lists every post that must change hands, not the first 50")
    func moveCapListsEveryPost() throws {
        var instance = try InstanceGenerator(communes: 70, agencies: 15, seed: 5).readBack()
        instance.policy.maxMoves = 1
        let d = Diagnoser.diagnose(instance, options: SolveOptions(timeLimit: 3))
        let cap = try #require(d.blockers.first { $0.rule == .C6 })
        let stated = try #require(cap.message.split(separator: " ").dropFirst(2).first.flatMap { Int($0) })
        #expect(stated > 50)
        #expect(cap.posts.count == stated)
        #expect(d.json.serialized().contains("\"\(cap.posts.last!)\""))
    }
}
