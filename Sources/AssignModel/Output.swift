import CSV
import Foundation

/// Problems writing output files.
public struct OutputError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Writes output files whole or not at all, and never destroys what a path names.
///
/// * A regular file (or a new name) is written as a temporary file beside it, then renamed into place.
/// * A symbolic link is written through: the file it points to is replaced, the link stays.
/// * A character device or a FIFO (`/dev/null`, `/dev/stdout`, a named pipe) is written to directly,
///   never replaced by a file; a folder, a block device or a socket is refused.
/// * Several files of one command (`writeAll`) are all staged first (that is where a full disk shows),
///   then renamed into place; if a rename fails, the files already replaced are put back.
///
/// Writes hold a lock from creating the temporary files to renaming them; `abandon()` (called on
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
        try writeAll([(url, data)])
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Writes `url` through `produce`, which writes the whole file at the temporary path it is given
    /// (a writer of another library, say): beside the target, then renamed into place; for a device or
    /// FIFO, in the temporary folder, then copied to it.
    public static func write(to url: URL, _ produce: (_ temporaryPath: String) throws -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        switch try target(of: url) {
        case .file(let path):
            let temp = scratchPath(in: try makeFolder(of: path))
            pending.insert(temp)
            defer { pending.remove(temp) }
            do { try produce(temp) } catch { unlink(temp); throw error }
            if rename(temp, path) != 0 {
                let why = String(cString: strerror(errno))
                unlink(temp)
                throw OutputError(tr("msg.cannotWrite", ["path": url.path, "why": why]))
            }
        case .stream(let path):
            let temp = scratchPath(in: FileManager.default.temporaryDirectory.path)
            pending.insert(temp)
            defer { unlink(temp); pending.remove(temp) }
            try produce(temp)
            guard let data = FileManager.default.contents(atPath: temp) else { throw OutputError(tr("msg.cannotReadBack", ["path": url.path])) }
            if let why = writeWhole(data, to: path, create: false) { throw OutputError(tr("msg.cannotWrite", ["path": url.path, "why": why])) }
        }
    }

    /// A fresh hidden name for a temporary file in `dir`: short, so that a long legal file name
    /// never grows past the 255-byte limit.
    static func scratchPath(in dir: String, suffix: String = "tmp") -> String {
        (dir.isEmpty ? "." : dir) + "/.plan.\(getpid()).\(UInt32.random(in: 0...UInt32.max)).\(suffix)"
    }

    /// Creates the folder of `path` when missing and returns it, after removing what killed runs of
    /// the tool left there (`sweepLeftovers`).
    static func makeFolder(of path: String) throws -> String {
        let dir = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir.isEmpty ? "." : dir, withIntermediateDirectories: true)
        } catch {
            throw OutputError(tr("msg.cannotCreateFolder", ["dir": dir, "why": error.localizedDescription]))
        }
        sweepLeftovers(in: dir.isEmpty ? "." : dir)
        return dir
    }

    /// Removes the temporary files (`.plan.PID.N.tmp`) and backups (`.plan.PID.N.bak`) that a run of
    /// the tool killed by SIGKILL (or a power cut) left in `dir`: only those whose process no longer
    /// exists, so a write in progress in another process is never touched. Returns the paths removed.
    @discardableResult
    public static func sweepLeftovers(in dir: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(".plan.") && (name.hasSuffix(".tmp") || name.hasSuffix(".bak")) {
            let parts = name.split(separator: ".", omittingEmptySubsequences: true)
            // ["plan", PID, N, "tmp"]
            guard parts.count == 4, let pid = Int32(parts[1]), pid > 0, UInt32(parts[2]) != nil, pid != getpid() else { continue }
            guard kill(pid, 0) != 0 && errno == ESRCH else { continue }
            let path = dir + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed
    }

    /// What an output path names, after following symbolic links.
    enum Target {
        /// A regular file, or nothing yet: replaced by rename.
        case file(String)
        /// A character device or a FIFO: written to in place.
        case stream(String)
    }

    /// Follows symbolic links (at most 40) and classifies the final path; throws for what may not be written.
    static func target(of url: URL) throws -> Target {
        var path = url.path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(path, &st) == 0 else { return .file(path) }  // nothing there yet
            switch st.st_mode & S_IFMT {
            case S_IFLNK:
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(path, &buffer, buffer.count - 1)
                guard n >= 0 else { throw OutputError(tr("msg.cannotReadLink", ["path": path, "why": String(cString: strerror(errno))])) }
                let dest = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                path = dest.hasPrefix("/") ? dest : (path as NSString).deletingLastPathComponent + "/" + dest
            case S_IFREG: return .file(path)
            case S_IFCHR, S_IFIFO: return .stream(path)
            case S_IFDIR: throw OutputError(tr("msg.isFolder", ["path": url.path]))
            case S_IFBLK: throw OutputError(tr("msg.blockDevice", ["path": url.path]))
            default: throw OutputError(tr("msg.notRegular", ["path": url.path]))
            }
        }
        throw OutputError(tr("msg.linkLoop", ["path": url.path]))
    }

    /// Writes every file or none: device and FIFO outputs first, then every regular file staged as a
    /// temporary file, then all renamed into place (put back as they were if a rename fails).
    public static func writeAll(_ files: [(url: URL, data: Data)]) throws {
        lock.lock()
        defer { lock.unlock() }
        let targets = try files.map { try target(of: $0.url) }
        var seen = Set<String>()
        for t in targets {
            let path: String
            switch t { case .file(let p), .stream(let p): path = p }
            guard seen.insert(path).inserted else { throw OutputError(tr("msg.sameOutput", ["path": path])) }
        }
        // Stage the regular files (this is where a full disk or a read-only folder shows).
        var staged: [(temp: String, path: String)] = []
        func discard() {
            for s in staged { unlink(s.temp); pending.remove(s.temp) }
            staged.removeAll()
        }
        for (file, t) in zip(files, targets) {
            guard case .file(let path) = t else { continue }
            let dir: String
            do { dir = try makeFolder(of: path) } catch { discard(); throw error }
            let temp = scratchPath(in: dir)
            pending.insert(temp)
            staged.append((temp, path))
            if let why = writeWhole(file.data, to: temp, create: true) {
                discard()
                throw OutputError(tr("msg.cannotWrite", ["path": file.url.path, "why": why]))
            }
        }
        // Streams next: nothing regular has been replaced yet if one fails.
        for (file, t) in zip(files, targets) {
            guard case .stream(let path) = t else { continue }
            if let why = writeWhole(file.data, to: path, create: false) {
                discard()
                throw OutputError(tr("msg.cannotWrite", ["path": file.url.path, "why": why]))
            }
        }
        // Commit: keep a link to each file replaced, so that a failed rename can put it back.
        var committed: [(path: String, backup: String?)] = []
        for s in staged {
            let link = scratchPath(in: (s.path as NSString).deletingLastPathComponent, suffix: "bak")
            let backup: String? = Foundation.link(s.path, link) == 0 ? link : nil
            if let b = backup { pending.insert(b) }
            if rename(s.temp, s.path) != 0 {
                let why = String(cString: strerror(errno))
                if let b = backup { unlink(b); pending.remove(b) }
                for c in committed.reversed() {
                    if let b = c.backup { rename(b, c.path); pending.remove(b) } else { unlink(c.path) }
                }
                discard()
                throw OutputError(tr("cli.error.nothingWritten", ["why": tr("msg.cannotWrite", ["path": s.path, "why": why])]))
            }
            pending.remove(s.temp)
            committed.append((s.path, backup))
        }
        for c in committed { if let b = c.backup { unlink(b); pending.remove(b) } }
    }

    /// Writes all of `data` to `path` (created new when `create`, else opened as it is); the reason on failure.
    static func writeWhole(_ data: Data, to path: String, create: Bool) -> String? {
        // A FIFO is opened without waiting: with no program reading it, say so instead of hanging.
        let fd = create ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            : open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            return errno == ENXIO ? "no program is reading the named pipe" : String(cString: strerror(errno))
        }
        if !create { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }
        var failure: String?
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno == ENOSPC ? "the disk is full" : String(cString: strerror(errno))
                    return
                }
                offset += n
            }
        }
        if close(fd) != 0 && failure == nil { failure = errno == ENOSPC ? "the disk is full" : String(cString: strerror(errno)) }
        return failure
    }
}

/// CSV text for spreadsheets: a UTF-8 byte-order mark, RFC 4180 quoting, CRLF line ends, and no
/// cell a spreadsheet would run as a formula.
public enum SpreadsheetCSV {
    public static func render(header: [String], rows: [[String]]) throws -> Data {
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        try writer.write(row: header.map(inert))
        for row in rows { try writer.write(row: row.map(inert)) }
        stream.close()
        guard let body = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw OutputError(tr("msg.cannotRenderCSV"))
        }
        return Data([0xEF, 0xBB, 0xBF]) + body + Data("\r\n".utf8)
    }

    /// A cell a spreadsheet shows as text, never runs: one that starts with `=`, `+`, `-`, `@`, a tab
    /// or a carriage return (a name like `=HYPERLINK(…)` from an input file) gets a leading `'`, which
    /// Excel and LibreOffice take as "text" (OWASP's advice for CSV injection). Plain numbers such as
    /// `-12.5` stay numbers.
    public static func inert(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return cell }
        if isPlainNumber(cell) { return cell }
        return "'" + cell
    }

    /// `-?digits(.digits)?(e±digits)?`: what the tool writes for a number.
    static func isPlainNumber(_ s: String) -> Bool {
        var chars = Substring(s)
        if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
        let parts = chars.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
        func digits(_ t: Substring) -> Bool { !t.isEmpty && t.allSatisfy { $0.isASCII && $0.isNumber } }
        let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard mantissa.allSatisfy(digits) else { return false }
        if parts.count == 2 {
            var exponent = parts[1]
            if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
            return digits(exponent)
        }
        return true
    }
}
