import AssignModel
import ArgumentParser
import Foundation

extension PlanCommand {
    /// `plan generate`: write a synthetic instance that is feasible by construction.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a deterministic synthetic instance (communes and province agencies) that is feasible by construction.",
            discussion: """
            Each unit has 5 posts; cadres number about 1.25 × posts (holders plus a reserve pool). With --shape 2025 \
            the instance exercises every version 2 rule: each commune has 7 posts in 5 groups (the party secretary \
            also chairs the People's Council, a deputy secretary the People's Committee), cadres carry a minority \
            flag, relations.csv pairs relatives, and the policy adds min_years_in_post and share targets of women, \
            young and minority cadres. The same \
            arguments give byte-identical files on every machine. The generator builds a plan that keeps every \
            rule alongside the data; the files are read back and that plan is re-checked before the summary is \
            printed. Exit 0 written, 1 bad usage or a file that cannot be written.
            """
        )

        @OptionGroup var language: LanguageOptions

        /// Largest instance accepted, in posts.
        static let maxPosts = 200_000

        @Option(name: .long, parsing: .unconditional, help: "Number of commune-level units (communes and wards), at least 1.")
        var communes: Int

        @Option(name: .long, parsing: .unconditional, help: "Number of province-level agencies (departments), 0 or more.")
        var agencies: Int

        @Option(name: .long, parsing: .unconditional, help: "Seed of the pseudo-random generator.")
        var seed: UInt64 = 1

        @Option(name: .long, parsing: .unconditional, help: "Plan year written to policy.yaml.")
        var year: Int = 2025

        @Option(name: .long, parsing: .unconditional, help: "max_arrivals_per_unit written to policy.yaml and kept by the witness plan.")
        var maxArrivals: Int = InstanceGenerator.maxArrivalsPerUnit

        @Option(name: .long, parsing: .unconditional, help: "Percentage of communes that are weak (0–100).")
        var weakPercent: Int = 20

        @Option(name: .long, parsing: .unconditional, help: "weak_min_rating written to policy.yaml and kept by the witness plan (0–100).")
        var weakMinRating: Int = InstanceGenerator.weakMinRating

        @Option(name: .long, help: "Which rules the instance exercises: v1 (SPEC §3–§9, the benchmark ladder) or 2025 (every version 2 rule as well).")
        var shape: InstanceGenerator.Shape = .v1

        @Option(name: .long, help: "Phase years of a phased plan (SPEC §11.5), comma-separated and increasing, the first the plan year, e.g. 2025,2027. The witness plan keeps every rule without phases; a phased plan is not guaranteed. With --shape 2025, young_age rises by the span so that the young share counts the same cadres at the last phase.")
        var phases: String?

        /// The phase years of `--phases`, checked in `validate()`.
        var phaseYears: [Int] { phases.map { $0.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } } ?? [] }

        @Option(name: .long, help: "Directory to write units.csv, posts.csv, cadres.csv and policy.yaml into (created when missing).")
        var out: String

        @Flag(name: .long, help: "Replace the generated files of an instance already in --out (never pins.csv or scores.csv).")
        var force = false

        func validate() throws {
            guard communes >= 1 else { throw ValidationError("--communes must be at least 1") }
            guard agencies >= 0 else { throw ValidationError("--agencies must not be negative") }
            // The first two bounds keep the product from overflowing.
            guard communes <= Self.maxPosts, agencies <= Self.maxPosts,
                  InstanceGenerator.postCount(communes: communes, agencies: agencies, shape: shape) <= Self.maxPosts else {
                throw ValidationError("at most \(Self.maxPosts) posts: "
                                      + (shape == .v1 ? "5 × (communes + agencies)" : "7 × communes + 5 × agencies")
                                      + " must not exceed it")
            }
            guard (1900...2100).contains(year) else { throw ValidationError("--year must lie in 1900–2100") }
            guard (1...1000).contains(maxArrivals) else { throw ValidationError("--max-arrivals must lie in 1–1000") }
            guard (0...100).contains(weakPercent) else { throw ValidationError("--weak-percent must lie in 0–100") }
            guard (0...100).contains(weakMinRating) else { throw ValidationError("--weak-min-rating must lie in 0–100") }
            guard !out.isEmpty else { throw ValidationError("--out must name a directory") }
            if let phases {
                let years = phaseYears
                guard years.count == phases.split(separator: ",").count, !years.isEmpty, years.first == year,
                      zip(years, years.dropFirst()).allSatisfy({ $0 < $1 }), years.count <= 10 else {
                    throw ValidationError("--phases must list up to 10 increasing years, the first the plan year \(year) (e.g. \(year),\(year + 2))")
                }
            }
        }

        /// The generator these arguments describe.
        var generator: InstanceGenerator {
            InstanceGenerator(communes: communes, agencies: agencies, seed: seed, year: year, maxArrivals: maxArrivals,
                              weakPercent: weakPercent, weakMinRating: weakMinRating, shape: shape)
        }

        func run() throws {
            let dir = URL(fileURLWithPath: out)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir) {
                guard isDir.boolValue else { throw CLIFailure.input("--out \(out) is a file, not a directory") }
                // An instance already there is not overwritten unless asked.
                let existing = (InstanceReader.requiredFiles + (shape == .v1 ? [] : ["relations.csv"]))
                    .filter { FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).path) }
                if !existing.isEmpty && !force {
                    throw CLIFailure.input("--out \(out) already holds an instance (\(existing.joined(separator: ", "))); nothing was written. "
                                           + "Choose an empty directory, or give --force to replace those files")
                }
                // Optional files left from another instance would be read together with the new ones
                // (relations.csv of the 2025 shape is replaced like the required files).
                let written = shape == .v1 ? [] : ["relations.csv"]
                for name in InstanceReader.optionalFiles where !(force && written.contains(name))
                    && FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path) {
                    throw CLIFailure.input("--out \(out) already holds \(name), which would be read with the generated files; choose an empty directory")
                }
            }
            let generated = generator.generate()
            do {
                try generated.write(to: dir)
            } catch {
                throw CLIFailure.input("\(error)")
            }
            // Prove the files parse and the witness keeps every rule.
            let instance: Instance
            do {
                instance = try InstanceReader.read(directory: dir)
            } catch let errors as InputErrors {
                throw CLIFailure(code: 1, message: "internal error: the generated files in \(out) do not read back:\n"
                                 + errors.issues.map { "  \($0)" }.joined(separator: "\n"))
            }
            let check = PlanChecker.check(generated.witnessPlan(for: instance), against: instance)
            guard check.isValid else {
                throw CLIFailure(code: 1, message: "internal error: the generator's witness plan breaks a rule:\n"
                                 + check.violations.prefix(20).map { "  \($0)" }.joined(separator: "\n"))
            }
            if !phaseYears.isEmpty { try addPhases(to: dir, generated: generated) }
            let s = generated.stats
            let reserve = instance.cadres.filter { $0.post == nil }.count
            let groups = s.groups == s.posts ? "" : tr("gen.groups", ["n": String(s.groups)])
            let relations = s.relations == 0 ? "" : tr("gen.relations", ["n": String(s.relations)])
            say(tr("gen.wrote", ["out": out, "units": String(instance.units.count), "communes": String(s.communes),
                                 "agencies": String(s.agencies), "posts": String(instance.posts.count), "groups": groups,
                                 "cadres": String(instance.cadres.count), "reserve": String(reserve), "relations": relations,
                                 "moves": String(check.moves), "releases": String(check.releases),
                                 "objective": JSON.format(check.objective)]))
        }
    }
}

extension PlanCommand.Generate {
    /// `--phases`: the policy gains the phases (and, in the 2025 shape, a young_age raised by their
    /// span); the files are read back and the witness re-checked on the instance without its phases.
    func addPhases(to dir: URL, generated: GeneratedInstance) throws {
        let years = phaseYears
        var yaml = generated.policyYAML
        if shape == .y2025 {
            let span = years.last! - years.first!
            yaml = yaml.replacingOccurrences(of: "young_age: 40\n", with: "young_age: \(40 + span)\n")
        }
        yaml += "# --phases \(years.map(String.init).joined(separator: ",")): the plan above keeps every rule without the phases;\n"
            + "# a phased plan is not guaranteed (plan solve decides).\nphases:\n"
            + years.map { "  - {year: \($0)}\n" }.joined()
        do {
            try AtomicFile.write(yaml, to: dir.appendingPathComponent("policy.yaml"))
        } catch {
            throw CLIFailure.input("\(error)")
        }
        var instance: Instance
        do {
            instance = try InstanceReader.read(directory: dir)
        } catch let errors as InputErrors {
            throw CLIFailure(code: 1, message: "internal error: the phased policy does not read back:\n"
                             + errors.issues.map { "  \($0)" }.joined(separator: "\n"))
        }
        instance.policy.phases = []
        let check = PlanChecker.check(generated.witnessPlan(for: instance), against: instance)
        guard check.isValid else {
            throw CLIFailure(code: 1, message: "internal error: the witness plan breaks a rule with the phased policy's values:\n"
                             + check.violations.prefix(20).map { "  \($0)" }.joined(separator: "\n"))
        }
    }
}

extension InstanceGenerator.Shape: ExpressibleByArgument {}
