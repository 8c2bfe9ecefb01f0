import AssignModel
import Foundation

/// Writes an integer program in the standard exchange formats through GLPK's own writers,
/// so that any other solver can be run on exactly the same problem.
public enum ModelExport {
    public enum Format: String, Sendable {
        /// Free MPS.
        case mps
        /// CPLEX LP.
        case lp
    }

    /// Writes `program` to `url` (whole or not at all). Names are made safe for both formats:
    /// letters, digits and `_` only, unique, at most 255 characters.
    public static func write(_ program: IntegerProgram, format: Format, to url: URL) throws {
        let problem = try GLPKProblem(program)
        problem.setNames(rows: safeNames(program.rows.map(\.name), prefix: "r"),
                         columns: safeNames(program.columns.map(\.name), prefix: "x"))
        // Through the one atomic writer, so that an interruption leaves no temporary file behind.
        try AtomicFile.write(to: url) { temp in
            let code = problem.write(format, path: temp)
            guard code == 0 else {
                throw OutputError(tr("msg.glpkWrite", ["path": url.path, "code": String(code)]))
            }
        }
    }

    /// `C1[X0000-0]` → `C1_X0000_0`; unique, never starting with a digit, at most 255 characters.
    static func safeNames(_ names: [String], prefix: String) -> [String] {
        var used = Set<String>()
        var out: [String] = []
        out.reserveCapacity(names.count)
        for (i, name) in names.enumerated() {
            var s = String(name.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "_" })
            while s.hasSuffix("_") { s.removeLast() }
            if s.isEmpty || s.first!.isNumber { s = prefix + "_" + s }
            s = String(s.prefix(200))
            if used.contains(s) { s += "_\(i)" }
            used.insert(s)
            out.append(s)
        }
        return out
    }
}
