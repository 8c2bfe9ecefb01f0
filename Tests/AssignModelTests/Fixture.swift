import AssignModel
import Foundation
import Testing

/// Instance directories for reader tests: a fresh temporary directory per call.
enum Fixture {
    /// The `examples/tiny` instance directory of this package.
    static let tinyDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // AssignModelTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("examples/tiny")

    /// The files of `examples/tiny`, name → text, so a test can change one string and write them out.
    static func tiny() throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: tinyDirectory.path) {
            let data = try Data(contentsOf: tinyDirectory.appendingPathComponent(name))
            files[name] = String(decoding: data, as: UTF8.self)
        }
        return files
    }

    /// Writes `files` (name → bytes) into a fresh temporary directory and returns its URL.
    static func write(_ files: [String: Data]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("assign-model-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, data) in files {
            try data.write(to: dir.appendingPathComponent(name))
        }
        return dir
    }

    /// Writes `files` (name → UTF-8 text) into a fresh temporary directory and returns its URL.
    static func write(_ files: [String: String]) throws -> URL {
        try write(files.mapValues { Data($0.utf8) })
    }

    /// Writes `files`, reads them as an instance and removes the directory again.
    static func read(_ files: [String: String]) throws -> Instance {
        let dir = try write(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try InstanceReader.read(directory: dir)
    }

    /// Writes `files`, expects `InstanceReader.read` to throw `InputErrors`, and returns its issues
    /// (empty, with a recorded failure, when reading succeeds or throws something else).
    static func issues(_ files: [String: Data], sourceLocation: SourceLocation = #_sourceLocation) throws -> [InputIssue] {
        let dir = try write(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let errors = #expect(throws: InputErrors.self, "reading should report input errors", sourceLocation: sourceLocation) {
            _ = try InstanceReader.read(directory: dir)
        }
        return errors?.issues ?? []
    }

    static func issues(_ files: [String: String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [InputIssue] {
        try issues(files.mapValues { Data($0.utf8) }, sourceLocation: sourceLocation)
    }
}

extension Dictionary where Key == String, Value == String {
    /// Replaces the one occurrence of `old` in file `name` by `new`; records a failure unless
    /// `old` occurs exactly once (so a fixture cannot silently stop mutating anything).
    mutating func edit(_ name: String, _ old: String, _ new: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        guard let text = self[name] else {
            Issue.record("no file \(name) in the fixture", sourceLocation: sourceLocation)
            return
        }
        let count = text.components(separatedBy: old).count - 1
        guard count == 1 else {
            Issue.record("'\(old)' occurs \(count) times in \(name), expected once", sourceLocation: sourceLocation)
            return
        }
        self[name] = text.replacingOccurrences(of: old, with: new)
    }
}

/// Finds the issue about `file` (and `line`, `field` when given) and checks its column and message.
///
/// - `column`: the expected 1-based column; checked when given.
/// - `message`: substrings that must all occur in the message.
@discardableResult
func expectIssue(_ issues: [InputIssue], file: String, line: Int? = nil, field: String? = nil, column: Int? = nil,
                 message: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) -> InputIssue? {
    let candidates = issues.filter {
        $0.file == file && (line == nil || $0.line == line) && (field == nil || $0.field == field)
    }
    guard let issue = candidates.first(where: { i in message.allSatisfy { i.message.contains($0) } }) ?? candidates.first else {
        Issue.record("""
            no issue for \(file)\(line.map { " line \($0)" } ?? "")\(field.map { " field \($0)" } ?? ""); got:
            \(issues.map { "  \($0)" }.joined(separator: "\n"))
            """, sourceLocation: sourceLocation)
        return nil
    }
    if let column {
        #expect(issue.column == column, "column of: \(issue)", sourceLocation: sourceLocation)
    }
    for part in message {
        #expect(issue.message.contains(part), "message should mention '\(part)': \(issue)", sourceLocation: sourceLocation)
    }
    #expect(!issue.message.isEmpty, sourceLocation: sourceLocation)
    return issue
}

/// Just enough RFC 4180 to rearrange the columns of the example files in tests
/// (quoted fields with commas and doubled quotes; no newlines inside fields).
enum CSVText {
    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map { fields(String($0)) }
    }

    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        fields.append(field)
        return fields
    }

    static func text(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { f in
                f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                    ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
            }.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }

    /// The same table with its columns in the order `reorder` gives for each row (header included).
    static func mapColumns(_ text: String, _ reorder: ([String]) -> [String]) -> String {
        Self.text(rows(text).map(reorder))
    }

    /// The same table without column `name`.
    static func dropColumn(_ text: String, _ name: String) -> String {
        let all = rows(text)
        guard let i = all.first?.firstIndex(of: name) else { return text }
        return Self.text(all.map { row in var r = row; if i < r.count { r.remove(at: i) }; return r })
    }
}
