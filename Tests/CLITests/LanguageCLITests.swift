import AssignModel
import Foundation
import Testing

/// `--lang` and PLAN_LANG (issue 13): the summary, the reasons and the spreadsheet in Vietnamese,
/// with plan.json's keys and type values as the SPEC names them.
@Suite("Language of the output")
struct LanguageCLITests {
    static let tiny = Tool.examples.appendingPathComponent("tiny").path

    @Test("solve --lang vi: a Vietnamese summary, Vietnamese reasons and spreadsheet, SPEC keys and type values in plan.json")
    func vietnameseSolve() throws {
        let dir = try Tool.tempDir()
        let json = dir.appendingPathComponent("p.json"), csv = dir.appendingPathComponent("p.csv")
        let r = try Tool.run(["solve", Self.tiny, "--out", json.path, "--csv", csv.path, "--lang", "vi"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("(năm kế hoạch 2025): tối ưu (đã chứng minh), tổng mức xáo trộn 896"), "\(r.stdout)")
        #expect(r.stdout.contains("4 luân chuyển ngang") && r.stdout.contains("1 người thôi giữ chức vụ"))
        #expect(r.stdout.contains("tỷ lệ cán bộ không phải người địa phương"))
        #expect(!r.stdout.contains("objective") && !r.stdout.contains("releases") && !r.stdout.contains("eligible pairs"))
        let plan = String(decoding: try Data(contentsOf: json), as: UTF8.self)
        #expect(plan.contains("\"type\": \"horizontal\"") && plan.contains("\"status\": \"optimal\""))
        #expect(plan.contains("hết thời hạn giữ chức vụ (E3)") && !plan.contains("term limit"))
        let table = String(decoding: try Data(contentsOf: csv), as: UTF8.self)
        #expect(table.contains("Mã chức danh,Mã đơn vị,Đơn vị,Chức danh") && table.contains(",Hình thức,"))
        #expect(table.contains(",luân chuyển ngang,") && table.contains(",thôi giữ chức vụ,") && !table.contains(",horizontal,"))
    }

    @Test("Vietnamese is the default; PLAN_LANG=en chooses English, --lang overrides PLAN_LANG")
    func environment() throws {
        let dir = try Tool.tempDir()
        let out = dir.appendingPathComponent("p.json").path
        let vi = try Tool.run(["solve", Self.tiny, "--out", out], environment: ["PLAN_LANG": "vi"])
        #expect(vi.status == 0 && vi.stdout.contains("năm kế hoạch"), "\(vi.stdout)")
        let en = try Tool.run(["solve", Self.tiny, "--out", out, "--lang", "en"], environment: ["PLAN_LANG": "vi"])
        #expect(en.status == 0 && en.stdout.contains("(plan year 2025): optimal, objective 896"), "\(en.stdout)")
        let plain = try Tool.run(["solve", Self.tiny, "--out", out], environment: ["PLAN_LANG": ""])
        #expect(plain.stdout.contains("(năm kế hoạch 2025): tối ưu (đã chứng minh)"), "\(plain.stdout)")
        let english = try Tool.run(["solve", Self.tiny, "--out", out], environment: ["PLAN_LANG": "en"])
        #expect(english.stdout.contains("(plan year 2025): optimal"))
        let override = try Tool.run(["solve", Self.tiny, "--out", out, "--lang", "vi"], environment: ["PLAN_LANG": "en"])
        #expect(override.stdout.contains("năm kế hoạch"))
    }

    @Test("an unknown --lang is a usage error (exit 1) and writes nothing")
    func unknownLanguage() throws {
        let dir = try Tool.tempDir()
        let out = dir.appendingPathComponent("p.json")
        let r = try Tool.run(["solve", Self.tiny, "--out", out.path, "--lang", "fr"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("lang"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("an infeasible instance with --lang vi: the diagnosis and its verified suggestions in Vietnamese")
    func vietnameseDiagnosis() throws {
        let inst = try Tool.copyExample("tiny")
        let dir = inst.deletingLastPathComponent()
        let policy = inst.appendingPathComponent("policy.yaml")
        let text = try String(contentsOf: policy, encoding: .utf8).replacingOccurrences(of: "max_arrivals_per_unit: 1", with: "max_arrivals_per_unit: 0")
        try Data(text.utf8).write(to: policy)
        let r = try Tool.run(["solve", inst.path, "--out", dir.appendingPathComponent("p.json").path, "--lang", "vi"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("không có phương án thỏa mãn mọi quy định"), "\(r.stderr)")
        #expect(r.stderr.contains("Riêng mỗi thay đổi dưới đây là có phương án"))
        #expect(r.stderr.contains("max_arrivals_per_unit: 0 → 1") && r.stderr.contains("tổng mức xáo trộn 896"))
        #expect(r.stderr.contains("E5 cấp bậc và quy hoạch") || r.stderr.contains("C5 số cán bộ nơi khác đến tối đa"))
        #expect(!r.stderr.contains("restores a plan") && !r.stderr.contains("objective"))
    }

    @Test("validate and diff with --lang vi: verdict, counts and move types in Vietnamese")
    func vietnameseValidateAndDiff() throws {
        let dir = try Tool.tempDir()
        let a = dir.appendingPathComponent("a.json"), b = dir.appendingPathComponent("b.json")
        #expect(try Tool.run(["solve", Self.tiny, "--out", a.path]).status == 0)
        let valid = try Tool.run(["validate", Self.tiny, a.path, "--lang", "vi"])
        #expect(valid.status == 0)
        #expect(valid.stdout.hasPrefix("hợp lệ: mọi quy định (E1,") && valid.stdout.contains("6 lượt điều động, 1 người thôi giữ chức vụ"),
                "\(valid.stdout)")
        // Swap the holders of two posts: the checker finds violations; diff names the two posts.
        var plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: a)) as? [String: Any])
        var rows = try #require(plan["assignments"] as? [[String: Any]])
        let first = rows[0]["cadre"]!
        rows[0]["cadre"] = rows[1]["cadre"]!
        rows[1]["cadre"] = first
        plan["assignments"] = rows
        try JSONSerialization.data(withJSONObject: plan).write(to: b)
        let invalid = try Tool.run(["validate", Self.tiny, b.path, "--lang", "vi"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("không hợp lệ:") && invalid.stderr.contains("các quy định bị vi phạm:")
                && invalid.stderr.contains("tổng mức xáo trộn tính lại:"), "\(invalid.stderr)")
        let diff = try Tool.run(["diff", a.path, b.path, "--instance", Self.tiny, "--lang", "vi"])
        #expect(diff.status == 0)
        #expect(diff.stdout.contains("các chức danh có người đảm nhận khác nhau") && diff.stdout.contains("2 chức danh khác nhau; tổng mức xáo trộn 896"),
                "\(diff.stdout)")
        #expect(diff.stdout.contains("(giữ nguyên vị trí)") && !diff.stdout.contains("(stay)"))
    }

    @Test("inspect --lang vi describes the instance in Vietnamese; the English wording is unchanged without it")
    func vietnameseInspect() throws {
        let v2 = Tool.examples.appendingPathComponent("tiny-v2").path
        let vi = try Tool.run(["inspect", v2, "--lang", "vi"])
        #expect(vi.status == 0)
        #expect(vi.stdout.contains("hợp lệ (năm kế hoạch 2025)") && vi.stdout.contains("6 nhóm kiêm nhiệm gồm 12 chức danh")
                && vi.stdout.contains("1 quan hệ gia đình") && vi.stdout.contains("do cán bộ nữ đảm nhận"), "\(vi.stdout)")
        let en = try Tool.run(["inspect", v2])
        #expect(en.stdout.contains("valid (plan year 2025)") && en.stdout.contains("1 relation,") && en.stdout.contains("1 holder may only stay"),
                "\(en.stdout)")
    }

    @Test("report --lang vi: the HTML page (lang=\"vi\") and the Markdown in Vietnamese, no English heading or label left")
    func vietnameseReport() throws {
        let dir = try Tool.tempDir()
        let plan = dir.appendingPathComponent("p.json"), html = dir.appendingPathComponent("r.html"), md = dir.appendingPathComponent("r.md")
        #expect(try Tool.run(["solve", Tool.examples.appendingPathComponent("tiny-v2").path, "--out", plan.path, "--lang", "vi"]).status == 0)
        let r = try Tool.run(["report", plan.path, "--instance", Tool.examples.appendingPathComponent("tiny-v2").path,
                              "--html", html.path, "--md", md.path, "--lang", "vi"])
        #expect(r.status == 0, "\(r.stderr)")
        let page = String(decoding: try Data(contentsOf: html), as: UTF8.self)
        let markdown = String(decoding: try Data(contentsOf: md), as: UTF8.self)
        #expect(page.contains("<html lang=\"vi\">") && page.contains("<h2>Tóm tắt</h2>") && page.contains("Việc bảo đảm các quy định"))
        #expect(markdown.contains("## Tóm tắt") && markdown.contains("### Tỷ lệ, cơ cấu (C4)"))
        // The visible text, without markup, style, ids and the SPEC's machine labels (level=commune, …).
        func visible(_ text: String) -> String {
            var t = text.replacingOccurrences(of: "<style>[\\s\\S]*?</style>", with: " ", options: .regularExpression)
            t = t.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
            return t.replacingOccurrences(of: "\\([a-z_]+=[^)]*\\)", with: " ", options: .regularExpression)
        }
        let english = ["Summary", "Status", "Objective", "Bound", "Moves", "Releases", "Retiring", "Cross-block", "Rule compliance",
                       "Share targets", "Term limits", "Arrivals per unit", "vacant", "reasons", "post held", "in the plan", "unit now",
                       "every rule", "Every rule", "horizontal", "released", "moves out", "term limit", "stays in post", "joint post"]
        for text in [visible(page), visible(markdown)] {
            for word in english { #expect(!text.contains(word), "'\(word)' left in the Vietnamese report") }
        }
    }

    @Test("input errors with --lang vi: the count and each located message in Vietnamese, nothing written")
    func vietnameseInputErrors() throws {
        let inst = try Tool.copyExample("tiny")
        let dir = inst.deletingLastPathComponent()
        let cadres = inst.appendingPathComponent("cadres.csv")
        var text = try String(contentsOf: cadres, encoding: .utf8)
        text = text.replacingOccurrences(of: "C01,Nguyễn Văn An,m,1975,", with: "C01,Nguyễn Văn An,x,1975,")
        text = text.replacingOccurrences(of: "C02,Trần Thị Bình,f,1978,AP,AP,AP-BT,2015,head,party,85,", with: "C02,Trần Thị Bình,f,1978,AP,AP,AP-BT,2015,head,party,185,")
        try Data(text.utf8).write(to: cadres)
        let out = dir.appendingPathComponent("p.json")
        let r = try Tool.run(["solve", inst.path, "--out", out.path, "--lang", "vi"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("lỗi: dữ liệu đầu vào có 2 vấn đề; không ghi tệp nào."), "\(r.stderr)")
        #expect(r.stderr.contains("cadres.csv:2:3: gender: 'x' không thuộc m, f (hoặc nam, nữ)"), "\(r.stderr)")
        #expect(r.stderr.contains("185 nằm ngoài khoảng 0–100 (kết quả đánh giá 0–100)"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("by default every command speaks Vietnamese on every bundled example: no English word of the tool's texts in solve, inspect, validate, diff, report or the spreadsheet",
          arguments: ["tiny", "tiny-v2", "district-20", "district-20-2025", "commune-2025"])
    func noEnglishByDefault(example: String) throws {
        let inst = Tool.examples.appendingPathComponent(example).path
        let dir = try Tool.tempDir()
        let plan = dir.appendingPathComponent("p.json").path, csv = dir.appendingPathComponent("p.csv").path
        let html = dir.appendingPathComponent("r.html").path, md = dir.appendingPathComponent("r.md").path
        let vi = ["PLAN_LANG": ""]
        var outputs: [(String, String)] = []
        let solve = try Tool.run(["solve", inst, "--out", plan, "--csv", csv], environment: vi)
        #expect(solve.status == 0, "\(solve.stderr)")
        outputs.append(("solve", solve.stdout + solve.stderr))
        for args in [["inspect", inst], ["validate", inst, plan], ["diff", plan, plan, "--instance", inst],
                     ["report", plan, "--instance", inst, "--html", html, "--md", md]] {
            let r = try Tool.run(args, environment: vi)
            #expect(r.status == 0, "\(args[0]): \(r.stderr)")
            outputs.append((args[0], r.stdout + r.stderr))
        }
        for (name, path) in [("csv", csv), ("html", html), ("md", md)] {
            outputs.append((name, String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)))
        }
        // English words of the tool's own texts (not of the data: names, titles, ids, the SPEC's share labels, paths).
        let english = ["objective", "release", "eligible", "wrote", "valid:", "plan year", "stays in post", "term limit",
                       "horizontal", "Summary", "reasons", "posts differ", "units (", "cadres:", "must leave", "counts towards",
                       "non-local", "joint post", "retiring", "share target", "Rule compliance", "vacant", "within"]
        for (name, text) in outputs {
            var visible = text.replacingOccurrences(of: "<style>[\\s\\S]*?</style>", with: " ", options: .regularExpression)
            visible = visible.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
            visible = visible.replacingOccurrences(of: "\\((of|level|key|rank|block)=[^)]*\\)", with: " ", options: .regularExpression)
            visible = visible.replacingOccurrences(of: "[\\w./-]*\\.(json|csv|html|md)", with: " ", options: .regularExpression)
            for word in english {
                #expect(!visible.contains(word), "\(example) \(name): '\(word)' in \(visible.components(separatedBy: word).first!.suffix(120))")
            }
        }
    }
}

/// Help pages, usage errors, the tool's own messages and progress lines (issue 13): Vietnamese by
/// default, English with `--lang en`.
@Suite("Language of help and messages")
struct HelpLanguageCLITests {
    static let commands = ["solve", "validate", "export", "generate", "inspect", "batch", "report", "diff", "template", "serve"]

    /// The English texts of the catalogue's help entries, and swift-argument-parser's own headings.
    static var englishHelp: [String] {
        Catalogue.en.filter { $0.key.hasPrefix("help.") }.map { String($0.value.prefix(40)) }
            + ["OVERVIEW:", "USAGE:", "OPTIONS:", "ARGUMENTS:", "SUBCOMMANDS:", "Show help information", "for more information"]
    }

    @Test("every --help page is Vietnamese by default (no English help text or heading left) and English with --lang en")
    func helpPages() throws {
        for args in [["--help"]] + Self.commands.map({ [$0, "--help"] }) {
            let vi = try Tool.run(args, environment: ["PLAN_LANG": ""])
            #expect(vi.status == 0, "\(args): \(vi.stderr)")
            #expect(vi.stdout.contains("CÁCH DÙNG: plan") && vi.stdout.contains("Hiện hướng dẫn sử dụng."), "\(args): \(vi.stdout)")
            // Help texts are wrapped at 80 columns: compare with the line breaks folded away.
            let folded = vi.stdout.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
            for english in Self.englishHelp {
                let probe = english.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
                #expect(!folded.contains(probe), "\(args): English left: '\(probe)'")
            }
            let en = try Tool.run(args + ["--lang", "en"], environment: ["PLAN_LANG": ""])
            #expect(en.status == 0 && en.stdout.contains("USAGE: plan") && en.stdout.contains("Show help information."), "\(args): \(en.stdout)")
        }
        let solve = try Tool.run(["solve", "--help"], environment: ["PLAN_LANG": ""])
        #expect(solve.stdout.contains("Giải một bộ dữ liệu và ghi phương án tối ưu."))
    }

    @Test("usage errors of the parser and of the tool speak Vietnamese by default, English with PLAN_LANG=en; exit 1 either way")
    func usageErrors() throws {
        let tiny = Tool.examples.appendingPathComponent("tiny").path
        let cases: [([String], String, String)] = [
            (["solve"], "Lỗi: thiếu đối số '<instance>'", "Error: Missing expected argument '<instance>'"),
            (["solve", tiny, "--outt", "x"], "Lỗi: không có tùy chọn '--outt'. Có phải ý bạn là '--out'?", "Error: Unknown option '--outt'"),
            (["solve", tiny, "--lang", "fr"], "Hãy chọn một trong 'vi' và 'en'.", "Please provide one of 'vi' and 'en'."),
            (["solve", tiny, "--time-limit", "0"], "Lỗi: --time-limit phải là số giây dương", "Error: --time-limit must be a positive number of seconds"),
            (["export", tiny], "Lỗi: hãy cho --mps TỆP và/hoặc --lp TỆP", "Error: give --mps FILE and/or --lp FILE"),
            (["generate", "--communes", "0", "--agencies", "1", "--out", "/tmp/x"], "--communes phải từ 1 trở lên", "--communes must be at least 1"),
        ]
        for (args, vi, en) in cases {
            let v = try Tool.run(args, environment: ["PLAN_LANG": ""])
            #expect(v.status == 1 && v.stderr.contains(vi), "\(args): \(v.stderr)")
            #expect(v.stderr.contains("Cách dùng: plan") && !v.stderr.contains("Usage:"), "\(args): \(v.stderr)")
            let e = try Tool.run(args, environment: ["PLAN_LANG": "en"])
            #expect(e.status == 1 && e.stderr.contains(en) && e.stderr.contains("Usage: plan"), "\(args): \(e.stderr)")
        }
    }

    @Test("an output that is a folder is refused in the chosen language, and nothing is written")
    func outputMessages() throws {
        let tiny = Tool.examples.appendingPathComponent("tiny").path
        let dir = try Tool.tempDir()
        let csv = dir.appendingPathComponent("p.csv")
        let v = try Tool.run(["solve", tiny, "--out", dir.path, "--csv", csv.path], environment: ["PLAN_LANG": ""])
        #expect(v.status == 1 && v.stderr.contains("lỗi: \(dir.path) là thư mục, không phải tệp; không ghi tệp nào"), "\(v.stderr)")
        let e = try Tool.run(["solve", tiny, "--out", dir.path, "--csv", csv.path], environment: ["PLAN_LANG": "en"])
        #expect(e.status == 1 && e.stderr.contains("error: \(dir.path) is a folder, not a file; nothing was written"), "\(e.stderr)")
        #expect(!FileManager.default.fileExists(atPath: csv.path))
    }

    @Test("batch lines and the alternatives' lines speak Vietnamese by default; English with PLAN_LANG=en")
    func batchAndAlternatives() throws {
        let dir = try Tool.tempDir()
        let tiny = Tool.examples.appendingPathComponent("tiny").path
        let scenarios = dir.appendingPathComponent("s.yaml")
        try Data("instance: \(tiny)\nscenarios:\n  - name: a\n  - name: b\n    policy: {max_moves: 1}\n".utf8).write(to: scenarios)
        let vi = try Tool.run(["batch", scenarios.path, "--out", dir.appendingPathComponent("vi").path], environment: ["PLAN_LANG": ""])
        #expect(vi.status == 2 && vi.stdout.contains("1 tối ưu, 1 không có phương án") && vi.stderr.contains("b: không có phương án"),
                "\(vi.stdout)\(vi.stderr)")
        #expect(!(vi.stdout + vi.stderr).contains("optimal") && !(vi.stdout + vi.stderr).contains("infeasible"))
        let en = try Tool.run(["batch", scenarios.path, "--out", dir.appendingPathComponent("en").path], environment: ["PLAN_LANG": "en"])
        #expect(en.status == 2 && en.stdout.contains("1 optimal, 1 infeasible") && en.stderr.contains("b: infeasible"), "\(en.stdout)\(en.stderr)")
        let alt = try Tool.run(["solve", tiny, "--alternatives", "2", "--out-dir", dir.appendingPathComponent("alt").path],
                               environment: ["PLAN_LANG": ""])
        #expect(alt.status == 0 && alt.stdout.contains("plan-1.json: tối ưu (đã chứng minh), mục tiêu 896"), "\(alt.stdout)")
        #expect(alt.stdout.contains(", khác plan-1 ở ") && !alt.stdout.contains("objective") && !alt.stdout.contains("differs"), "\(alt.stdout)")
    }

    @Test("a YAML syntax error in policy.yaml is explained in Vietnamese by default, in libyaml's words with PLAN_LANG=en")
    func yamlSyntax() throws {
        let inst = try Tool.copyExample("tiny")
        try Data("year: 2025\nmax_moves: [1, 2\n".utf8).write(to: inst.appendingPathComponent("policy.yaml"))
        let vi = try Tool.run(["inspect", inst.path], environment: ["PLAN_LANG": ""])
        #expect(vi.status == 1 && vi.stderr.contains("policy.yaml:3:1: YAML sai cú pháp: thiếu ',' hoặc ']' (danh sách trong ngoặc vuông chưa đóng)"),
                "\(vi.stderr)")
        let en = try Tool.run(["inspect", inst.path], environment: ["PLAN_LANG": "en"])
        #expect(en.status == 1 && en.stderr.contains("policy.yaml:3:1: malformed YAML: did not find expected ',' or ']'"), "\(en.stderr)")
    }

    @Test("progress lines, details included, are Vietnamese by default")
    func progressDetails() throws {
        let dir = try Tool.tempDir()
        let inst = dir.appendingPathComponent("g")
        #expect(try Tool.run(["generate", "--communes", "30", "--agencies", "10", "--out", inst.path]).status == 0)
        // Binding move quotas make the column generation work in rounds.
        let r = try Tool.run(["solve", inst.path, "--out", dir.appendingPathComponent("p.json").path, "--no-diagnosis",
                              "--set", "min_moves={down: 20, up: 20}"],
                             environment: ["PLAN_LANG": "", "PLAN_PROGRESS": "all"])
        #expect(r.stderr.contains("khởi động  (bước 1: ") && r.stderr.contains("(vòng 0, ") && r.stderr.contains(" bước đơn hình"), "\(r.stderr)")
        for english in ["round", "columns", "simplex iterations", "nodes", "step ", "the assignment breaks"] {
            #expect(!r.stderr.contains(english), "'\(english)' in \(r.stderr)")
        }
    }
}
