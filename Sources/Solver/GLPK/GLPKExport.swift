import AssignModel
import CGLPK
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
        let dir = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        let code = problem.write(format, path: temp.path)
        guard code == 0 else {
            unlink(temp.path)
            throw OutputError("GLPK could not write \(url.path) (code \(code)); is the folder writable?")
        }
        guard rename(temp.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp.path)
            throw OutputError("cannot write \(url.path): \(reason)")
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

extension GLPKProblem {
    /// Sets row and column names (0-based arrays, already checked to be safe).
    func setNames(rows: [String], columns: [String]) {
        for (i, n) in rows.enumerated() { glp_set_row_name(handle, GLPKArray.index(i), n) }
        for (j, n) in columns.enumerated() { glp_set_col_name(handle, GLPKArray.index(j), n) }
        glp_set_prob_name(handle, "rotation")
        glp_set_obj_name(handle, "cost")
    }

    /// Writes the problem with GLPK's writer; returns GLPK's code (0 = success).
    func write(_ format: ModelExport.Format, path: String) -> Int32 {
        switch format {
        case .mps: return glp_write_mps(handle, GLP_MPS_FILE, nil, path)
        case .lp: return glp_write_lp(handle, nil, path)
        }
    }
}
