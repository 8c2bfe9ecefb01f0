import Foundation

/// The language of the texts a person reads (issue 13): summaries, reasons, spreadsheet headers
/// and move types. Machine keys — plan.json keys and `type` values, rule ids, policy keys — stay
/// as the SPEC names them in every language.
public enum Language: String, CaseIterable, Sendable {
    case vi, en

    /// The language of this process, set once by the command line (`--lang`, else `PLAN_LANG`, else
    /// Vietnamese). Library code reads it; a library user who sets nothing gets English. Within
    /// `Language.$override.withValue(…)` it is that language instead, for that task alone (the
    /// workbench writes a plan's reasons in the language of the page that asks).
    public static var current: Language {
        get { override ?? process }
        set { process = newValue }
    }

    /// The language set for the whole process.
    nonisolated(unsafe) static var process: Language = .en

    /// A language for the texts written within one task, over the process's.
    @TaskLocal public static var override: Language?

    /// The language `PLAN_LANG` names (`vi` or `en`, any case), nil when unset or unknown.
    public static var fromEnvironment: Language? {
        ProcessInfo.processInfo.environment["PLAN_LANG"].flatMap { Language(rawValue: $0.lowercased()) }
    }
}

/// The catalogue of texts: one table per language (`Catalogue.en`, `Catalogue.vi`), the same keys
/// in both (a test), placeholders written `{name}`.
public enum Catalogue {
    /// The table of `language`.
    public static func table(_ language: Language) -> [String: String] {
        switch language {
        case .en: return en
        case .vi: return vi
        }
    }

    /// The text of `key` in `language` with its placeholders filled from `args`; the English text
    /// when the key is missing in `language`, the key itself when it is missing everywhere.
    public static func text(_ key: String, _ args: [String: String] = [:], language: Language = .current) -> String {
        let template = table(language)[key] ?? en[key] ?? key
        return args.isEmpty ? template : fill(template, args)
    }

    /// `template` with each `{name}` that `args` names replaced by its value, in one pass (plan
    /// reasons fill thousands of texts: Foundation's `replacingOccurrences`, once per argument, took
    /// a tenth of a 3,000-post solve); braces around anything else are kept as written.
    static func fill(_ template: String, _ args: [String: String]) -> String {
        var out = ""
        out.reserveCapacity(template.utf8.count + 32)
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(where: { $0 == "}" || $0 == "{" }), rest[close] == "}",
               let value = args[String(rest[afterOpen..<close])] {
                out += value
                rest = rest[rest.index(after: close)...]
            } else {
                out.append("{")
                rest = rest[afterOpen...]
            }
        }
        out += rest
        return out
    }

    /// The texts whose keys start with `prefix`, keyed by the rest of the key, in `language`: what a
    /// template reads as `{{t.…}}`.
    public static func texts(prefix: String, language: Language = .current) -> [String: String] {
        Dictionary(uniqueKeysWithValues: en.keys.filter { $0.hasPrefix(prefix) }
            .map { (String($0.dropFirst(prefix.count)), text($0, language: language)) })
    }

    /// "1 year", "3 years" / "3 năm".
    public static func years(_ n: Int, language: Language = .current) -> String {
        text(n == 1 ? "unit.year" : "unit.years", ["n": String(n)], language: language)
    }

    /// The placeholders of a text, sorted (for the test that both languages take the same ones).
    public static func placeholders(_ text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return out.sorted()
    }
}

/// Shorthand for `Catalogue.text`.
public func tr(_ key: String, _ args: [String: String] = [:], language: Language = .current) -> String {
    Catalogue.text(key, args, language: language)
}
