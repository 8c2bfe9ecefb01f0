import AssignModel
import Foundation

/// Why a phased instance (SPEC §11.5) has no plan, and the smallest changes of its phase caps,
/// quotas and targets that restore one — each verified by solving the changed instance.
public enum PhasedDiagnoser {
    public static func diagnose(_ instance: Instance, options: SolveOptions = SolveOptions()) -> Diagnosis {
        let grouped = instance.grouped()
        let model = PhasedModel(instance: grouped, deadline: options.deadline)
        var blockers: [Diagnosis.Blocker] = emptyGroups(model) + vacancies(model)
        blockers += fixPins(model)
        let (found, stopped) = suggestions(instance, options: options)
        return Diagnosis(blockers: blockers, suggestions: found, stoppedByTimeLimit: stopped)
    }

    /// C1 at a phase: a group no path can hold then, with the rules that rule its cadres out that year.
    static func emptyGroups(_ model: PhasedModel) -> [Diagnosis.Blocker] {
        let instance = model.instance
        var out: [Diagnosis.Blocker] = []
        var held = Set<Int>()  // t × groups + g
        let G = instance.posts.count
        for col in model.columns {
            for t in 0..<model.phaseCount {
                if let g = model.holding(cadre: col.cadre, path: col.path, phase: t) { held.insert(t * G + g) }
            }
        }
        for t in 0..<model.phaseCount {
            let seen = model.atPhase[t]
            for g in 0..<G where !held.contains(t * G + g) {
                var tally = RuleTally()
                for c in instance.cadres.indices { tally.add(seen.brokenMask(cadre: c, post: g, facts: model.facts[t][c])) }
                let post = instance.posts[g]
                out.append(Diagnosis.Blocker(rule: .C1, message: tr("diag.phase.empty", [
                    "year": String(model.years[t]), "post": post.id, "title": post.title, "unit": instance.units[post.unit].id,
                    "tally": tally.text(limit: 3)]), posts: [post.id], units: [instance.units[post.unit].id]))
            }
        }
        return out
    }

    /// C6 by a phase: the groups that fall vacant by then (their holder must leave, retires, or there
    /// is none now) each need a move in, and the caps of the phases up to then allow fewer moves.
    static func vacancies(_ model: PhasedModel) -> [Diagnosis.Blocker] {
        let instance = model.instance
        let phases = instance.policy.phases
        // The first phase each group needs a new holder: at once without a holder now, else when the
        // last of its holders now must leave or retires (never: the phase count).
        var vacatedAt = [Int](repeating: 0, count: instance.posts.count)
        for (c, cadre) in instance.cadres.enumerated() {
            guard let g = cadre.post else { continue }
            vacatedAt[g] = max(vacatedAt[g], min(model.mayHoldUntil[c], model.retiresAt[c]))
        }
        var out: [Diagnosis.Blocker] = []
        var capSum = 0
        for t in 0..<model.phaseCount {
            guard let cap = phases[t].maxMoves else { break }
            capSum += cap
            let vacant = vacatedAt.filter { $0 <= t }.count
            if vacant > capSum {
                let posts = instance.posts.indices.filter { vacatedAt[$0] <= t }.map { instance.posts[$0].id }
                out.append(Diagnosis.Blocker(rule: .C6, message: tr("diag.phase.vacancies", [
                    "year": String(model.years[t]), "n": String(vacant), "cap": String(capSum)]), posts: posts))
                break
            }
        }
        if let cap = instance.policy.maxMoves {
            let vacant = vacatedAt.filter { $0 < model.phaseCount }.count
            if vacant > cap {
                out.append(Diagnosis.Blocker(rule: .C6, message: tr("diag.phase.vacanciesTotal", ["n": String(vacant), "cap": String(cap)])))
            }
        }
        return out
    }

    /// C3 fix pins whose cadre cannot hold the pinned group at the last phase.
    static func fixPins(_ model: PhasedModel) -> [Diagnosis.Blocker] {
        let instance = model.instance
        let last = model.phaseCount - 1
        var out: [Diagnosis.Blocker] = []
        for pin in instance.pins where pin.action == .fix {
            let possible = model.columns.contains { $0.cadre == pin.cadre && model.holding(cadre: pin.cadre, path: $0.path, phase: last) == pin.post }
            guard !possible else { continue }
            out.append(Diagnosis.Blocker(rule: .C3, message: tr("diag.phase.pin", [
                "where": Pin.place(line: pin.line, action: .fix), "cadre": instance.cadres[pin.cadre].id,
                "post": instance.posts[pin.post].id, "year": String(model.years[last])]),
                posts: [instance.posts[pin.post].id], cadres: [instance.cadres[pin.cadre].id]))
        }
        return out
    }

    /// One policy number a suggestion may change, with how to set it on a copy of the instance.
    struct Knob {
        var rule: RuleID
        var key: String
        var from: Int
        /// +1: raise it (a cap); −1: lower it (a quota or a target's need).
        var direction: Int
        var limit: Int
        var set: (inout Policy, Int) -> Void
        /// The value as policy.yaml writes it (a share for a `min` target: need / posts).
        var display: (Int) -> Double = { Double($0) }
    }

    static func knobs(_ instance: Instance) -> [Knob] {
        var out: [Knob] = []
        let policy = instance.policy
        let people = instance.cadres.count
        for (t, phase) in policy.phases.enumerated() {
            if let cap = phase.maxMoves {
                out.append(Knob(rule: .C6, key: "\(phase.name).max_moves", from: cap, direction: 1, limit: people) { $0.phases[t].maxMoves = $1 })
            }
            if let cap = phase.maxArrivalsPerUnit {
                out.append(Knob(rule: .C5, key: "\(phase.name).max_arrivals_per_unit", from: cap, direction: 1, limit: people) {
                    $0.phases[t].maxArrivalsPerUnit = $1
                })
            }
            for type in MoveType.quotaTypes {
                guard let quota = phase.minMoves[type], quota > 0 else { continue }
                out.append(Knob(rule: .C7, key: "\(phase.name).min_moves.\(type.rawValue)", from: quota, direction: -1, limit: 0) {
                    $0.phases[t].minMoves[type] = $1
                })
            }
            for (k, target) in phase.shareTargets.enumerated() {
                if let knob = shareKnob(target, in: instance, set: { policy, target in policy.phases[t].shareTargets[k] = target }) { out.append(knob) }
            }
        }
        for (k, target) in policy.shareTargets.enumerated() {
            if let knob = shareKnob(target, in: instance, set: { policy, target in policy.shareTargets[k] = target }) { out.append(knob) }
        }
        if let cap = policy.maxMoves {
            out.append(Knob(rule: .C6, key: "max_moves", from: cap, direction: 1, limit: people) { $0.maxMoves = $1 })
        }
        if let cap = policy.maxArrivalsPerUnit {
            out.append(Knob(rule: .C5, key: "max_arrivals_per_unit", from: cap, direction: 1, limit: people) { $0.maxArrivalsPerUnit = $1 })
        }
        for type in MoveType.quotaTypes {
            guard let quota = policy.minMoves[type], quota > 0 else { continue }
            out.append(Knob(rule: .C7, key: "min_moves.\(type.rawValue)", from: quota, direction: -1, limit: 0) { $0.minMoves[type] = $1 })
        }
        return out
    }

    /// A share target's need, lowered: `at_least` directly, `min` as need / |S| (not per unit, where |S|
    /// differs between units).
    static func shareKnob(_ target: ShareTarget, in instance: Instance, set: @escaping (inout Policy, ShareTarget) -> Void) -> Knob? {
        let grouped = instance.grouped()
        if let atLeast = target.atLeast {
            guard atLeast > 0 else { return nil }
            return Knob(rule: .C4, key: "\(target.name).at_least", from: atLeast, direction: -1, limit: 0) { policy, value in
                var t = target
                t.atLeast = value
                set(&policy, t)
            }
        }
        guard !target.perUnit else { return nil }
        let size = target.size(target.posts(in: grouped), in: grouped)
        let need = target.need(posts: size)
        guard need > 0, size > 0 else { return nil }
        return Knob(rule: .C4, key: "\(target.name).min", from: need, direction: -1, limit: 0, set: { policy, value in
            var t = target
            t.min = Fraction(numerator: value, denominator: size)
            set(&policy, t)
        }, display: { value in
            // As written: the target's own `min` for its need now, else need / |S| cut to four places (its ceil × |S| is that need again).
            value == need ? target.min.doubleValue : (Double(value) / Double(size) * 1e4).rounded(.down) / 1e4
        })
    }

    /// Most seconds spent on the optimum a suggestion allows (the suggestion itself is verified first).
    static let objectiveSeconds = 30.0

    /// For each knob, the smallest change that makes a plan exist: the value is moved by 1, 2, 4, …
    /// until a plan exists, then bisected; each probe is a solve that stops at its first plan.
    static func suggestions(_ instance: Instance, options: SolveOptions) -> ([Diagnosis.Suggestion], Bool) {
        var found: [Diagnosis.Suggestion] = []
        var stopped = false
        func feasible(_ policy: Policy) -> Bool? {
            if let deadline = options.deadline, Date() >= deadline { return nil }
            var copy = instance
            copy.policy = policy
            var o = options
            o.firstPlan = true
            o.progress = nil
            switch PhasedSolver.solve(copy, options: o).status {
            case .optimal, .feasible: return true
            case .infeasible: return false
            default: return nil
            }
        }
        for knob in knobs(instance) {
            options.progress?(SolveProgress(phase: "diagnosis", detail: knob.key))
            var bad = knob.from, good: Int?
            var step = 1
            var unknown = false
            while good == nil {
                let value = knob.direction > 0 ? min(knob.from + step, knob.limit) : max(knob.from - step, knob.limit)
                var policy = instance.policy
                knob.set(&policy, value)
                guard let ok = feasible(policy) else { unknown = true; break }
                if ok { good = value } else {
                    bad = value
                    if value == knob.limit { break }
                    step *= 2
                }
            }
            if unknown { stopped = true }
            guard var best = good else { continue }
            var proven = true
            while abs(best - bad) > 1 {
                let mid = (best + bad) / 2
                var policy = instance.policy
                knob.set(&policy, mid)
                guard let ok = feasible(policy) else { proven = false; stopped = true; break }
                if ok { best = mid } else { bad = mid }
            }
            // The optimum the change allows, within at most `objectiveSeconds` of the time left.
            var objective: Double?
            var policy = instance.policy
            knob.set(&policy, best)
            var copy = instance
            copy.policy = policy
            let left = options.deadline.map { $0.timeIntervalSinceNow } ?? .infinity
            if left > 0.01 {
                let o = SolveOptions(timeLimit: min(left, objectiveSeconds), method: options.method)
                if let plan = PhasedSolver.solve(copy, options: o).plan, plan.status == .optimal { objective = plan.objective }
            }
            found.append(Diagnosis.Suggestion(rule: knob.rule, key: knob.key, from: knob.display(knob.from), value: knob.display(best),
                                              objective: objective, provenSmallest: proven))
        }
        return (found, stopped)
    }
}
