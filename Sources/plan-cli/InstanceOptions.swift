import AssignModel
import ArgumentParser
import Foundation

/// The instance directory argument shared by the commands that read one.
struct InstanceOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(tr("help.InstanceOptions.instance")))
    var instance: String

    var url: URL { URL(fileURLWithPath: instance) }

    /// Reads and validates the instance; throws `InputErrors` with every problem.
    func load() throws -> Instance {
        WorkbookReader.isWorkbook(url) ? try WorkbookReader.read(url) : try InstanceReader.read(directory: url)
    }

    /// Refuses an output path that is one of the instance's files, so input is never overwritten.
    func checkNotInput(_ path: String, option: String) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let dir = url.standardizedFileURL.resolvingSymlinksInPath()
        if target == dir.path {
            throw CLIFailure.input(tr("msg.isInstanceDir", ["option": option, "path": path]))
        }
        // A workbook's instance: the workbook itself and the policy.yaml beside it.
        if WorkbookReader.isWorkbook(url) {
            let policy = dir.deletingLastPathComponent().appendingPathComponent("policy.yaml").path
            if target == policy { throw CLIFailure.input(tr("msg.overwritesInput", ["option": option, "path": path, "file": "policy.yaml"])) }
            return
        }
        for name in InstanceReader.requiredFiles + InstanceReader.optionalFiles {
            if dir.appendingPathComponent(name).standardizedFileURL.resolvingSymlinksInPath().path == target {
                throw CLIFailure.input(tr("msg.overwritesInput", ["option": option, "path": path, "file": name]))
            }
        }
    }
}
