import Foundation

/// Moves between units, aggregated so that a picture stays legible for a whole province.
///
/// The units with the most moves in and out are shown by name; every other unit is folded into
/// one group per level ("other communes"). Releases flow into a group of their own.
public struct FlowModel: Sendable {
    /// How many units are named in the picture; the rest are grouped by level.
    public static let defaultNamedUnits = 8

    /// What a node of the picture stands for.
    public enum Kind: Sendable, Equatable {
        /// One unit.
        case unit(Level)
        /// All other units of a level.
        case others(Level)
        /// Cadres who get no post.
        case released

        public var level: Level? {
            switch self {
            case .unit(let l), .others(let l): return l
            case .released: return nil
            }
        }
    }

    /// A group of units on one side of the picture.
    public struct Node: Sendable, Equatable {
        public var label: String
        public var kind: Kind
        /// Moves leaving (for a source) or reaching (for a target) the group.
        public var count: Int
    }

    /// Moves from source node `from` to target node `to`.
    public struct Link: Sendable, Equatable {
        public var from: Int
        public var to: Int
        public var count: Int
    }

    /// Origins, ordered by level from high to low.
    public var sources: [Node]
    /// Destinations, ordered by level from high to low, releases last.
    public var targets: [Node]
    public var links: [Link]
    /// Moves by level: `levelMatrix[from][to]`, from a `Level` raw value to a `Level` raw value,
    /// or to index 3 for releases.
    public var levelMatrix: [[Int]]
    /// Every move counted: assignments to another post plus releases.
    public var total: Int
    /// Units folded into the "other" groups (every unit with a move, when only levels are shown).
    public var foldedUnits: Int
    /// Units shown by name.
    public var namedUnits: Int
    /// Levels the instance has, from high to low (the rows and columns worth showing of `levelMatrix`).
    public var levels: [Level]

    /// Aggregates `moves` (from unit index, to unit index or nil for a release).
    public init(instance: Instance, moves: [(from: Int, to: Int?)], maxNamedUnits: Int = FlowModel.defaultNamedUnits) {
        total = moves.count
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: 4), count: 3)
        var volume = [Int](repeating: 0, count: instance.units.count)
        for m in moves {
            volume[m.from] += 1
            if let t = m.to { volume[t] += 1 }
            matrix[instance.units[m.from].level.rawValue][m.to.map { instance.units[$0].level.rawValue } ?? 3] += 1
        }
        levelMatrix = matrix
        // Name the busiest units; when only one or two would be left over, name them too.
        let involved = instance.units.indices.filter { volume[$0] > 0 }
        var named = Set(involved)
        if maxNamedUnits <= 0 {
            named = []
        } else if involved.count > maxNamedUnits + 2 {
            named = Set(involved.sorted { (volume[$1], $0) < (volume[$0], $1) }.prefix(maxNamedUnits))
        }
        foldedUnits = involved.count - named.count
        namedUnits = named.count
        let present = Set(instance.units.map(\.level))
        levels = Level.allCases.reversed().filter { present.contains($0) }

        func key(_ u: Int?) -> Kind {
            guard let u else { return .released }
            let level = instance.units[u].level
            return named.contains(u) ? .unit(level) : .others(level)
        }
        // Nodes: named units by level (high first) and volume, each level's "others" after them.
        func order(_ units: [Int]) -> [Int] {
            units.sorted { a, b in
                let la = instance.units[a].level, lb = instance.units[b].level
                if la != lb { return la > lb }
                return (volume[b], a) < (volume[a], b)
            }
        }
        func groupName(_ level: Level, _ n: Int) -> String {
            if named.isEmpty {
                // Levels only: one group per level.
                return tr("flow.levelGroup.\(level.name)") + " (" + tr(n == 1 ? "flow.units.one" : "flow.units", ["n": String(n)]) + ")"
            }
            return tr(n == 1 ? "flow.others.\(level.name).one" : "flow.others.\(level.name)", ["n": String(n)])
        }
        func nodes(side units: [Int?]) -> (nodes: [Node], index: [String: Int]) {
            var count: [String: Int] = [:]
            var members: [Level: Set<Int>] = [:]
            for u in units {
                let id = u.map { named.contains($0) ? "u:\($0)" : "o:\(instance.units[$0].level.rawValue)" } ?? "released"
                count[id, default: 0] += 1
                if let u, !named.contains(u) { members[instance.units[u].level, default: []].insert(u) }
            }
            var list: [Node] = []
            var index: [String: Int] = [:]
            let namedHere = order(Array(Set(units.compactMap { $0 }.filter { named.contains($0) })))
            for level in Level.allCases.reversed() {
                for u in namedHere where instance.units[u].level == level {
                    index["u:\(u)"] = list.count
                    list.append(Node(label: instance.units[u].name, kind: key(u), count: count["u:\(u)"]!))
                }
                if let n = count["o:\(level.rawValue)"] {
                    index["o:\(level.rawValue)"] = list.count
                    list.append(Node(label: groupName(level, members[level]?.count ?? 0), kind: .others(level), count: n))
                }
            }
            if let n = count["released"] {
                index["released"] = list.count
                list.append(Node(label: tr("flow.releasedNode"), kind: .released, count: n))
            }
            return (list, index)
        }
        func id(_ u: Int?) -> String {
            u.map { named.contains($0) ? "u:\($0)" : "o:\(instance.units[$0].level.rawValue)" } ?? "released"
        }
        let src = nodes(side: moves.map { Optional($0.from) })
        let dst = nodes(side: moves.map(\.to))
        sources = src.nodes
        targets = dst.nodes
        var linkCount: [Int: Int] = [:]
        for m in moves {
            let a = src.index[id(m.from)]!, b = dst.index[id(m.to)]!
            linkCount[a * dst.nodes.count + b, default: 0] += 1
        }
        links = linkCount.keys.sorted().map { Link(from: $0 / dst.nodes.count, to: $0 % dst.nodes.count, count: linkCount[$0]!) }
    }

    /// Columns of `levelMatrix` worth showing, in display order: the instance's levels from high to
    /// low, then releases; each with its heading.
    public var matrixColumns: [(index: Int, name: String)] {
        levels.map { ($0.rawValue, $0.label) } + [(3, tr("report.released"))]
    }
}
