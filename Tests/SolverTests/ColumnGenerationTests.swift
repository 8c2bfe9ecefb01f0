import AssignModel
import Solver
import Testing

/// Column generation must reach exactly the optimum of the full model, with a proof, on every instance.
@Suite("Column generation agrees with the full model")
struct ColumnGenerationTests {
    static let variants: [(String, (inout Policy) -> Void)] = [
        ("as published", { _ in }),
        ("arrival cap 1", { $0.maxArrivalsPerUnit = 1 }),
        ("quotas down 10, up 5", { $0.minMoves = [.down: 10, .up: 5] }),
        ("move cap 66", { $0.maxMoves = 66 }),
        ("move cap 40 (infeasible)", { $0.maxMoves = 40 }),
        ("share 0.8", { $0.shareTargets = [ShareTarget(level: .commune, key: true, min: Fraction(numerator: 4, denominator: 5))] }),
        ("cheap releases, dear cross-block", { $0.weights.release = 60; $0.weights.crossBlock = 200 }),
        ("demotion allowed, no weak rule", { $0.allowDemotion = true; $0.weakMinRating = nil }),
    ]

    @Test("district-20 under policy variants", arguments: 0..<variants.count)
    func district(variant: Int) throws {
        var instance = try Examples.load("district-20")
        Self.variants[variant].1(&instance.policy)
        try expectSameOptimum(instance, label: Self.variants[variant].0)
    }

    @Test("tiny")
    func tiny() throws {
        try expectSameOptimum(try Examples.load("tiny"), label: "tiny")
    }

    func expectSameOptimum(_ instance: Instance, label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let full = PlanSolver.solve(instance, options: SolveOptions(method: .full))
        let cg = PlanSolver.solve(instance, options: SolveOptions(method: .columnGeneration))
        #expect(full.status == cg.status, "\(label)", sourceLocation: sourceLocation)
        guard full.status == .optimal else { return }
        let a = try #require(full.plan?.objective, sourceLocation: sourceLocation)
        let b = try #require(cg.plan?.objective, sourceLocation: sourceLocation)
        #expect(abs(a - b) <= 1e-6 * max(1, abs(a)), "\(label): full \(a), column generation \(b)", sourceLocation: sourceLocation)
        let plan = try #require(cg.plan, sourceLocation: sourceLocation)
        #expect(plan.bound == plan.objective, sourceLocation: sourceLocation)
        #expect(PlanChecker.check(plan, against: instance).isValid, sourceLocation: sourceLocation)
        if full.pairs > 1000 {
            #expect(cg.columns < full.columns / 2, "column generation hands GLPK fewer columns", sourceLocation: sourceLocation)
        }
    }
}

/// The fast path against the full model on generated instances, with and without extra side rules.
@Suite("Column generation on generated instances")
struct GeneratedInstanceTests {
    static let cases: [(communes: Int, agencies: Int, seed: UInt64, tweak: String)] = [
        (20, 10, 1, "as generated"), (20, 10, 2, "as generated"), (20, 10, 3, "as generated"),
        (30, 15, 4, "as generated"), (20, 10, 5, "share 0.9"), (20, 10, 6, "move cap"),
        (20, 10, 7, "quotas up and horizontal"), (20, 10, 8, "arrival cap 1"),
    ]

    @Test("same optimum as the full model", arguments: 0..<cases.count)
    func sameOptimum(index: Int) throws {
        let c = Self.cases[index]
        var instance = try InstanceGenerator(communes: c.communes, agencies: c.agencies, seed: c.seed).readBack()
        switch c.tweak {
        case "share 0.9": instance.policy.shareTargets = [ShareTarget(level: .commune, key: true, min: Fraction(numerator: 9, denominator: 10))]
        case "move cap":
            let free = PlanSolver.solve(instance).plan!
            let moves = free.assignments.filter { $0.type != .stay }.count + free.released.count
            instance.policy.maxMoves = moves - 5
        case "quotas up and horizontal": instance.policy.minMoves = [.up: 6, .horizontal: 30]
        case "arrival cap 1": instance.policy.maxArrivalsPerUnit = 1
        default: break
        }
        let full = PlanSolver.solve(instance, options: SolveOptions(method: .full))
        let cg = PlanSolver.solve(instance, options: SolveOptions(method: .columnGeneration))
        #expect(full.status == cg.status, "\(c.tweak)")
        guard full.status == .optimal else { return }
        let a = try #require(full.plan?.objective), b = try #require(cg.plan?.objective)
        #expect(abs(a - b) <= 1e-6 * max(1, abs(a)), "\(c): full \(a), column generation \(b)")
        let plan = try #require(cg.plan)
        #expect(plan.bound == plan.objective)
        #expect(PlanChecker.check(plan, against: instance).isValid)
        #expect(cg.columns < full.columns)
    }
}

/// The warm-start assignment returns an optimal matching with a dual certificate.
@Suite("Sparse assignment")
struct SparseAssignmentTests {
    /// Random arcs, row by row: `perRow` distinct columns each, costs from `cost(rng, column)`.
    static func arcs(rows: Int, columns: Int, perRow: Int, seed: UInt64,
                     cost: (inout SplitMix64, Int) -> Double) -> (start: [Int], column: [Int32], cost: [Double]) {
        var rng = SplitMix64(seed: seed)
        var start = [0], column: [Int32] = [], costs: [Double] = []
        for _ in 0..<rows {
            var cols = Set<Int>()
            while cols.count < perRow { cols.insert(Int(rng.next() % UInt64(columns))) }
            for c in cols.sorted() {
                column.append(Int32(c))
                costs.append(cost(&rng, c))
            }
            start.append(column.count)
        }
        return (start, column, costs)
    }

    /// Every row matched; dual feasibility, tightness on matched arcs, v ≤ 0 and v = 0 on free
    /// columns; and strong duality. Returns the matching's cost.
    @discardableResult
    static func expectCertificate(_ lap: (rowMatch: [Int32], u: [Double], v: [Double]), columns: Int,
                                  start: [Int], column: [Int32], cost: [Double]) -> Double {
        var primal = 0.0
        for r in 0..<lap.u.count {
            for k in start[r]..<start[r + 1] {
                let c = Int(column[k])
                let rc = cost[k] - lap.u[r] - lap.v[c]
                #expect(rc >= -1e-9)
                if lap.rowMatch[r] == Int32(c) { #expect(abs(rc) <= 1e-9); primal += cost[k] }
            }
        }
        #expect(lap.v.allSatisfy { $0 <= 1e-9 })
        let matched = Set(lap.rowMatch)
        for c in 0..<columns where !matched.contains(Int32(c)) { #expect(abs(lap.v[c]) <= 1e-9) }
        #expect(matched.count == lap.u.count)
        // Strong duality: the certificate's bound equals the matching's cost.
        let dual = lap.u.reduce(0, +) + lap.v.reduce(0, +)
        #expect(abs(primal - dual) <= 1e-6)
        return primal
    }

    @Test("certificate holds and the matching is optimal", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func certificate(seed: UInt64) throws {
        let rows = 40, columns = 55
        let (start, column, cost) = Self.arcs(rows: rows, columns: columns, perRow: 6, seed: seed) { rng, c in
            Double(rng.next() % 1000) / 10 - (c % 3 == 0 ? 50 : 0)
        }
        let lap = try #require(SparseAssignmentProbe.solve(rows: rows, columns: columns, start: start, column: column, cost: cost))
        Self.expectCertificate(lap, columns: columns, start: start, column: column, cost: cost)
    }

    @Test("a column discount given as starting potentials gives the optimum and certificate of discounted arcs",
          arguments: [7, 8, 9, 10] as [UInt64])
    func discount(seed: UInt64) throws {
        let rows = 60, columns = 80
        // Every third column is a "holder": its arcs are 500 cheaper, as the warm start prices releases.
        let discount = (0..<columns).map { $0 % 3 == 0 ? 500.0 : 0 }
        let (start, column, cost) = Self.arcs(rows: rows, columns: columns, perRow: 8, seed: seed) { rng, _ in
            Double(rng.next() % 12) * 10
        }
        let discounted = column.indices.map { cost[$0] - discount[Int(column[$0])] }
        let plain = try #require(SparseAssignmentProbe.solve(rows: rows, columns: columns, start: start, column: column, cost: discounted))
        let lap = try #require(SparseAssignmentProbe.solve(rows: rows, columns: columns, start: start, column: column, cost: cost,
                                                          discount: discount))
        let optimum = Self.expectCertificate(plain, columns: columns, start: start, column: column, cost: discounted)
        let value = Self.expectCertificate(lap, columns: columns, start: start, column: column, cost: discounted)
        #expect(abs(value - optimum) <= 1e-9)
    }
}

import Foundation
