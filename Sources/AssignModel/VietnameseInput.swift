import Foundation

/// Vietnamese column names and values accepted in the instance files, beside the English ones of
/// the SPEC (issue 13; terms from `docs/GLOSSARY-vi.md`).
///
/// A Vietnamese name or value is matched after `fold`: any case, precomposed or decomposed
/// diacritics, and also without diacritics (`Cấp trưởng`, `cấp trưởng`, `CAP TRUONG` are one value);
/// underscores and runs of spaces read as one space. English names and values are matched exactly,
/// as before. The tables are the input reference of the README ("Vietnamese input").
public enum VietnameseInput {
    /// `s` lowercased, without diacritics (đ → d), trimmed, with `_` and runs of blanks as one space.
    public static func fold(_ s: String) -> String {
        let plain = s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "d")
            .replacingOccurrences(of: "_", with: " ")
        return plain.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// Column names per file: Vietnamese (as typed in a planner's sheet) → the SPEC's column.
    public static let columns: [String: [(vi: String, column: String)]] = [
        "units.csv": [("mã", "id"), ("mã đơn vị", "id"), ("tên", "name"), ("tên đơn vị", "name"), ("cấp", "level"),
                      ("yếu kém", "weak"), ("đơn vị yếu kém", "weak")],
        "posts.csv": [("mã", "id"), ("mã chức danh", "id"), ("đơn vị", "unit"), ("mã đơn vị", "unit"),
                      ("chức danh", "title"), ("tên chức danh", "title"), ("chức vụ", "title"), ("cấp bậc", "rank"),
                      ("cấp chức vụ", "rank"), ("khối", "block"), ("chủ chốt", "key"), ("chức danh chủ chốt", "key"),
                      ("không phải người địa phương", "restricted"), ("bố trí người không phải người địa phương", "restricted"),
                      ("chuyên môn", "skills"), ("số năm tối đa", "max_years"), ("kiêm nhiệm", "joint")],
        "cadres.csv": [("mã", "id"), ("mã cán bộ", "id"), ("họ và tên", "name"), ("họ tên", "name"), ("giới tính", "gender"),
                       ("năm sinh", "birth_year"), ("quê quán", "home"), ("nơi là người địa phương", "home"),
                       ("đơn vị", "unit"), ("đơn vị công tác", "unit"), ("chức vụ", "post"), ("chức vụ hiện tại", "post"),
                       ("chức danh", "post"), ("năm bắt đầu giữ chức vụ", "since"), ("giữ chức vụ từ năm", "since"),
                       ("quy hoạch", "grade"), ("chuyên môn", "skills"), ("kết quả đánh giá", "rating"), ("đánh giá", "rating"),
                       ("nguyện vọng", "wants"), ("dân tộc thiểu số", "minority"), ("người dân tộc thiểu số", "minority")],
        "pins.csv": [("cán bộ", "cadre"), ("mã cán bộ", "cadre"), ("chức danh", "post"), ("mã chức danh", "post"),
                     ("quyết định", "action")],
        "scores.csv": [("cán bộ", "cadre"), ("mã cán bộ", "cadre"), ("chức danh", "post"), ("mã chức danh", "post"),
                       ("điểm", "score"), ("điểm phù hợp", "score")],
        "relations.csv": [("cán bộ", "cadre"), ("mã cán bộ", "cadre"), ("người có quan hệ", "other"),
                          ("quan hệ", "kind"), ("mối quan hệ", "kind")],
    ]

    /// Values per kind: Vietnamese → the SPEC's value. Kinds: `level`, `rank`, `block`, `gender`,
    /// `boolean` (`1`/`0`), `action` (pins).
    public static let values: [String: [(vi: String, value: String)]] = [
        "level": [("tỉnh", "province"), ("cấp tỉnh", "province"), ("huyện", "district"), ("cấp huyện", "district"),
                  ("xã", "commune"), ("cấp xã", "commune"), ("phường", "commune")],
        "rank": [("cấp trưởng", "head"), ("trưởng", "head"), ("cấp phó", "deputy"), ("phó", "deputy"),
                 ("thành viên", "member")],
        "block": [("đảng", "party"), ("khối đảng", "party"), ("chính quyền", "state"), ("khối chính quyền", "state"),
                  ("mặt trận", "front"), ("khối mặt trận", "front"), ("mặt trận, đoàn thể", "front"),
                  ("khối mặt trận, đoàn thể", "front"), ("đoàn thể", "front")],
        "gender": [("nam", "m"), ("nữ", "f")],
        "boolean": [("có", "1"), ("không", "0")],
        "action": [("cố định", "fix"), ("loại trừ", "forbid")],
    ]

    static let foldedColumns: [String: [String: String]] = columns.mapValues { pairs in
        Dictionary(pairs.map { (fold($0.vi), $0.column) }, uniquingKeysWith: { a, _ in a })
    }
    static let foldedValues: [String: [String: String]] = values.mapValues { pairs in
        Dictionary(pairs.map { (fold($0.vi), $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    /// The SPEC's column for a Vietnamese header cell of `file`, nil when it is none.
    public static func column(_ header: String, file: String) -> String? {
        foldedColumns[file]?[fold(header)]
    }

    /// The SPEC's value for a Vietnamese value of `kind`, nil when it is none.
    public static func value(_ text: String, kind: String) -> String? {
        foldedValues[kind]?[fold(text)]
    }

    /// The Vietnamese values of `kind`, as listed in messages ("cấp trưởng, cấp phó, thành viên").
    public static func listed(_ kind: String) -> [String] {
        var seen = Set<String>()
        return (values[kind] ?? []).compactMap { seen.insert($0.value).inserted ? $0.vi : nil }
    }
}
