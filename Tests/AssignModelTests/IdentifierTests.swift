import AssignModel
import Foundation
import Testing

/// Ids read and print as they look; no field carries control or bidirectional characters.
@Suite("Identifiers and hidden characters")
struct IdentifierTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var file: String
        var old: String
        var new: String
        var line: Int
        var field: String
        var message: String
    }

    @Test(arguments: [
        Case(testDescription: "';' in a unit id", file: "units.csv", old: "AX,Phường An Xuân", new: "A;X,Phường An Xuân",
             line: 3, field: "id", message: "contains ';'"),
        Case(testDescription: "zero-width space in a post id", file: "posts.csv", old: "AX-CT,AX", new: "AX-\u{200B}CT,AX",
             line: 3, field: "id", message: "U+200B (ZERO WIDTH SPACE) at position 4"),
        Case(testDescription: "byte-order mark inside a cadre id", file: "cadres.csv", old: "C02,Trần", new: "C\u{FEFF}02,Trần",
             line: 3, field: "id", message: "U+FEFF (ZERO WIDTH NO-BREAK SPACE) at position 2"),
        Case(testDescription: "soft hyphen in a cadre id", file: "cadres.csv", old: "C02,Trần", new: "C0\u{00AD}2,Trần",
             line: 3, field: "id", message: "U+00AD"),
        Case(testDescription: "terminal escape in a name", file: "cadres.csv", old: "Nguyễn Văn An", new: "Nguyễn\u{1B}[31m Văn An",
             line: 2, field: "name", message: "U+001B"),
        Case(testDescription: "right-to-left override in a title", file: "posts.csv", old: "AX-BT,AX,",
             new: "AX-BT,AX,\u{202E}", line: 2, field: "title", message: "U+202E"),
        Case(testDescription: "line break inside a quoted id", file: "cadres.csv", old: "C02,Trần", new: "\"C0\n2\",Trần",
             line: 3, field: "id", message: "U+000A"),
        // The byte-level fast path of the field check must still see these three.
        Case(testDescription: "C1 control (CSI) in a name", file: "cadres.csv", old: "Nguyễn Văn An", new: "Nguyễn\u{9B}31m Văn An",
             line: 2, field: "name", message: "U+009B"),
        Case(testDescription: "delete character in a name", file: "cadres.csv", old: "Nguyễn Văn An", new: "Nguyễn\u{7F} Văn An",
             line: 2, field: "name", message: "U+007F"),
        Case(testDescription: "left-to-right isolate in a title", file: "posts.csv", old: "AX-BT,AX,",
             new: "AX-BT,AX,\u{2066}", line: 2, field: "title", message: "U+2066"),
        Case(testDescription: "bell character in a skill tag", file: "cadres.csv", old: "2016,head,party;admin", new: "2016,head,party;ad\u{07}min",
             line: 2, field: "skills", message: "U+0007"),
    ])
    func hiddenCharactersAreRefused(_ c: Case) throws {
        var files = try Fixture.tiny()
        files.edit(c.file, c.old, c.new)
        let issues = try Fixture.issues(files)
        let issue = issues.first { $0.file == c.file && $0.line == c.line && $0.field == c.field && $0.message.contains(c.message) }
        #expect(issue != nil, "no issue '\(c.message)' at \(c.file):\(c.line) \(c.field); got \(issues)")
    }

    @Test("ordinary ids with spaces, dots, dashes and Vietnamese letters are accepted")
    func ordinaryIdsAreAccepted() throws {
        var files = try Fixture.tiny()
        files.edit("units.csv", "AX,Phường An Xuân", "Phường.A X-1,Phường An Xuân")
        for name in ["posts.csv", "cadres.csv"] {
            let text = files[name]!.replacingOccurrences(of: "AX-", with: "Phường.A X-1-")
            let token = try NSRegularExpression(pattern: "(?<=[,;])AX(?=[,;\\r\\n]|$)", options: [.anchorsMatchLines])
            files[name] = token.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                                         withTemplate: "Phường.A X-1")
        }
        let instance = try Fixture.read(files)
        #expect(instance.unitIndex["Phường.A X-1"] != nil)
    }
}
