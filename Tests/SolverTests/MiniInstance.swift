import AssignModel
import Foundation
import Solver
import Testing

/// A small instance written as CSV lines, for tests that need a situation built by hand.
///
/// Column order: units `id,level,weak`; posts `id,unit,rank,block,key,restricted,skills`;
/// cadres `id,gender,birth_year,home,unit,post,since,grade,skills,rating,wants`.
struct MiniInstance {
    var units: [String] = []
    var posts: [String] = []
    var cadres: [String] = []
    var policy = "year: 2025\n"
    var pins: [String]? = nil
    var scores: [String]? = nil
    /// relations.csv rows `cadre,other,kind`.
    var relations: [String]? = nil

    /// Writes the files to a fresh temporary directory.
    func write() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mini-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        func put(_ name: String, _ text: String) throws {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try put("units.csv", "id,name,level,weak\n" + units.map { row in
            let f = row.split(separator: ",", omittingEmptySubsequences: false)
            return "\(f[0]),Unit \(f[0]),\(f[1]),\(f[2])"
        }.joined(separator: "\n") + "\n")
        try put("posts.csv", "id,unit,title,rank,block,key,restricted,skills\n" + posts.map { row in
            let f = row.split(separator: ",", omittingEmptySubsequences: false)
            return "\(f[0]),\(f[1]),Title \(f[0]),\(f[2...].joined(separator: ","))"
        }.joined(separator: "\n") + "\n")
        try put("cadres.csv", "id,name,gender,birth_year,home,unit,post,since,grade,skills,rating,wants\n" + cadres.map { row in
            let f = row.split(separator: ",", omittingEmptySubsequences: false)
            return "\(f[0]),Name \(f[0]),\(f[1...].joined(separator: ","))"
        }.joined(separator: "\n") + "\n")
        try put("policy.yaml", policy)
        if let pins { try put("pins.csv", "cadre,post,action\n" + pins.joined(separator: "\n") + "\n") }
        if let scores { try put("scores.csv", "cadre,post,score\n" + scores.joined(separator: "\n") + "\n") }
        if let relations { try put("relations.csv", "cadre,other,kind\n" + relations.joined(separator: "\n") + "\n") }
        return dir
    }

    func instance() throws -> Instance {
        let dir = try write()
        defer { try? FileManager.default.removeItem(at: dir) }
        return try InstanceReader.read(directory: dir)
    }
}

/// The repository's bundled examples.
enum Examples {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
    }

    static func load(_ name: String) throws -> Instance {
        try InstanceReader.read(directory: root.appendingPathComponent(name))
    }
}

extension InstanceGenerator {
    /// The generated instance as the tool reads it: written to a temporary folder, read back by
    /// `InstanceReader`, the folder removed.
    func readBack() throws -> Instance {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("generated-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try generate().write(to: dir)
        return try InstanceReader.read(directory: dir)
    }
}

/// Both methods on one instance: the same status and, when optimal, the same objective (within 1e-6
/// relative, or `absolute` when given), with both plans listing every post and passing the independent
/// checker. Returns the column-generation plan's check (nil when not optimal).
func expectMethodsAgree(_ instance: Instance, _ what: String, absolute: Double? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> CheckReport? {
    let cg = PlanSolver.solve(instance)
    let full = PlanSolver.solve(instance, options: SolveOptions(method: .full))
    #expect(cg.status == full.status, "\(what)", sourceLocation: sourceLocation)
    guard cg.status == .optimal else { return nil }
    let a = try #require(cg.plan, sourceLocation: sourceLocation), b = try #require(full.plan, sourceLocation: sourceLocation)
    let za = try #require(a.objective, sourceLocation: sourceLocation), zb = try #require(b.objective, sourceLocation: sourceLocation)
    #expect(abs(za - zb) <= absolute ?? 1e-6 * max(1, abs(za)), "\(what): cg \(za), full \(zb)", sourceLocation: sourceLocation)
    // Both plans list every post and keep every rule.
    for plan in [b, a] {
        #expect(plan.assignments.count == instance.posts.count, "\(what)", sourceLocation: sourceLocation)
        let report = PlanChecker.check(plan, against: instance)
        #expect(report.isValid, "\(what): \(report.violations.map(\.message))", sourceLocation: sourceLocation)
    }
    return PlanChecker.check(a, against: instance)
}
