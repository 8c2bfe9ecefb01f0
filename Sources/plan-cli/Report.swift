import AssignModel
import PlanReports
import ArgumentParser
import Foundation

extension PlanCommand {
    /// `plan report`: a plan as a page a personnel committee reads (HTML and/or Markdown).
    struct Report: ParsableCommand {
        static var configuration: CommandConfiguration { CommandConfiguration(
            abstract: tr("help.Report.abstract"),
            discussion: tr("help.Report.discussion")
        ) }

        @OptionGroup var language: LanguageOptions

        @Argument(help: ArgumentHelp(tr("help.Report.plan")))
        var plan: String

        @Option(name: .long, help: ArgumentHelp(tr("help.Report.instance")))
        var instance: String

        @Option(name: .long, help: ArgumentHelp(tr("help.Report.html")))
        var html: String?

        @Option(name: .long, help: ArgumentHelp(tr("help.Report.md")))
        var md: String?

        @Option(name: .long, help: ArgumentHelp(tr("help.Report.decision")))
        var decision: String?

        @Option(name: .customLong("decision-pdf"), help: ArgumentHelp(tr("help.Report.decisionPDF")))
        var decisionPDF: String?

        @Option(name: .long, help: ArgumentHelp(tr("help.Report.title")))
        var title: String = ""

        @Option(name: .long, help: ArgumentHelp(tr("help.Report.committee")))
        var committee: String = ""

        @Option(name: .long, help: ArgumentHelp(tr("help.Report.date")))
        var date: String = ""

        func validate() throws {
            if html == nil && md == nil && decision == nil && decisionPDF == nil {
                throw ValidationError(tr("msg.reportWhat"))
            }
            if decision == nil && decisionPDF == nil && !(title.isEmpty && committee.isEmpty && date.isEmpty) {
                throw ValidationError(tr("msg.decisionOptions"))
            }
        }

        func run() throws {
            let input = try InstanceOptions.parse(["--", instance])
            let outputs = [(html, "--html"), (md, "--md"), (decision, "--decision"), (decisionPDF, "--decision-pdf")].compactMap { path, option in path.map { (path: $0, option: option) } }
            try OutputFiles.check(outputs, input: input, reads: [plan])
            let instance = try input.load()
            let plan = try Plan.readWithReleaseReasons(URL(fileURLWithPath: self.plan))
            if plan.isPhased || instance.policy.isPhased { return try writePhased(plan, instance: instance) }
            let report = PlanReport(plan: plan, instance: instance, instanceName: self.instance, planName: self.plan)
            var files: [(path: String, data: Data)] = []
            if let html { files.append((html, Data(HTMLReport.render(report).utf8))) }
            if let md { files.append((md, Data(MarkdownReport.render(report).utf8))) }
            if decision != nil || decisionPDF != nil {
                let list = DecisionList(plan: plan, instance: instance, title: title, committee: committee, date: date)
                let page = Data(DecisionListHTML.render(list).utf8)
                if let decision { files.append((decision, page)) }
                if let decisionPDF { files.append((decisionPDF, try ChromiumPDF.render(page))) }
            }
            try OutputFiles.write(files)
            let s = report.summary
            let changes = s.byType.filter { $0.key != .stay }.values.reduce(0, +)
            let n = report.violations.count
            if n > 0 { warn(tr(n == 1 ? "cli.report.warn.one" : "cli.report.warn", ["n": String(n)])) }
            let posts = tr(changes == 1 ? "cli.report.posts.one" : "cli.report.posts", ["n": String(changes)])
            let units = tr(s.changedUnits == 1 ? "cli.report.units.one" : "cli.report.units", ["n": String(s.changedUnits)])
            let releases = tr(s.releases == 1 ? "count.release.one" : "count.releases", ["n": String(s.releases)])
            let verdict = n == 0 ? tr("cli.report.holds") : tr(n == 1 ? "cli.report.violations.one" : "cli.report.violations", ["n": String(n)])
            say(tr("cli.report.line", ["plan": self.plan, "status": tr("status.\(s.status.rawValue)"), "posts": posts, "units": units,
                                       "releases": releases, "verdict": verdict]))
            say(tr("cli.wrote", ["files": files.map(\.path).joined(separator: ", ")]))
        }
    }
}

/// Output files of `report` and `diff`: checked before anything is read, written all or none.
enum OutputFiles {
    /// Refuses outputs that are folders, input files (the instance's or `reads`), or named twice.
    static func check(_ outputs: [(path: String, option: String)], input: InstanceOptions, reads: [String]) throws {
        func resolved(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        var seen: [String: String] = [:]
        for (path, option) in outputs {
            guard !path.isEmpty else { throw CLIFailure.input(tr("msg.needsFileName", ["option": option])) }
            try input.checkNotInput(path, option: option)
            let target = resolved(path)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: target, isDirectory: &isDir), isDir.boolValue {
                throw CLIFailure.input(tr("msg.optionIsFolder", ["option": option, "path": path]))
            }
            for read in reads where resolved(read) == target {
                throw CLIFailure.input(tr("msg.overwritesInput", ["option": option, "path": path, "file": read]))
            }
            if let other = seen[target] { throw CLIFailure.input(tr("msg.sameFile", ["first": other, "second": option])) }
            seen[target] = option
        }
    }

    /// Writes every file or none (`AtomicFile.writeAll`).
    static func write(_ files: [(path: String, data: Data)]) throws {
        do {
            try AtomicFile.writeAll(files.map { (URL(fileURLWithPath: $0.path), $0.data) })
        } catch {
            throw CLIFailure.input(tr("cli.error.nothingWritten", ["why": "\(error)"]))
        }
    }
}

extension PlanCommand.Report {
    /// A phased plan (SPEC §11.5): its timeline report (HTML and/or Markdown) and the decision list
    /// with the year of each move and release.
    func writePhased(_ plan: Plan, instance: Instance) throws {
        var files: [(path: String, data: Data)] = []
        if let html { files.append((html, Data(PhasedReport.html(plan: plan, instance: instance, instanceName: self.instance, planName: self.plan).utf8))) }
        if let md { files.append((md, Data(PhasedReport.markdown(plan: plan, instance: instance, instanceName: self.instance, planName: self.plan).utf8))) }
        if decision != nil || decisionPDF != nil {
            let list = DecisionList(plan: plan, instance: instance, title: title, committee: committee, date: date)
            let page = Data(DecisionListHTML.render(list).utf8)
            if let decision { files.append((decision, page)) }
            if let decisionPDF { files.append((decisionPDF, try ChromiumPDF.render(page))) }
        }
        try OutputFiles.write(files)
        let check = PlanChecker.check(plan, against: instance)
        let n = check.violations.count
        if n > 0 { warn(tr(n == 1 ? "cli.report.warn.one" : "cli.report.warn", ["n": String(n)])) }
        say(tr("cli.wrote", ["files": files.map(\.path).joined(separator: ", ")]))
    }
}
