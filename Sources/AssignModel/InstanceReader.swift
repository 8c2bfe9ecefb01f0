import Foundation

/// Reads an instance directory (SPEC §3) and validates it, collecting every problem in one pass.
public enum InstanceReader {
    /// The files every instance has.
    public static let requiredFiles = ["units.csv", "posts.csv", "cadres.csv", "policy.yaml"]
    /// The files an instance may have.
    public static let optionalFiles = ["pins.csv", "scores.csv", "relations.csv"]

    /// Reads and validates the instance in `directory`; throws `InputErrors` listing every problem.
    public static func read(directory: URL) throws -> Instance {
        var issues: [InputIssue] = []
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDir), isDir.boolValue else {
            throw InputErrors([InputIssue(file: directory.path, message: tr("in.notDirectory"))])
        }
        let policy = PolicyReader.read(directory.appendingPathComponent("policy.yaml"), issues: &issues)
        func table(_ name: String, optional: Bool = false) -> CSVTable? {
            let url = directory.appendingPathComponent(name)
            if optional && !FileManager.default.fileExists(atPath: url.path) { return nil }
            return CSVTable.read(url, file: name, issues: &issues)
        }
        let tables = Tables(units: table("units.csv"), posts: table("posts.csv"), cadres: table("cadres.csv"),
                            pins: table("pins.csv", optional: true), scores: table("scores.csv", optional: true),
                            relations: table("relations.csv", optional: true))
        let instance = build(tables, policy: policy, issues: &issues)
        if !issues.isEmpty { throw InputErrors(issues) }
        return instance!
    }

    struct Tables {
        var units, posts, cadres, pins, scores, relations: CSVTable?
    }

    /// Parses the tables' rows and resolves references; nil when any issue was found.
    static func build(_ t: Tables, policy: Policy?, issues: inout [InputIssue]) -> Instance? {
        var b = Builder(policy: policy)
        // A file that could not be read, or lacks a required column, leaves its ids unknown:
        // references to them are then not reported as unknown.
        let unitsKnown = t.units.map { b.readUnits($0) } ?? false
        let postsKnown = t.posts.map { b.readPosts($0, unitsKnown: unitsKnown) } ?? false
        let cadresKnown = t.cadres.map { b.readCadres($0, unitsKnown: unitsKnown, postsKnown: postsKnown) } ?? false
        if let pins = t.pins { b.readPins(pins, known: postsKnown && cadresKnown) }
        if let scores = t.scores { b.readScores(scores, known: postsKnown && cadresKnown) }
        if let relations = t.relations { b.readRelations(relations, known: cadresKnown) }
        if cadresKnown, postsKnown { b.checkHolders(postColumn: t.cadres?.column("post").map { $0 + 1 } ?? 0) }
        issues.append(contentsOf: b.issues)
        guard issues.isEmpty, let policy else { return nil }
        return Instance(units: b.units, posts: b.posts, cadres: b.cadres, pins: b.pins, scores: b.scores,
                        policy: policy, skillNames: b.skillNames, relations: b.relations)
    }
}

/// Typed access to one CSV row, reporting located problems.
private struct RowReader {
    let table: CSVTable
    let row: CSVTable.Row

    func raw(_ column: String) -> String? {
        guard let i = table.column(column) else { return nil }
        return i < row.fields.count ? row.fields[i] : ""
    }

    func value(_ column: String) -> String? {
        raw(column)?.trimmed
    }

    func issue(_ column: String?, _ message: String) -> InputIssue {
        let col = column.flatMap { table.column($0) }.map { $0 + 1 } ?? 0
        return InputIssue(file: table.file, line: row.line, column: col, field: column, message: message)
    }
}

/// Accumulates parsed rows and problems across the instance files.
private struct Builder {
    var policy: Policy?
    var units: [Unit] = []
    var posts: [Post] = []
    var cadres: [Cadre] = []
    var pins: [Pin] = []
    var scores: [Int: Double] = [:]
    var relations: [Relation] = []
    var skillNames: [String] = []
    var skillIndex: [String: Int] = [:]
    var unitIndex: [String: Int] = [:]
    var postIndex: [String: Int] = [:]
    var cadreIndex: [String: Int] = [:]
    var issues: [InputIssue] = []
    /// Rows that could not be parsed fully; reference checks against them are skipped.
    var brokenUnitIDs: Set<String> = []
    var brokenPostIDs: Set<String> = []
    var brokenCadreIDs: Set<String> = []
    /// Line where each id was first seen, valid row or not, for duplicate messages.
    var firstLine: (unit: [String: Int], post: [String: Int], cadre: [String: Int]) = ([:], [:], [:])
    /// Unit and line of the first post of each joint group (SPEC §11.1).
    var jointFirst: [String: (unit: Int, line: Int)] = [:]

    init(policy: Policy?) { self.policy = policy }

    // MARK: field helpers

    mutating func required(_ r: RowReader, _ column: String) -> String? {
        guard let v = r.value(column) else { return nil }  // missing column already reported
        if v.isEmpty { issues.append(r.issue(column, tr("in.empty"))); return nil }
        return v
    }

    mutating func enumValue<T>(_ r: RowReader, _ column: String, _ allowed: [String], _ make: (String) -> T?) -> T? {
        guard let v = required(r, column) else { return nil }
        // The value in Vietnamese (VietnameseInput), any case, with or without diacritics.
        let kind = Self.valueKind[column] ?? column
        guard let e = make(v) ?? VietnameseInput.value(v, kind: kind).flatMap(make) else {
            let vi = VietnameseInput.listed(kind)
            issues.append(r.issue(column, tr("in.notOneOf", ["value": v, "allowed": allowed.joined(separator: ", ")])
                                  + (vi.isEmpty ? "" : tr("in.orVietnamese", ["values": vi.joined(separator: ", ")]))))
            return nil
        }
        return e
    }

    /// A whole number as a spreadsheet may write it: `80`, `80.0`, `1,975` (thousands separated); in a
    /// year column also a date, read as its year (`2016-05-01`, `01/05/2016`, `1/5/2016`).
    static func wholeNumber(_ v: String, year: Bool) -> Int? {
        if let n = Int(v) { return n }
        if let m = v.wholeMatch(of: #/(-?\d+)\.0+/#) { return Int(m.1) }
        if v.wholeMatch(of: #/\d{1,3}(,\d{3})+/#) != nil { return Int(v.replacingOccurrences(of: ",", with: "")) }
        guard year else { return nil }
        if let m = v.wholeMatch(of: #/(\d{4})-\d{1,2}-\d{1,2}([T ].*)?/#) { return Int(m.1) }
        if let m = v.wholeMatch(of: #/\d{1,2}[/.]\d{1,2}[/.](\d{4})/#) { return Int(m.1) }
        return nil
    }

    /// The kind of value (VietnameseInput.values) of a column whose name differs from it.
    static let valueKind = ["grade": "rank"]

    mutating func integer(_ r: RowReader, _ column: String, range: ClosedRange<Int>, what: String) -> Int?? {
        guard let v = r.value(column), !v.isEmpty else { return .some(nil) }
        guard let n = Self.wholeNumber(v, year: column == "birth_year" || column == "since") else {
            issues.append(r.issue(column, tr("in.notWhole", ["value": String(v.prefix(40)), "what": tr(what)])))
            return nil
        }
        guard range.contains(n) else {
            issues.append(r.issue(column, tr("in.outside", ["n": String(n), "low": String(range.lowerBound), "high": String(range.upperBound),
                                                                "what": tr(what)])))
            return nil
        }
        return .some(n)
    }

    mutating func boolean(_ r: RowReader, _ column: String) -> Bool? {
        guard let v = r.value(column), !v.isEmpty else { return false }
        // The SPEC's spellings first (the common case, and cheap); then Vietnamese (có / không).
        switch v.lowercased() {
        case "1", "true": return true
        case "0", "false": return false
        case _ where VietnameseInput.value(v, kind: "boolean") == "1": return true
        case _ where VietnameseInput.value(v, kind: "boolean") == "0": return false
        default:
            issues.append(r.issue(column, tr("in.notBoolean", ["value": String(v.prefix(40))])))
            return nil
        }
    }

    func list(_ r: RowReader, _ column: String) -> [String] {
        guard let v = r.value(column), !v.isEmpty else { return [] }
        return v.split(separator: ";").map { $0.trimmed }.filter { !$0.isEmpty }
    }

    mutating func skills(_ tags: [String]) -> SkillSet {
        var set = SkillSet()
        for tag in tags {
            if let i = skillIndex[tag] { set.insert(i); continue }
            skillIndex[tag] = skillNames.count
            set.insert(skillNames.count)
            skillNames.append(tag)
        }
        return set
    }

    /// Checks the row's width; returns false when the row is too short to read.
    /// A required id: besides being present, plain text that reads and prints as it looks — no `;`
    /// (it separates lists such as `wants` and `skills`), no control character and no invisible
    /// format character (U+FEFF, U+200B, U+00AD, bidirectional controls…), which would make two ids
    /// look alike and leak into every output.
    mutating func identifier(_ r: RowReader, _ column: String) -> String? {
        guard let id = required(r, column) else { return nil }
        // Printable ASCII without ';' (nearly every id): nothing to look up.
        if id.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ";") }) { return id }
        for (i, scalar) in id.unicodeScalars.enumerated() {
            let category = scalar.properties.generalCategory
            if scalar == ";" {
                issues.append(r.issue(column, tr("in.idSemicolon", ["id": id])))
                return id
            }
            if category == .format || category == .control || category == .lineSeparator || category == .paragraphSeparator {
                issues.append(r.issue(column, tr("in.idInvisible", ["char": Self.describe(scalar), "position": String(i + 1)])))
                return id
            }
        }
        return id
    }

    /// `U+200B (ZERO WIDTH SPACE)`.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let code = "U+" + String(format: "%04X", scalar.value)
        guard let name = scalar.properties.name ?? scalar.properties.nameAlias else { return code }
        return "\(code) (\(name))"
    }

    /// Characters no field may hold: control characters other than tab and line breaks (which a
    /// spreadsheet cell may hold), such as an escape sequence that would drive a terminal, and the
    /// bidirectional controls that make text display in another order than it reads.
    static func isForbiddenInAnyField(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        if scalar.properties.generalCategory == .control { return true }
        return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    mutating func checkWidth(_ r: RowReader) -> Bool {
        var clean = true
        for (i, field) in r.row.fields.enumerated() {
            // Fast path: no byte below 0x20 but tab and line breaks, no 0x7F, no 0xC2 lead byte (U+0080–U+00BF,
            // where the C1 controls are) and none from 0xE2 (U+2000 on: the bidirectional controls). Vietnamese
            // letters (lead bytes 0xC3–0xC6 and 0xE1) pass without a Unicode property lookup.
            if field.utf8.allSatisfy({ b in (b >= 0x20 && b != 0x7F && b != 0xC2 && b < 0xE2) || b == 0x09 || b == 0x0A || b == 0x0D }) {
                continue
            }
            guard let (k, scalar) = field.unicodeScalars.enumerated().first(where: { Self.isForbiddenInAnyField($0.1) }) else { continue }
            let column = i < r.table.header.count ? r.table.header[i] : nil
            issues.append(InputIssue(file: r.table.file, line: r.row.line, column: i + 1, field: column,
                                     message: tr("in.control", ["char": Self.describe(scalar), "position": String(k + 1)])))
            clean = false
        }
        guard clean else { return false }
        let n = r.row.fields.count, h = r.table.header.count
        if n < h {
            issues.append(InputIssue(file: r.table.file, line: r.row.line, column: n + 1, field: r.table.header[n],
                                     message: tr(n == 1 ? "in.fewFields.one" : "in.fewFields", ["n": String(n), "h": String(h)])))
            return false
        }
        if n > h, r.row.fields[h...].contains(where: { !$0.trimmed.isEmpty }) {
            issues.append(InputIssue(file: r.table.file, line: r.row.line, column: h + 1,
                                     message: tr("in.manyFields", ["n": String(n), "h": String(h)])))
            return false
        }
        return true
    }

    mutating func checkNonEmpty(_ table: CSVTable, what: String) {
        if table.rows.isEmpty {
            issues.append(InputIssue(file: table.file, line: 2, message: tr("in.noRows", ["what": tr(what)])))
        }
    }

    mutating func reference(_ r: RowReader, _ column: String, _ id: String, in index: [String: Int],
                            broken: Set<String>, what: String, file: String) -> Int? {
        if let i = index[id] { return i }
        if !broken.contains(id) {
            issues.append(r.issue(column, tr("in.unknown", ["what": tr(what), "id": id, "file": file])))
        }
        return nil
    }

    // MARK: files

    /// Reads units.csv; false when its ids cannot be known (a required column is missing).
    mutating func readUnits(_ t: CSVTable) -> Bool {
        guard t.requireColumns(["id", "name", "level"], issues: &issues) else { return false }
        defer { checkNonEmpty(t, what: "units") }
        for row in t.rows {
            let r = RowReader(table: t, row: row)
            guard checkWidth(r) else { continue }
            let before = issues.count
            let id = identifier(r, "id")
            let name = required(r, "name")
            let level = enumValue(r, "level", ["province", "district", "commune"]) { Level(name: $0) }
            let weak = boolean(r, "weak")
            if let id, let first = firstLine.unit[id] {
                issues.append(r.issue("id", tr("in.duplicateUnit", ["id": id, "first": String(first)])))
                continue
            }
            if let id { firstLine.unit[id] = row.line }
            guard issues.count == before, let id, let name, let level, let weak else {
                if let id { brokenUnitIDs.insert(id) }
                continue
            }
            unitIndex[id] = units.count
            units.append(Unit(id: id, name: name, level: level, weak: weak, line: row.line))
        }
        return true
    }

    /// Reads posts.csv; false when its ids cannot be known.
    mutating func readPosts(_ t: CSVTable, unitsKnown: Bool) -> Bool {
        guard t.requireColumns(["id", "unit", "title", "rank", "block"], issues: &issues) else { return false }
        checkNonEmpty(t, what: "posts")
        for row in t.rows {
            let r = RowReader(table: t, row: row)
            guard checkWidth(r) else { continue }
            let before = issues.count
            let id = identifier(r, "id")
            let unitID = required(r, "unit")
            let title = required(r, "title")
            let rank = enumValue(r, "rank", ["head", "deputy", "member"]) { Rank(name: $0) }
            let block = enumValue(r, "block", ["party", "state", "front"]) { Block(rawValue: $0) }
            let key = boolean(r, "key")
            let restricted = boolean(r, "restricted")
            let maxYears = integer(r, "max_years", range: 0...200, what: "tenure limit in years")
            let tags = list(r, "skills")
            // Joint posts (SPEC §11.1): every post of a group lies in one unit (the later post's cell is wrong).
            let joint = r.value("joint") ?? ""
            var unit: Int?
            if let unitID, unitsKnown {
                unit = reference(r, "unit", unitID, in: unitIndex, broken: brokenUnitIDs, what: "unit", file: "units.csv")
            }
            if !joint.isEmpty, let unit, let first = jointFirst[joint], first.unit != unit {
                issues.append(r.issue("joint", tr("in.jointUnits", ["joint": joint, "unit": units[first.unit].id, "line": String(first.line),
                                                                   "other": units[unit].id])))
            } else if !joint.isEmpty, let unit, jointFirst[joint] == nil {
                jointFirst[joint] = (unit, row.line)
            }
            if let id, let first = firstLine.post[id] {
                issues.append(r.issue("id", tr("in.duplicatePost", ["id": id, "first": String(first)])))
                continue
            }
            if let id { firstLine.post[id] = row.line }
            guard issues.count == before, let id, let unit, let title, let rank, let block, let key,
                  let restricted, let maxYears else {
                if let id { brokenPostIDs.insert(id) }
                continue
            }
            postIndex[id] = posts.count
            posts.append(Post(id: id, unit: unit, title: title, rank: rank, block: block, key: key,
                              restricted: restricted, skills: skills(tags), maxYears: maxYears, line: row.line, joint: joint))
        }
        return true
    }

    /// Reads cadres.csv; false when its ids cannot be known.
    mutating func readCadres(_ t: CSVTable, unitsKnown: Bool, postsKnown: Bool) -> Bool {
        guard t.requireColumns(["id", "name", "gender", "birth_year", "unit", "grade"], issues: &issues) else { return false }
        checkNonEmpty(t, what: "cadres")
        let year = policy?.year
        for row in t.rows {
            let r = RowReader(table: t, row: row)
            guard checkWidth(r) else { continue }
            let before = issues.count
            let id = identifier(r, "id")
            let name = required(r, "name")
            let gender = enumValue(r, "gender", ["m", "f"]) { Gender(rawValue: $0) }
            let birthYear: Int?? = required(r, "birth_year") == nil ? nil
                : integer(r, "birth_year", range: 1000...3000, what: "year of birth")
            let unitID = required(r, "unit")
            let grade = enumValue(r, "grade", ["head", "deputy", "member"]) { Rank(name: $0) }
            let rating = integer(r, "rating", range: 0...100, what: "rating 0–100")
            let since = integer(r, "since", range: 1000...3000, what: "year the post was taken")
            let homeID = r.value("home") ?? ""
            let postIDs = list(r, "post")
            let postID = postIDs.joined(separator: ";")
            let tags = list(r, "skills")
            let wantIDs = list(r, "wants")

            var unit: Int?, home: Int?, post: Int?, alsoHolds: [Int] = []
            var wants: [Int] = []
            if unitsKnown {
                if let unitID {
                    unit = reference(r, "unit", unitID, in: unitIndex, broken: brokenUnitIDs, what: "unit", file: "units.csv")
                }
                if !homeID.isEmpty {
                    home = reference(r, "home", homeID, in: unitIndex, broken: brokenUnitIDs, what: "unit", file: "units.csv")
                }
                for w in wantIDs {
                    if let u = reference(r, "wants", w, in: unitIndex, broken: brokenUnitIDs, what: "unit", file: "units.csv") {
                        wants.append(u)
                    }
                }
            }
            // SPEC §11.1: several posts, all of one joint group; the first in posts.csv order is `post`.
            var listed: [Int] = []
            var unresolved = false
            if !postIDs.isEmpty, postsKnown {
                for pid in postIDs {
                    if let q = reference(r, "post", pid, in: postIndex, broken: brokenPostIDs, what: "post", file: "posts.csv") {
                        if listed.contains(q) {
                            issues.append(r.issue("post", tr("in.postTwice", ["post": pid])))
                        } else {
                            listed.append(q)
                        }
                    } else {
                        unresolved = true
                    }
                }
                listed.sort()
                if let first = listed.first {
                    let group = posts[first].joint
                    if let bad = listed.dropFirst().first(where: { group.isEmpty || posts[$0].joint != group }) {
                        issues.append(r.issue("post", tr("in.twoGroups", ["a": posts[first].id, "b": posts[bad].id])))
                    }
                    post = unresolved ? nil : first
                    alsoHolds = Array(listed.dropFirst())
                }
            }
            if let b = birthYear ?? nil, let year, b > year {
                issues.append(r.issue("birth_year", tr("in.birthAfter", ["b": String(b), "year": String(year)])))
            }
            if !postID.isEmpty, let s = since {
                if s == nil {
                    issues.append(r.issue("since", tr("in.sinceEmpty", ["post": postID])))
                } else if let s, let year, s > year {
                    issues.append(r.issue("since", tr("in.sinceFuture", ["s": String(s), "year": String(year)])))
                } else if let s, let b = birthYear ?? nil, s < b {
                    issues.append(r.issue("since", tr("in.sinceBeforeBirth", ["s": String(s), "b": String(b)])))
                }
            }
            if let post, let unit, posts[post].unit != unit {
                issues.append(r.issue("post", tr("in.postElsewhere", ["post": posts[post].id, "unit": units[posts[post].unit].id, "own": units[unit].id])))
            }
            if let post, let grade, let top = ([post] + alsoHolds).max(by: { posts[$0].rank < posts[$1].rank }), grade < posts[top].rank {
                issues.append(r.issue("grade", tr("in.gradeBelow", ["grade": grade.name, "rank": posts[top].rank.name, "post": posts[top].id])))
            }
            if let id, let first = firstLine.cadre[id] {
                issues.append(r.issue("id", tr("in.duplicateCadre", ["id": id, "first": String(first)])))
                continue
            }
            if let id { firstLine.cadre[id] = row.line }
            let minority = boolean(r, "minority")
            guard issues.count == before, let id, let name, let gender, let birthYear = birthYear ?? nil,
                  let unit, let grade, let rating, let since, let minority,
                  postID.isEmpty || post != nil, homeID.isEmpty || home != nil else {
                if let id { brokenCadreIDs.insert(id) }
                continue
            }
            cadreIndex[id] = cadres.count
            cadres.append(Cadre(id: id, name: name, gender: gender, birthYear: birthYear, home: home, unit: unit,
                                post: post, since: post == nil ? nil : since, grade: grade, skills: skills(tags),
                                rating: rating ?? 50, wants: Array(Set(wants)).sorted(), line: row.line, minority: minority,
                                alsoHolds: alsoHolds))
        }
        return true
    }

    /// No two cadres hold the same post.
    mutating func checkHolders(postColumn: Int) {
        var holder: [Int: Int] = [:]
        for (c, cadre) in cadres.enumerated() {
            for p in cadre.heldPosts {
                if let first = holder[p] {
                    issues.append(InputIssue(file: "cadres.csv", line: cadre.line, column: postColumn, field: "post",
                                             message: tr("in.heldTwice", ["post": posts[p].id, "cadre": cadres[first].id, "line": String(cadres[first].line)])))
                } else {
                    holder[p] = c
                }
            }
        }
    }

    /// Resolves the cadre and post of a pins.csv or scores.csv row; reports a pair named twice.
    mutating func pair(_ r: RowReader, seen: inout [Int: Int]) -> (Int, Int)?? {
        let cadreID = required(r, "cadre")
        let postID = required(r, "post")
        guard let cadreID, let postID else { return nil }
        let c = reference(r, "cadre", cadreID, in: cadreIndex, broken: brokenCadreIDs, what: "cadre", file: "cadres.csv")
        let p = reference(r, "post", postID, in: postIndex, broken: brokenPostIDs, what: "post", file: "posts.csv")
        guard let c, let p else { return .some(nil) }
        let key = c * max(posts.count, 1) + p
        if let first = seen[key] {
            issues.append(r.issue("cadre", tr("in.pairTwice", ["cadre": cadreID, "post": postID, "first": String(first)])))
            return nil
        }
        seen[key] = r.row.line
        return .some((c, p))
    }

    /// Reads relations.csv (SPEC §11.4): `cadre`, `other` and an optional `kind`; a cadre related to
    /// itself and a pair listed twice (in either order) are reported at the row's `other` cell.
    mutating func readRelations(_ t: CSVTable, known: Bool) {
        guard t.requireColumns(["cadre", "other"], issues: &issues), known else { return }
        var seen: [Int: Int] = [:]
        for row in t.rows {
            let r = RowReader(table: t, row: row)
            guard checkWidth(r) else { continue }
            let cadreID = required(r, "cadre")
            let otherID = required(r, "other")
            let kind = r.value("kind") ?? ""
            guard let cadreID, let otherID else { continue }
            let a = reference(r, "cadre", cadreID, in: cadreIndex, broken: brokenCadreIDs, what: "cadre", file: "cadres.csv")
            let b = reference(r, "other", otherID, in: cadreIndex, broken: brokenCadreIDs, what: "cadre", file: "cadres.csv")
            guard let a, let b else { continue }
            if a == b {
                issues.append(r.issue("other", tr("in.selfRelated", ["id": otherID])))
                continue
            }
            let key = min(a, b) * max(cadres.count, 1) + max(a, b)
            if let first = seen[key] {
                issues.append(r.issue("other", tr("in.relationTwice", ["a": cadreID, "b": otherID, "first": String(first)])))
                continue
            }
            seen[key] = row.line
            relations.append(Relation(cadre: a, other: b, kind: kind, line: row.line))
        }
    }

    mutating func readPins(_ t: CSVTable, known: Bool) {
        guard t.requireColumns(["cadre", "post", "action"], issues: &issues), known else { return }
        var seen: [Int: Int] = [:]
        for row in t.rows {
            let r = RowReader(table: t, row: row)
            guard checkWidth(r) else { continue }
            let action = enumValue(r, "action", ["fix", "forbid"]) { PinAction(rawValue: $0) }
            guard let resolved = pair(r, seen: &seen), let (c, p) = resolved, let action else { continue }
            pins.append(Pin(cadre: c, post: p, action: action, line: row.line))
        }
    }

    mutating func readScores(_ t: CSVTable, known: Bool) {
        guard t.requireColumns(["cadre", "post", "score"], issues: &issues), known else { return }
        var seen: [Int: Int] = [:]
        for row in t.rows {
            let r = RowReader(table: t, row: row)
            guard checkWidth(r) else { continue }
            var score: Double?
            if let v = required(r, "score") {
                if let s = Double(v), s.isFinite, abs(s) <= 1e9 { score = s }
                else { issues.append(r.issue("score", tr("in.notNumber", ["value": String(v.prefix(40))]))) }
            }
            guard let resolved = pair(r, seen: &seen), let (c, p) = resolved, let score else { continue }
            scores[c * posts.count + p] = score
        }
    }
}
