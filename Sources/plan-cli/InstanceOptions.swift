import AssignModel
import ArgumentParser
import Foundation

/// The instance directory argument shared by the commands that read one.
struct InstanceOptions: ParsableArguments {
    @Argument(help: "Instance directory with units.csv, posts.csv, cadres.csv, policy.yaml (and optional pins.csv, scores.csv, relations.csv), or one Excel workbook (.xlsx) with those sheets.")
    var instance: String

    var url: URL { URL(fileURLWithPath: instance) }

    /// Reads and validates the instance; throws `InputErrors` with every problem.
    func load() throws -> Instance {
        url.pathExtension.lowercased() == "xlsx" ? try WorkbookReader.read(url) : try InstanceReader.read(directory: url)
    }

    /// Refuses an output path that is one of the instance's files, so input is never overwritten.
    func checkNotInput(_ path: String, option: String) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let dir = url.standardizedFileURL.resolvingSymlinksInPath()
        if target == dir.path {
            throw CLIFailure.input("\(option) \(path) is the instance directory")
        }
        // A workbook's instance: the workbook itself and the policy.yaml beside it.
        if url.pathExtension.lowercased() == "xlsx" {
            let policy = dir.deletingLastPathComponent().appendingPathComponent("policy.yaml").path
            if target == policy { throw CLIFailure.input("\(option) \(path) would overwrite the input file policy.yaml") }
            return
        }
        for name in InstanceReader.requiredFiles + InstanceReader.optionalFiles {
            if dir.appendingPathComponent(name).standardizedFileURL.resolvingSymlinksInPath().path == target {
                throw CLIFailure.input("\(option) \(path) would overwrite the input file \(name)")
            }
        }
    }
}
