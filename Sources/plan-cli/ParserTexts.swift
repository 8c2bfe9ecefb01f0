import AssignModel
import Foundation

/// swift-argument-parser's own texts — help headings, usage lines and usage errors — in the chosen
/// language. The library has no localisation of its own, so its fixed English phrases are matched
/// here and replaced by catalogue texts (`ap.*`, with `{1}`, `{2}` for what the phrase quotes);
/// everything the tool itself says in `--help` comes from the catalogue already (`help.*`).
enum ParserTexts {
    /// (regular expression over one line, catalogue key); the first match per line wins.
    static let patterns: [(String, String)] = [
        ("^OVERVIEW: ", "ap.overview"),
        ("^USAGE: ", "ap.usageHeading"),
        ("^ARGUMENTS:$", "ap.arguments"),
        ("^OPTIONS:$", "ap.options"),
        ("^SUBCOMMANDS:$", "ap.subcommands"),
        ("Show help information\\.", "ap.showHelp"),
        ("See '(.+) <subcommand>' for detailed help\\.", "ap.detailedHelp"),
        ("See '(.+)' for more information\\.", "ap.moreInformation"),
        ("^Usage: ", "ap.usage"),
        ("^Help: ", "ap.help"),
        ("^Error: Missing expected argument '(.+)'$", "ap.missingArgument"),
        ("^Error: Missing value for '(.+)'$", "ap.missingValue"),
        ("^Error: Unknown option '([^']+)'\\. Did you mean '([^']+)'\\?$", "ap.unknownOptionSuggestion"),
        ("^Error: Unknown option '(.+)'$", "ap.unknownOption"),
        ("^Error: Unexpected argument '(.+)'$", "ap.unexpectedArgument"),
        ("^Error: Missing required subcommand\\.$", "ap.missingSubcommand"),
        ("^Error: Missing one of: '(.+)'$", "ap.missingOneOf"),
        ("^Error: The value '(.*)' is invalid for '(.+)'\\. Please provide one of (.+)\\.$", "ap.invalidValueOneOf"),
        ("^Error: The value '(.*)' is invalid for '(.+)'$", "ap.invalidValue"),
        ("^Error: ", "ap.error"),
        ("\\(values: ([^)]*); default: ([^)]*)\\)", "ap.valuesDefault"),
        ("\\(values: ([^)]*)\\)", "ap.values"),
        ("\\(default: ([^)]*)\\)", "ap.default"),
    ]

    private static let compiled: [(NSRegularExpression, String)] = patterns.map {
        (try! NSRegularExpression(pattern: $0.0), $0.1)
    }

    /// `text` (a help page or a usage error of swift-argument-parser) in `language`.
    static func localize(_ text: String, language: Language = .current) -> String {
        text.components(separatedBy: "\n").map { line in
            var line = line
            for (regex, key) in compiled {
                let range = NSRange(line.startIndex..., in: line)
                guard let match = regex.firstMatch(in: line, range: range) else { continue }
                var args: [String: String] = [:]
                for i in 1..<max(1, match.numberOfRanges) {
                    if let r = Range(match.range(at: i), in: line) { args[String(i)] = String(line[r]) }
                }
                // "one of 'vi' and 'en'": the parser's list joins its last two values with " and ".
                if key == "ap.invalidValueOneOf", let list = args["3"] {
                    args["3"] = list.replacingOccurrences(of: "' and '", with: "'" + tr("ap.and", language: language) + "'")
                }
                let whole = Range(match.range, in: line)!
                line.replaceSubrange(whole, with: tr(key, args, language: language))
                // Headings and prefixes can share a line with a phrase further on ("Help:  … (values: …)").
                if !key.hasPrefix("ap.usage") && !key.hasPrefix("ap.help") && key != "ap.overview" { break }
            }
            return line
        }.joined(separator: "\n")
    }

    /// The language `--lang` asks for on the command line, before the parser runs (so that help
    /// texts built while parsing are already in it); nil when absent or not a language.
    static func requestedLanguage(_ arguments: [String]) -> Language? {
        for (i, arg) in arguments.enumerated() {
            if arg == "--" { break }
            if arg == "--lang", i + 1 < arguments.count { return Language(rawValue: arguments[i + 1].lowercased()) }
            if arg.hasPrefix("--lang=") { return Language(rawValue: String(arg.dropFirst(7)).lowercased()) }
        }
        return nil
    }
}
