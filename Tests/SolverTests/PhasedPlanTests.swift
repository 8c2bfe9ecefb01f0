import AssignModel
import Foundation
import Solver
import Testing

/// Phased plans (SPEC §11.5): the shared vector worked by hand, its variants, the equivalence with a
/// plan of one phase, the independent checker and the plan file.
@Suite("Phased plans")
struct PhasedPlanTests {
    static func solve(_ instance: Instance) throws -> (SolveReport, Plan?) {
        let report = PlanSolver.solve(instance)
        return (report, report.plan)
    }

    static func objective(_ instance: Instance, sourceLocation: SourceLocation = #_sourceLocation) throws -> Double? {
        let report = PlanSolver.solve(instance)
        guard let plan = report.plan else { return nil }
        #expect(report.status == .optimal, sourceLocation: sourceLocation)
        let check = PlanChecker.check(plan, against: instance)
        #expect(check.isValid, "\(check.violations)", sourceLocation: sourceLocation)
        #expect(abs(check.objective - (plan.objective ?? .nan)) <= 1e-6 * max(1, abs(check.objective)), sourceLocation: sourceLocation)
        return plan.objective
    }

    @Test("phased-tiny: 528 with the moves of WORKED.md in their phases, K02 retired in 2027, checker valid")
    func phasedTiny() throws {
        let instance = try Examples.load("phased-tiny")
        let (report, found) = try Self.solve(instance)
        #expect(report.status == .optimal)
        let plan = try #require(found)
        #expect(plan.objective == 528)
        #expect(plan.bound == 528)
        let phases = try #require(plan.phases)
        #expect(phases.map(\.year) == [2025, 2027])
        func holder(_ t: Int, _ post: String) -> String? { phases[t].assignments.first { $0.post == post }?.cadre }
        #expect(holder(0, "HP-BT") == "K07" && holder(0, "HP-HD") == "K07")
        #expect(holder(0, "SNV-GD") == "K04")
        #expect(holder(0, "HP-CT") == "K05" && holder(1, "HP-CT") == "K01")
        #expect(holder(1, "TT-CT") == "K05")
        #expect(holder(1, "TT-BT") == "K10")
        #expect(phases[1].retired == ["K02"] && phases[0].retired.isEmpty)
        #expect(phases.allSatisfy { $0.assignments.count == instance.posts.count && $0.released.isEmpty })
        // Type and cost on the phase a move is made in; `stay` and 0 where the holder moved earlier.
        let k07 = try #require(phases[0].assignments.first { $0.post == "HP-BT" })
        #expect(k07.type == .down && abs(k07.cost - 103.2) < 1e-9)
        let later = try #require(phases[1].assignments.first { $0.post == "HP-BT" })
        #expect(later.type == .stay && later.cost == 0)
        let costs = phases.flatMap(\.assignments).reduce(0) { $0 + $1.cost }
        #expect(abs(costs - 528) < 1e-9)
        let check = PlanChecker.check(plan, against: instance)
        #expect(check.isValid, "\(check.violations)")
        #expect(check.phases.map(\.moves) == [2, 3])
    }

    /// The second shared vector: three phases, per-phase caps, quotas and targets, totals (about half a
    /// minute: GLPK's branch and bound proves the optimum over 3,018 of its 6,601 paths).
    @Test("phased-2025: the shared optimum 11111, proven, and the checker accepts the plan")
    func phased2025() throws {
        let instance = try Examples.load("phased-2025")
        let report = PlanSolver.solve(instance)
        #expect(report.status == .optimal)
        let plan = try #require(report.plan)
        #expect(plan.objective == 11111 && plan.bound == 11111)
        #expect(plan.phases?.map(\.year) == [2025, 2026, 2028])
        let check = PlanChecker.check(plan, against: instance)
        #expect(check.isValid, "\(check.violations.prefix(5))")
        #expect(check.outcome.moves <= 85)
        #expect(zip(check.phases, instance.policy.phases).allSatisfy { o, p in p.maxMoves.map { o.moves <= $0 } ?? true })
    }

    @Test("phased-tiny: the variants of WORKED.md (no 2025 cap 409.2, no 2027 cap 528, 2027 only 890.8, 2025 only 209.2, K08 born 1984 infeasible)")
    func phasedTinyVariants() throws {
        let instance = try Examples.load("phased-tiny")
        var noFirstCap = instance
        noFirstCap.policy.phases[0].maxMoves = nil
        #expect(try Self.objective(noFirstCap) == 409.2)
        var noSecondCap = instance
        noSecondCap.policy.phases[1].maxMoves = nil
        #expect(try Self.objective(noSecondCap) == 528)
        // One phase in 2027, without the caps (with the 2025 cap of 3 no plan exists: four groups fall vacant).
        var only2027 = instance
        only2027.policy.phases = [Phase(year: 2027, name: "phases[1]")]
        let z2027 = try #require(try Self.objective(only2027))
        #expect(abs(z2027 - 890.8) < 1e-9)
        var only2025 = instance
        only2025.policy.phases = [instance.policy.phases[0]]
        only2025.policy.phases[0].maxMoves = nil
        let z2025 = try #require(try Self.objective(only2025))
        #expect(abs(z2025 - 209.2) < 1e-9)
        var older = instance
        older.cadres[older.cadreIndex["K08"]!].birthYear = 1984
        #expect(PlanSolver.solve(older).status == .infeasible)
    }

    @Test("one phase in the plan year gives the optimum of the same instance without phases (SPEC §11.5)",
          arguments: [("tiny", 896.0), ("district-20", 7339.2), ("tiny-v2", 871.0), ("district-20-2025", 10355.8)])
    func onePhaseIsVersionOne(name: String, expected: Double) throws {
        var instance = try Examples.load(name)
        instance.policy.phases = [Phase(year: instance.policy.year, name: "phases[1]")]
        let z = try #require(try Self.objective(instance))
        #expect(abs(z - expected) <= 1e-6 * expected)
    }

    @Test("the checker names the rule and the phase of each broken rule in a changed plan")
    func checkerFindsViolations() throws {
        let instance = try Examples.load("phased-tiny")
        let plan = try #require(PlanSolver.solve(instance).plan)
        func violations(_ change: (inout [PlanPhase]) -> Void) -> [Violation] {
            var p = plan
            change(&p.phases!)
            return PlanChecker.check(p, against: instance).violations
        }
        // K07 keeps SNV-GD in 2025 (term limit reached) and K04 keeps HP-1 (a local in a restricted post).
        let kept = violations { phases in
            for i in phases[0].assignments.indices {
                switch phases[0].assignments[i].post {
                case "SNV-GD": phases[0].assignments[i].cadre = "K07"
                case "HP-BT", "HP-HD": phases[0].assignments[i].cadre = "K04"
                default: break
                }
            }
        }
        #expect(kept.contains { $0.rule == .E3 && $0.message.contains("2025") && $0.cadres == ["K07"] }, "\(kept)")
        #expect(kept.contains { $0.rule == .E2 && $0.message.contains("2025") && $0.cadres == ["K04"] }, "\(kept)")
        // K02 still holding TT-CT in 2027, the year she retires.
        let retiring = violations { phases in
            for i in phases[1].assignments.indices where phases[1].assignments[i].post == "TT-CT" { phases[1].assignments[i].cadre = "K02" }
        }
        #expect(retiring.contains { $0.rule == .E7 && $0.message.contains("2027") }, "\(retiring)")
        // K07 moving a second time in 2027 (from HP-1 to TT-PCT's holder's place), and a wrong retired list.
        let twice = violations { phases in
            for i in phases[1].assignments.indices where phases[1].assignments[i].post == "SNV-GD" { phases[1].assignments[i].cadre = "K07" }
            phases[1].retired = []
        }
        #expect(twice.contains { $0.rule == .C2 && $0.message.contains("2027") }, "\(twice)")
        #expect(twice.contains { $0.rule == nil && $0.message.contains("K02") }, "\(twice)")
        // A cost moved from the 2025 phase to the 2027 one: the plan file is wrong twice.
        let cost = violations { phases in
            phases[0].assignments[0].cost += 1
        }
        #expect(cost.contains { $0.rule == nil && $0.message.contains("2025") }, "\(cost)")
        // The phase cap of 2025: three movers.
        var capped = instance
        capped.policy.phases[0].maxMoves = 1
        let capViolations = PlanChecker.check(plan, against: capped).violations
        #expect(capViolations.contains { $0.rule == .C6 && $0.message.contains("2025") }, "\(capViolations)")
        // A plan of one phase for a phased policy.
        var flat = plan
        flat.phases = nil
        #expect(PlanChecker.check(flat, against: instance).violations.contains { $0.rule == nil })
    }

    @Test("the diagnosis of an infeasible phased instance names the phase cap and suggests the smallest verified change")
    func diagnosis() throws {
        // Phase 2025 allows one move, but two groups fall vacant then (K07's term limit, K04 a local of HP-1).
        var instance = try Examples.load("phased-tiny")
        instance.policy.phases[0].maxMoves = 1
        #expect(PlanSolver.solve(instance).status == .infeasible)
        let diagnosis = PhasedDiagnoser.diagnose(instance)
        #expect(diagnosis.blockers.contains { $0.rule == .C6 && $0.message.contains("2025") && $0.posts.contains("SNV-GD") }, "\(diagnosis.blockers)")
        let cap = try #require(diagnosis.suggestions.first { $0.key == "phases[1].max_moves" })
        #expect(cap.from == 1 && cap.value == 2 && cap.provenSmallest)
        // K08 born in 1984: the young share of 2025 (ages in 2025) has no plan within the cap of 2.
        var older = try Examples.load("phased-tiny")
        older.cadres[older.cadreIndex["K08"]!].birthYear = 1984
        let second = PhasedDiagnoser.diagnose(older)
        #expect(second.suggestions.contains { $0.key == "phases[1].shares[1].at_least" && $0.value == 0 }, "\(second.suggestions.map(\.key))")
        #expect(second.suggestions.contains { $0.key == "phases[1].max_moves" && $0.value > 2 }, "\(second.suggestions.map(\.key))")
        #expect(!second.text.isEmpty)
        // Women in every commune key post by the last phase: no plan; a lower `min` (need / posts) restores one.
        var women = try Examples.load("phased-tiny")
        women.policy.shareTargets = [ShareTarget(of: .female, level: .commune, key: true, min: Fraction(numerator: 1, denominator: 1),
                                                 line: 1, name: "shares[1]")]
        #expect(PlanSolver.solve(women).status == .infeasible)
        let third = PhasedDiagnoser.diagnose(women)
        let lower = try #require(third.suggestions.first { $0.key == "shares[1].min" }, "\(third.suggestions.map(\.key))")
        #expect(lower.from == 1 && lower.value < 1 && lower.value > 0)
        women.policy.shareTargets[0].min = try #require(Fraction(decimal: JSON.format(lower.value)))
        #expect(PlanSolver.solve(women).status == .optimal)
    }

    @Test("generated phased instances (2025 shape, 2 and 3 phases): reduced-cost fixing and the full model agree, the checker accepts both",
          arguments: [[2025, 2027], [2025, 2026, 2028]])
    func generatedMethodsAgree(years: [Int]) throws {
        for seed in [UInt64(2), 5] {  // seeds 1, 3 and 4 of this size have no phased plan (a post no cadre can hold in 2027)
            var instance = try InstanceGenerator(communes: 12, agencies: 4, seed: seed, shape: .y2025).readBack()
            instance.policy.youngAge += years.last! - years.first!
            instance.policy.phases = years.enumerated().map { Phase(year: $1, name: "phases[\($0 + 1)]") }
            // Caps on the first phase at and below what the uncapped optimum moves then make the timing matter.
            let free = try #require(PlanSolver.solve(instance).plan)
            let first = PlanChecker.check(free, against: instance).phases[0].moves
            for cap in [first, first - 1] {
            instance.policy.phases[0].maxMoves = cap
            var objectives: [Double?] = []
            for method in SolveOptions.Method.allCases {
                let report = PlanSolver.solve(instance, options: SolveOptions(method: method))
                objectives.append(report.plan?.objective)
                if let plan = report.plan {
                    #expect(report.status == .optimal)
                    let check = PlanChecker.check(plan, against: instance)
                    #expect(check.isValid, "\(method) seed \(seed): \(check.violations.prefix(3))")
                } else {
                    #expect(report.status == .infeasible, "\(method) seed \(seed): \(report.status)")
                }
            }
            #expect(objectives[0] == objectives[1], "seed \(seed) \(years) cap \(cap): \(objectives)")
            if cap == first { #expect(objectives[0] == free.objective, "seed \(seed) \(years)") }
            }
        }
    }

    @Test("the phased plan file reads back as the same plan, and its table has a phase column")
    func planFileRoundTrip() throws {
        let instance = try Examples.load("phased-tiny")
        let plan = try #require(PlanSolver.solve(instance).plan)
        let text = plan.json.serialized()
        let read = try Plan.parse(Data(text.utf8), file: "plan.json")
        #expect(read.phases?.map(\.year) == [2025, 2027])
        #expect(read.phases?.map(\.assignments) == plan.phases?.map(\.assignments))
        #expect(read.phases?.map(\.retired) == plan.phases?.map(\.retired))
        #expect(PlanChecker.check(read, against: instance).isValid)
        let rows = PlanTable.rows(plan, instance: instance)
        #expect(rows.count == 2 * instance.posts.count)
        #expect(rows.filter { $0[0] == "2025" }.count == instance.posts.count)
        #expect(PlanTable.header(for: plan).count == PlanTable.header.count + 1)
    }
}
