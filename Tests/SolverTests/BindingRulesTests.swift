import AssignModel
import Foundation
import Solver
import Testing

/// Small instances of the benchmark's hard family (rules that bind, fractional LPs, infeasible just past
/// the achievable): the fast path must reach the full model's answer, optimum or infeasibility.
@Suite("Column generation when the rules bind")
struct BindingRulesTests {
    /// A generated 150-post province (optionally with many weak communes and a low arrival cap).
    static func generated(seed: UInt64, maxArrivals: Int = 3, weakPercent: Int = 20, weakMinRating: Int = 60) throws -> Instance {
        try InstanceGenerator(communes: 20, agencies: 10, seed: seed, maxArrivals: maxArrivals, weakPercent: weakPercent,
                              weakMinRating: weakMinRating).readBack()
    }

    /// Real-valued fit scores on about a fifth of the eligible pairs (0–80, two decimals; few ties).
    static func addScores(_ instance: inout Instance, seed: UInt64) {
        let facts = instance.allFacts()
        let candidates = CandidateSet(instance: instance, facts: facts)
        var rng = SplitMix64(seed: seed)
        var scores = instance.scores
        for p in instance.posts.indices {
            for k in candidates.range(ofPost: p) where rng.next() % 100 < 20 {
                scores[instance.pairKey(Int(candidates.cadre[k]), p)] = Double(rng.next() % 8001) / 100
            }
        }
        instance.scores = scores
    }

    /// Forbids about a tenth of the eligible arrivals (pairs whose cadre works in another unit).
    static func forbidArrivals(_ instance: inout Instance, seed: UInt64) {
        let candidates = CandidateSet(instance: instance, facts: instance.allFacts())
        var rng = SplitMix64(seed: seed)
        var pins = instance.pins
        for p in instance.posts.indices {
            for k in candidates.range(ofPost: p) {
                let c = Int(candidates.cadre[k])
                if instance.cadres[c].unit != instance.posts[p].unit && rng.next() % 100 < 10 {
                    pins.append(Pin(cadre: c, post: p, action: .forbid, line: pins.count + 2))
                }
            }
        }
        instance.pins = pins
    }

    static func share(_ level: Level?, key: Bool? = nil, rank: Rank? = nil, _ percent: Int) -> ShareTarget {
        ShareTarget(level: level, key: key, rank: rank, min: Fraction(numerator: percent, denominator: 100))
    }

    static let cases: [(name: String, make: () throws -> Instance)] = [
        ("three share targets near the most achievable", {
            var i = try generated(seed: 11)
            i.policy.shareTargets = [share(.commune, key: true, 85), share(.commune, rank: .head, 90), share(nil, key: false, 80)]
            return i
        }),
        ("share targets just past the achievable (infeasible)", {
            var i = try generated(seed: 11)
            i.policy.shareTargets = [share(.commune, key: true, 98), share(.commune, rank: .head, 100), share(nil, key: false, 95)]
            return i
        }),
        ("arrival cap 1 with quotas", {
            var i = try generated(seed: 12, maxArrivals: 1)
            i.policy.minMoves = [.down: 8]
            return i
        }),
        ("arrival cap 2 with a tight share", {
            var i = try generated(seed: 13, maxArrivals: 2)
            i.policy.shareTargets = [share(.commune, key: true, 80)]
            return i
        }),
        ("binding quotas and a tight move cap", {
            var i = try generated(seed: 14)
            i.policy.minMoves = [.down: 15, .up: 15, .horizontal: 20]
            i.policy.maxMoves = 90
            return i
        }),
        ("forbidden arrivals and fractional scores", {
            var i = try generated(seed: 15)
            forbidArrivals(&i, seed: 15)
            addScores(&i, seed: 15)
            return i
        }),
        ("many weak units with a high rating", {
            var i = try generated(seed: 16, weakPercent: 60, weakMinRating: 75)
            i.policy.weakMinRating = 76
            return i
        }),
        ("all at once", {
            var i = try generated(seed: 17, maxArrivals: 2, weakPercent: 50, weakMinRating: 70)
            forbidArrivals(&i, seed: 17)
            addScores(&i, seed: 17)
            i.policy.shareTargets = [share(.commune, key: true, 80), share(nil, key: false, 75)]
            i.policy.minMoves = [.down: 10, .horizontal: 15]
            return i
        }),
    ]

    @Test("same answer as the full model", arguments: 0..<cases.count)
    func sameAnswer(index: Int) throws {
        let name = Self.cases[index].name
        let instance = try Self.cases[index].make()
        let full = PlanSolver.solve(instance, options: SolveOptions(method: .full))
        let cg = PlanSolver.solve(instance, options: SolveOptions(method: .columnGeneration))
        #expect(full.status == cg.status, "\(name): full \(full.status), column generation \(cg.status)")
        guard full.status == .optimal else { return }
        let a = try #require(full.plan?.objective), b = try #require(cg.plan?.objective)
        #expect(abs(a - b) <= 1e-6 * max(1, abs(a)), "\(name): full \(a), column generation \(b)")
        let plan = try #require(cg.plan)
        #expect(plan.status == .optimal && plan.bound == plan.objective)
        #expect(PlanChecker.check(plan, against: instance).isValid)
    }

    @Test("an infeasible instance is decided without the full model and says so")
    func infeasibleIsDecided() throws {
        var instance = try Self.generated(seed: 11)
        instance.policy.shareTargets = [Self.share(.commune, key: true, 100), Self.share(nil, key: false, 100)]
        let seen = Phases()
        var options = SolveOptions(method: .columnGeneration)
        options.progress = { seen.add($0.phase) }
        let report = PlanSolver.solve(instance, options: options)
        #expect(report.status == .infeasible)
        #expect(report.plan == nil)
        // Decided by column generation (a proven bound on the breach), not by the full model's columns.
        #expect(report.columns < report.pairs / 2, "GLPK saw \(report.columns) of \(report.pairs) pairs")
        #expect(seen.all.contains("no plan: the breach is proven positive"), "\(seen.all)")
    }

    @Test("a solve stopped by its time limit returns a plan at least as good as any it reported, with a bound below it")
    func stoppedKeepsBest() throws {
        // A 450-post province whose rules bind (one arrival per unit, a down quota near the most achievable): these limits stop
        // its column generation in different phases, and the last lets it finish.
        var instance = try InstanceGenerator(communes: 60, agencies: 30, seed: 1, maxArrivals: 1).readBack()
        instance.policy.minMoves = [.down: 30]
        var checked = 0
        for limit in [0.1, 0.3, 1, 60] {
            let best = Best()
            var options = SolveOptions(timeLimit: limit, method: .columnGeneration)
            options.progress = { if let b = $0.best { best.offer(b) } }
            let report = PlanSolver.solve(instance, options: options)
            guard let reported = best.value else { continue }
            let plan = try #require(report.plan, "limit \(limit): a plan of \(reported) was reported, none returned (\(report.status))")
            let z = try #require(plan.objective)
            #expect(z <= reported + 1e-6 * max(1, abs(reported)), "limit \(limit): returned \(z), reported \(reported)")
            if let bound = plan.bound { #expect(bound <= z + 1e-6 * max(1, abs(z))) }
            #expect(PlanChecker.check(plan, against: instance).isValid)
            checked += 1
        }
        // At least the unhurried solve reports its plans, so the property is tested at least once.
        #expect(checked > 0)
    }

    @Test("a diagnosis probe stops at the first plan")
    func firstPlan() throws {
        var instance = try Self.generated(seed: 14)
        instance.policy.minMoves = [.down: 15, .up: 15, .horizontal: 20]
        var options = SolveOptions(method: .columnGeneration)
        options.firstPlan = true
        let report = PlanSolver.solve(instance, options: options)
        let plan = try #require(report.plan)
        #expect(plan.status == .feasible || plan.status == .optimal)
        #expect(PlanChecker.check(plan, against: instance).isValid)
    }
}

/// The best objective a solve reported (reports may come from any thread).
final class Best: @unchecked Sendable {
    private let lock = NSLock()
    private var best: Double?
    func offer(_ x: Double) { lock.lock(); best = min(best ?? x, x); lock.unlock() }
    var value: Double? { lock.lock(); defer { lock.unlock() }; return best }
}

/// Progress phases seen by a solve (reports may come from any thread).
final class Phases: @unchecked Sendable {
    private let lock = NSLock()
    private var phases: [String] = []
    func add(_ phase: String) { lock.lock(); phases.append(phase); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return phases }
}
