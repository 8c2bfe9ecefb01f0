import AssignModel
import Foundation
import Testing

/// The catalogue of texts (issue 13): both languages complete, and the texts in use.
@Suite("Catalogue of texts")
struct CatalogueTests {
    @Test("every key exists in Vietnamese and in English, with the same placeholders")
    func bothLanguagesComplete() {
        #expect(Set(Catalogue.vi.keys) == Set(Catalogue.en.keys),
                "only in en: \(Set(Catalogue.en.keys).subtracting(Catalogue.vi.keys).sorted()); only in vi: \(Set(Catalogue.vi.keys).subtracting(Catalogue.en.keys).sorted())")
        for (key, english) in Catalogue.en {
            guard let vietnamese = Catalogue.vi[key] else { continue }
            #expect(Catalogue.placeholders(vietnamese) == Catalogue.placeholders(english), "\(key)")
            #expect(!vietnamese.isEmpty, "\(key)")
        }
    }

    @Test("the Vietnamese texts are not the English ones left untranslated")
    func vietnameseIsTranslated() {
        // Words that are the same in both languages: numbers, symbols, and a few loan words.
        let same: Set<String> = ["summary.typeCount"]
        for (key, english) in Catalogue.en where !same.contains(key)
            && english.replacingOccurrences(of: "\\{[a-zA-Z]+\\}", with: "", options: .regularExpression).rangeOfCharacter(from: .letters) != nil {
            #expect(Catalogue.vi[key] != english, "\(key) is English in the Vietnamese catalogue")
        }
    }

    @Test("libyaml's problems are worded in the chosen language; in English exactly as libyaml words them")
    func yamlProblems() {
        for (phrase, key) in PolicyReader.yamlProblems {
            #expect(Catalogue.en[key] == phrase, "\(key)")
            #expect(Catalogue.vi[key] != nil && Catalogue.vi[key] != phrase, "\(key)")
        }
        // The wording in use is checked through the command line (a process of its own: the language is global).
    }

    @Test("placeholders are filled, and a text is read in the language asked for")
    func filled() {
        #expect(tr("reason.within", ["unit": "Phường An Phú (AP)"], language: .vi) == "trong Phường An Phú (AP)")
        #expect(tr("reason.within", ["unit": "X"], language: .en) == "within X")
        #expect(Catalogue.years(1, language: .en) == "1 year" && Catalogue.years(3, language: .en) == "3 years")
        #expect(Catalogue.years(3, language: .vi) == "3 năm")
        #expect(tr("type.down", language: .vi) == "luân chuyển về cơ sở")
        // Braces that are no placeholder stay; a value is inserted as it is, never read for placeholders.
        #expect(tr("scen.policyHint", ["key": "max_moves"], language: .en) == " (policy keys go under 'policy:', e.g. 'policy: {max_moves: …}')")
        #expect(tr("pol.expectedMapping", ["key": "weights"], language: .en) == "expected a mapping, e.g. 'weights: {...}'")
        #expect(tr("reason.within", ["unit": "{unit} and {x}"], language: .en) == "within {unit} and {x}")
    }
}
