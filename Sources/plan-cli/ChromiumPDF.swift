import AssignModel
import Foundation

/// Prints an HTML page to PDF with a headless Chromium found on the machine (`PLAN_CHROMIUM`, else
/// `chromium`, `chromium-browser` or `google-chrome` on the PATH): the decision list's PDF (issue 13).
/// The page is the tool's own (no outside resources); Chromium runs without network services.
enum ChromiumPDF {
    /// The browser to run, if there is one.
    static var executable: String? {
        if let given = ProcessInfo.processInfo.environment["PLAN_CHROMIUM"], !given.isEmpty { return given }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// The PDF of `html`; throws with a message when no Chromium is found or printing fails.
    static func render(_ html: Data) throws -> Data {
        guard let browser = executable else { throw CLIFailure.input(tr("pdf.noChromium")) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plan-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("page.html"), pdf = dir.appendingPathComponent("page.pdf")
        try html.write(to: page)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                             "--disable-extensions", "--no-pdf-header-footer", "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
                             "--print-to-pdf=\(pdf.path)", page.absoluteString]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw CLIFailure.input(tr("pdf.failed", ["browser": browser])) }
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        guard let data = try? Data(contentsOf: pdf), data.starts(with: Array("%PDF".utf8)) else {
            throw CLIFailure.input(tr("pdf.failed", ["browser": browser]))
        }
        return data
    }
}
