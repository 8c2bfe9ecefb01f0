import AssignModel
import Foundation
import Testing

/// Column names and values in Vietnamese (issue 13), accepted beside the SPEC's English ones.
@Suite("Vietnamese input")
struct VietnameseInputTests {
    /// Splits one CSV line into fields (quotes kept as they are; the tiny example quotes no newline).
    static func fields(_ line: String) -> [String] {
        var out: [String] = [], current = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() }
            if ch == "," && !quoted { out.append(current); current = "" } else { current.append(ch) }
        }
        out.append(current)
        return out
    }

    /// `text` with its header cells renamed by `header` and the values of some columns mapped.
    static func translate(_ text: String, header: [String: String], values: [String: [String: String]]) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let names = fields(lines[0])
        lines[0] = names.map { header[$0] ?? $0 }.joined(separator: ",")
        for i in 1..<lines.count where !lines[i].isEmpty {
            var row = fields(lines[i])
            for (j, name) in names.enumerated() where j < row.count {
                if let map = values[name], let v = map[row[j]] { row[j] = v }
            }
            lines[i] = row.joined(separator: ",")
        }
        return lines.joined(separator: "\n")
    }

    /// The tiny example written as a Vietnamese planner would: Vietnamese headers, levels, ranks,
    /// blocks, genders and yes/no, in mixed case and with and without diacritics.
    static func vietnameseTiny() throws -> [String: String] {
        var files = try Fixture.tiny()
        let yesNo = ["1": "có", "0": "Không"]
        files["units.csv"] = translate(files["units.csv"]!, header: ["id": "Mã đơn vị", "name": "Tên đơn vị", "level": "Cấp", "weak": "Yếu kém"],
                                       values: ["level": ["province": "tỉnh", "district": "Cấp huyện", "commune": "xã"], "weak": yesNo])
        files["posts.csv"] = translate(files["posts.csv"]!,
                                       header: ["id": "Mã chức danh", "unit": "Đơn vị", "title": "Chức danh", "rank": "Cấp bậc",
                                                "block": "Khối", "key": "Chủ chốt", "restricted": "Không phải người địa phương",
                                                "skills": "Chuyên môn", "max_years": "so_nam_toi_da"],
                                       values: ["rank": ["head": "Cấp trưởng", "deputy": "cap pho", "member": "thành viên"],
                                                "block": ["party": "Đảng", "state": "chính quyền", "front": "Mặt trận, đoàn thể"],
                                                "key": yesNo, "restricted": yesNo])
        files["cadres.csv"] = translate(files["cadres.csv"]!,
                                        header: ["id": "Mã cán bộ", "name": "Họ và tên", "gender": "Giới tính", "birth_year": "Năm sinh",
                                                 "home": "Quê quán", "unit": "Đơn vị công tác", "post": "Chức vụ hiện tại",
                                                 "since": "Năm bắt đầu giữ chức vụ", "grade": "Quy hoạch", "skills": "Chuyên môn",
                                                 "rating": "Kết quả đánh giá", "wants": "Nguyện vọng"],
                                        values: ["gender": ["m": "Nam", "f": "NỮ"], "grade": ["head": "cấp trưởng", "deputy": "Phó", "member": "thanh vien"]])
        return files
    }

    @Test("the tiny example with Vietnamese column names and values reads as the English one")
    func tinyInVietnamese() throws {
        let english = try Fixture.read(try Fixture.tiny())
        let files = try Self.vietnameseTiny()
        #expect(files["cadres.csv"]!.contains("Họ và tên") && files["cadres.csv"]!.contains("NỮ"))
        let vietnamese = try Fixture.read(files)
        #expect(vietnamese.units.map(\.level) == english.units.map(\.level))
        #expect(vietnamese.units.map(\.weak) == english.units.map(\.weak))
        #expect(vietnamese.posts.map(\.rank) == english.posts.map(\.rank))
        #expect(vietnamese.posts.map(\.block) == english.posts.map(\.block))
        #expect(vietnamese.posts.map(\.key) == english.posts.map(\.key))
        #expect(vietnamese.posts.map(\.restricted) == english.posts.map(\.restricted))
        #expect(vietnamese.posts.map(\.maxYears) == english.posts.map(\.maxYears))
        #expect(vietnamese.cadres.map(\.gender) == english.cadres.map(\.gender))
        #expect(vietnamese.cadres.map(\.grade) == english.cadres.map(\.grade))
        #expect(vietnamese.cadres.map(\.post) == english.cadres.map(\.post))
        #expect(vietnamese.cadres.map(\.since) == english.cadres.map(\.since))
        #expect(vietnamese.cadres.map(\.name) == english.cadres.map(\.name))
    }

    @Test("decomposed diacritics (NFD, as some Mac exports write them) read as precomposed ones")
    func decomposedDiacritics() throws {
        var files = try Self.vietnameseTiny()
        files["cadres.csv"] = files["cadres.csv"]!.decomposedStringWithCanonicalMapping
        let instance = try Fixture.read(files)
        #expect(instance.cadres.contains { $0.gender == .f })
    }

    @Test("an unknown Vietnamese value is refused at its cell, listing the English and the Vietnamese values")
    func unknownValue() throws {
        var files = try Self.vietnameseTiny()
        files["posts.csv"] = files["posts.csv"]!.replacingOccurrences(of: ",cap pho,", with: ",phó phòng,")
        let issues = try Fixture.issues(files)
        let issue = try #require(issues.first { $0.file == "posts.csv" && $0.field == "rank" })
        #expect(issue.message.contains("'phó phòng' is not one of head, deputy, member (or cấp trưởng, cấp phó, thành viên)"), "\(issue.message)")
        #expect(issue.line >= 2 && issue.column == 4)
    }

    @Test("a column given in English and in Vietnamese is a duplicate column")
    func duplicateColumn() throws {
        var files = try Fixture.tiny()
        files.edit("units.csv", "id,name,level,weak", "id,name,level,weak,Mã")
        let issues = try Fixture.issues(files)
        #expect(issues.contains { $0.file == "units.csv" && $0.message.contains("duplicate column header (first at column 1)") })
    }

    @Test("every Vietnamese name and value maps to a column or value of the SPEC, and folds uniquely per file and kind")
    func tablesConsistent() {
        let spec: [String: Set<String>] = [
            "units.csv": ["id", "name", "level", "weak"],
            "posts.csv": ["id", "unit", "title", "rank", "block", "key", "restricted", "skills", "max_years", "joint"],
            "cadres.csv": ["id", "name", "gender", "birth_year", "home", "unit", "post", "since", "grade", "skills", "rating",
                           "wants", "minority"],
            "pins.csv": ["cadre", "post", "action"], "scores.csv": ["cadre", "post", "score"],
            "relations.csv": ["cadre", "other", "kind"],
        ]
        for (file, pairs) in VietnameseInput.columns {
            for (vi, column) in pairs {
                #expect(spec[file]?.contains(column) == true, "\(file): \(vi) → \(column)")
                #expect(VietnameseInput.column(vi.uppercased(), file: file) == column)
            }
            let folded = pairs.map { VietnameseInput.fold($0.vi) }
            #expect(Set(folded).count == folded.count, "\(file): two Vietnamese names fold alike")
        }
        #expect(Set(VietnameseInput.columns.keys) == Set(spec.keys))
        let values: [String: Set<String>] = ["level": ["province", "district", "commune"], "rank": ["head", "deputy", "member"],
                                             "block": ["party", "state", "front"], "gender": ["m", "f"], "boolean": ["1", "0"],
                                             "action": ["fix", "forbid"]]
        for (kind, pairs) in VietnameseInput.values {
            #expect(Set(pairs.map(\.value)) == values[kind], "\(kind)")
        }
    }
}
