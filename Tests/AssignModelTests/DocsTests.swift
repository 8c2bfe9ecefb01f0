import Foundation
import Testing

/// The documentation a clone carries: the contract inside the repository, and no link leading out of it.
@Suite("Documentation")
struct DocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the contract and the glossary are in docs/, and every relative link of README.md and docs/ resolves inside the repository")
    func linksStayInside() throws {
        for name in ["docs/SPEC.md", "docs/GLOSSARY-vi.md", "docs/rules.md"] {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(name).path), "\(name) is missing")
        }
        let docs = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        let link = try Regex(#"\]\(([^)#\s]+)"#)
        var checked = 0
        for name in ["README.md"] + docs {
            let file = Self.root.appendingPathComponent(name)
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: link) {
                let target = String(match.output[1].substring ?? "")
                if target.contains("://") || target.hasPrefix("mailto:") { continue }
                let resolved = file.deletingLastPathComponent().appendingPathComponent(target).standardizedFileURL
                #expect(resolved.path.hasPrefix(Self.root.standardizedFileURL.path + "/"), "\(name) links outside the repository: \(target)")
                #expect(FileManager.default.fileExists(atPath: resolved.path), "\(name) links to a missing file: \(target)")
                checked += 1
            }
        }
        #expect(checked > 3)
    }
}
