/// The words a person reads for the SPEC's values, in the process's language (`Catalogue`); the
/// files and plan.json keep the SPEC's spelling (`name`, `rawValue`).
extension Rank {
    public var label: String { tr("rank.\(name)") }
}

extension Level {
    public var label: String { tr("level.\(name)") }
}

extension Block {
    public var label: String { tr("block.\(rawValue)") }
}

extension MoveType {
    public var label: String { tr("type.\(rawValue)") }
}
