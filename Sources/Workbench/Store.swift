import Foundation
import AssignModel
import GRDB

/// A store that cannot be opened: the reason, as a person reads it.
public struct StoreError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The workbench's store (issue 15): every imported instance and every solved variant, in one
/// SQLite file (GRDB, write-ahead log) under the data folder, with its migrations. A variant is
/// written as `solving` before its solve starts and completed after it, so a server killed
/// mid-solve leaves a row that the next start marks `interrupted` — nothing is lost or half-written.
public final class WorkbenchStore: Sendable {
    public let pool: DatabasePool
    /// The folder that holds the database and each instance's copied files (`instances/ID/`).
    public let folder: URL

    /// Opens (creating when missing) the store in `folder`, migrates it, and marks the variants a
    /// stopped server left `solving` as `interrupted`.
    public init(folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(tr("msg.cannotCreateFolder", ["dir": folder.path, "why": (error as NSError).localizedDescription]))
        }
        self.folder = folder
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: folder.appendingPathComponent("workbench.sqlite").path, configuration: configuration)
        try Self.migrator.migrate(pool)
        try pool.write { db in
            try db.execute(sql: "UPDATE variant SET status = 'interrupted' WHERE status = 'solving'")
        }
    }

    /// The schema, one migration per change (never edited once released).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: instances and variants") { db in
            try db.create(table: "instance") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull()
                t.column("source", .text).notNull()
                t.column("created", .datetime).notNull()
            }
            try db.create(table: "variant") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("instance", onDelete: .cascade).notNull()
                t.column("parentId", .integer).references("variant", onDelete: .setNull)
                t.column("author", .text).notNull().defaults(to: "")
                t.column("note", .text).notNull().defaults(to: "")
                t.column("stage", .text).notNull().defaults(to: "draft")
                t.column("changes", .text).notNull()
                t.column("status", .text).notNull()
                t.column("objective", .double)
                t.column("seconds", .double).notNull().defaults(to: 0)
                t.column("plan", .text)
                t.column("diagnosis", .text)
                t.column("created", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2: the language of a stored plan's texts") { db in
            try db.alter(table: "variant") { t in t.add(column: "language", .text) }
        }
        return migrator
    }

    /// The folder holding instance `id`'s files.
    public func instanceFolder(_ id: Int64) -> URL {
        folder.appendingPathComponent("instances").appendingPathComponent(String(id))
    }
}

/// An imported instance: its files are copied into the store's folder when imported, so later edits
/// of the source do not change what its variants were solved on.
public struct InstanceRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "instance"
    public var id: Int64?
    public var name: String
    /// Where it was imported from (a folder path, or an uploaded file's name).
    public var source: String
    public var created: Date

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One solve of an instance with its changes, and what came of it.
public struct VariantRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "variant"
    public var id: Int64?
    public var instanceId: Int64
    /// The variant this one started from (`keep`), if any.
    public var parentId: Int64?
    public var author: String
    public var note: String
    /// The committee's step: draft, consulted, proposed or decided.
    public var stage: String
    /// The changes solved with, as JSON (`fix`, `forbid`, `policy`).
    public var changes: String
    /// solving, optimal, feasible, infeasible, no_plan, failed or interrupted.
    public var status: String
    public var objective: Double?
    public var seconds: Double
    /// The plan file (SPEC §8 JSON), when there is a plan.
    public var plan: String?
    /// The diagnosis (JSON), when there is no plan.
    public var diagnosis: String?
    public var created: Date
    /// The language of the stored plan's reasons (the server's at solve time); nil when not known.
    public var language: String? = nil

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The committee's steps a variant goes through.
    public static let stages = ["draft", "consulted", "proposed", "decided"]
}
