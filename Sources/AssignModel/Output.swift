import CSV
import Foundation

/// Problems writing output files.
public struct OutputError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Writes output files whole or not at all: a temporary file beside the target, then a rename.
///
/// Writes hold a lock from creating the temporary file to renaming it; `abandon()` (called on
/// SIGINT or SIGTERM) takes the same lock, so it never interrupts a write halfway, and removes any
/// temporary file left, so that no half-written file is ever seen.
public enum AtomicFile {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pending: Set<String> = []

    /// Waits for a write in progress to finish, removes leftover temporary files, and keeps the
    /// lock so that no new write starts (the process is about to exit).
    public static func abandon() {
        lock.lock()
        for path in pending { unlink(path) }
        pending.removeAll()
    }

    /// Writes `data` to `url` atomically, creating missing parent folders.
    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { temp in
            guard FileManager.default.createFile(atPath: temp, contents: data) else {
                throw OutputError("cannot write in \(url.deletingLastPathComponent().path): the folder is not writable or the disk is full")
            }
        }
    }

    /// Writes `url` atomically through `produce`, which writes the whole file at the temporary path
    /// it is given (a writer of another library, say): the temporary file is known to `abandon()`,
    /// removed when `produce` throws, and renamed onto `url` when it returns.
    public static func write(to url: URL, _ produce: (_ temporaryPath: String) throws -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw OutputError("cannot create the folder \(dir.path): \(error.localizedDescription)")
        }
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        pending.insert(temp.path)
        defer { pending.remove(temp.path) }
        do {
            try produce(temp.path)
        } catch {
            unlink(temp.path)
            throw error
        }
        if rename(temp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temp.path)
            throw OutputError("cannot write \(url.path): \(reason)")
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}

/// CSV text for spreadsheets: a UTF-8 byte-order mark, RFC 4180 quoting, CRLF line ends.
public enum SpreadsheetCSV {
    public static func render(header: [String], rows: [[String]]) throws -> Data {
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        try writer.write(row: header)
        for row in rows { try writer.write(row: row) }
        stream.close()
        guard let body = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw OutputError("cannot render CSV")
        }
        return Data([0xEF, 0xBB, 0xBF]) + body + Data("\r\n".utf8)
    }
}
