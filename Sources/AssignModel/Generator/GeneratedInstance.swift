import Foundation

/// What `InstanceGenerator.generate()` produces: the four instance files as text, a witness plan
/// that keeps every rule, and a few counts.
public struct GeneratedInstance: Sendable {
    /// Text of `units.csv`.
    public var unitsCSV: String
    /// Text of `posts.csv`.
    public var postsCSV: String
    /// Text of `cadres.csv`.
    public var cadresCSV: String
    /// Text of `policy.yaml`.
    public var policyYAML: String
    /// Text of `relations.csv` (2025 shape), nil when the instance has none.
    public var relationsCSV: String?
    /// One pair per post, in posts.csv order: a plan known to keep E1–E8 and C1–C8.
    public var witness: [(cadre: String, post: String)]
    /// Counts describing the instance and the witness.
    public var stats: GeneratorStats

    /// The files as (name, text), in a fixed order.
    public var files: [(name: String, text: String)] {
        [("units.csv", unitsCSV), ("posts.csv", postsCSV), ("cadres.csv", cadresCSV), ("policy.yaml", policyYAML)]
            + (relationsCSV.map { [("relations.csv", $0)] } ?? [])
    }

    /// Writes the files (four, or five with relations.csv) into `directory` (created when missing), all of them or none.
    public func write(to directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError(tr("msg.cannotCreateFolder", ["dir": directory.path, "why": error.localizedDescription]))
        }
        try AtomicFile.writeAll(files.map { (directory.appendingPathComponent($0.name), Data($0.text.utf8)) })
    }

    /// The witness as a plan of `instance` (the instance read back from these files): each pair
    /// with its move type, cross-block flag and cost (a joint group's cost on its first post, SPEC
    /// §11.1); released = holders who are not retiring and get no post in the witness; the objective
    /// per SPEC §7. Status `feasible`.
    public func witnessPlan(for read: Instance) -> Plan {
        let instance = read.grouped()
        var assigned = [Bool](repeating: false, count: instance.cadres.count)
        var objective = 0.0
        var assignments: [Assignment] = []
        assignments.reserveCapacity(witness.count)
        for pair in witness {
            guard let c = instance.cadreIndex[pair.cadre], let q = read.postIndex[pair.post] else {
                assignments.append(Assignment(post: pair.post, cadre: pair.cadre, type: .stay, crossBlock: false,
                                              cost: .nan, reasons: []))
                continue
            }
            let p = instance.joint?.groupOf[q] ?? q
            let first = instance.joint.map { $0.members[p][0] == q } ?? true
            assigned[c] = true
            let cost = first ? instance.cost(cadre: c, post: p) : 0
            objective += cost
            let joint = read.posts[q].joint
            assignments.append(Assignment(post: pair.post, cadre: pair.cadre, type: instance.moveType(cadre: c, post: p),
                                          crossBlock: instance.isCrossBlock(cadre: c, post: p), cost: cost,
                                          reasons: ["witness of the generator"], joint: joint.isEmpty ? nil : joint))
        }
        let released = instance.cadres.indices.filter { c in
            !assigned[c] && instance.releasable(c, facts: instance.facts(c))
        }
        objective += instance.policy.weights.release * Double(released.count)
        return Plan(status: .feasible, objective: objective, bound: nil, assignments: assignments,
                    released: released.map { instance.cadres[$0].id }, releases: [], stats: [])
    }
}

/// Counts of a generated instance and of its witness plan.
public struct GeneratorStats: Sendable, Equatable {
    public var communes = 0
    public var agencies = 0
    public var weakCommunes = 0
    public var posts = 0
    /// Joint groups and single posts (equal to `posts` without joint posts).
    public var groups = 0
    /// Posts with no holder now.
    public var vacantPosts = 0
    /// Pairs of relatives in relations.csv.
    public var relations = 0
    public var cadres = 0
    /// Cadres without a post (the reserve pool), planned successors included.
    public var reserve = 0
    /// Reserve cadres created as planned successors for a post the witness could not fill otherwise.
    public var successors = 0
    public var retiring = 0
    public var mustLeave = 0
    /// Holders of commune posts, and how many of them are local to their commune.
    public var communeHolders = 0
    public var localCommuneHolders = 0
    /// Assignments of the witness by move type, in `MoveType.allCases` order.
    public var witnessMoves: [Int] = Array(repeating: 0, count: MoveType.allCases.count)
    public var witnessReleases = 0

    public var units: Int { communes + agencies }

    /// Witness assignments of type `t`.
    public func witness(_ t: MoveType) -> Int { witnessMoves[MoveType.allCases.firstIndex(of: t)!] }
}
