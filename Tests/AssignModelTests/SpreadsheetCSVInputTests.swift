import AssignModel
import Foundation
import Testing

/// CSV files as spreadsheets save them (issue 13): semicolons, empty formatted rows, UTF-16 and
/// legacy code pages, numbers written as 80.0 or 1,975, dates in year columns.
@Suite("CSV as spreadsheets write it")
struct SpreadsheetCSVInputTests {
    /// `text` with every field separated by `;`, a field holding `;` quoted.
    static func semicolons(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            VietnameseInputTests.fields(String(line)).map { f in
                f.contains(";") && !f.hasPrefix("\"") ? "\"\(f)\"" : f
            }.joined(separator: ";")
        }.joined(separator: "\n")
    }

    @Test("files separated by semicolons read as the comma-separated ones")
    func semicolonSeparated() throws {
        let english = try Fixture.read(try Fixture.tiny())
        var files = try Fixture.tiny()
        for name in ["units.csv", "posts.csv", "cadres.csv"] { files[name] = Self.semicolons(files[name]!) }
        #expect(files["units.csv"]!.hasPrefix("id;name;level;weak"))
        let read = try Fixture.read(files)
        #expect(read.cadres.map(\.id) == english.cadres.map(\.id))
        #expect(read.cadres.map(\.name) == english.cadres.map(\.name))
        #expect(read.cadres.map(\.skills) == english.cadres.map(\.skills))
        #expect(read.posts.map(\.rank) == english.posts.map(\.rank))
    }

    @Test("rows whose cells are all empty are skipped, wherever they are")
    func emptyRowsSkipped() throws {
        let english = try Fixture.read(try Fixture.tiny())
        var files = try Fixture.tiny()
        files["cadres.csv"] = files["cadres.csv"]!.replacingOccurrences(of: "\nC02,", with: "\n,,,,,,,,,,,\n , ,,\nC02,") + ",,,,,,,,,,,\n,,,,,,,,,,,\n"
        let read = try Fixture.read(files)
        #expect(read.cadres.count == english.cadres.count)
    }

    @Test("a UTF-16 file with its byte-order mark (a spreadsheet's 'Unicode text') reads as UTF-8 does")
    func utf16() throws {
        var files = try Fixture.tiny().mapValues { Data($0.utf8) }
        let text = String(decoding: files["cadres.csv"]!, as: UTF8.self)
        var le = Data([0xFF, 0xFE]); le.append(text.data(using: .utf16LittleEndian)!)
        files["cadres.csv"] = le
        let dir = try Fixture.write(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let read = try InstanceReader.read(directory: dir)
        #expect(read.cadres.contains { $0.name == "Trần Thị Bình" })
    }

    @Test("a file in a Windows code page is refused at its line with a message that says how to save it as UTF-8")
    func legacyCodePage() throws {
        var files = try Fixture.tiny().mapValues { Data($0.utf8) }
        // "Trần" in Windows-1258: T r (0xE2 with a combining grave 0xCC) n.
        var bytes = [UInt8](files["cadres.csv"]!)
        let marker = Array("Trần Thị Bình".utf8)
        let at = try #require((0...(bytes.count - marker.count)).first { Array(bytes[$0..<($0 + marker.count)]) == marker })
        bytes.replaceSubrange(at..<(at + 6), with: [0x54, 0x72, 0xE2, 0xCC, 0x6E])
        files["cadres.csv"] = Data(bytes)
        let issues = try Fixture.issues(files)
        let issue = try #require(issues.first { $0.file == "cadres.csv" })
        #expect(issue.line == 3)
        #expect(issue.message.contains("Windows-1258") && issue.message.contains("CSV UTF-8"), "\(issue.message)")
    }

    @Test("numbers as spreadsheets write them: 80.0, \"1,975\", and dates in the year columns read as their year")
    func spreadsheetNumbers() throws {
        var files = try Fixture.tiny()
        files.edit("cadres.csv", "C01,Nguyễn Văn An,m,1975,AX,AX,AX-BT,2016,head,party;admin,80,",
                   "C01,Nguyễn Văn An,m,\"1,975\",AX,AX,AX-BT,2016-05-01,head,party;admin,80.0,")
        files.edit("cadres.csv", "C02,Trần Thị Bình,f,1978,AP,AP,AP-BT,2015,head,party,85,",
                   "C02,Trần Thị Bình,f,1978.0,AP,AP,AP-BT,01/05/2015,head,party,85,")
        let read = try Fixture.read(files)
        let c01 = read.cadres[read.cadreIndex["C01"]!], c02 = read.cadres[read.cadreIndex["C02"]!]
        #expect(c01.birthYear == 1975 && c01.since == 2016 && c01.rating == 80)
        #expect(c02.birthYear == 1978 && c02.since == 2015)
        // A real fraction, or a date outside a year column, is still refused.
        var bad = try Fixture.tiny()
        bad.edit("cadres.csv", "C02,Trần Thị Bình,f,1978,AP,AP,AP-BT,2015,head,party,85,", "C02,Trần Thị Bình,f,1978,AP,AP,AP-BT,2015,head,party,2015-01-01,")
        #expect(try Fixture.issues(bad).contains { $0.field == "rating" })
    }
}
