import AssignModel
import Foundation
import Hummingbird
import Logging
import NIOCore

/// `plan serve` (issue 15): the workbench's server — the store in `data`, the router behind the
/// access guard, listening on `host:port` (port 0: a free one). Prints one line on start, the
/// address with its access token, and nothing else: no request is logged.
public struct WorkbenchServer {
    public var host: String
    public var port: Int
    public var data: URL
    public var token: String
    public var timeLimit: Double

    public init(host: String = "127.0.0.1", port: Int = 8080, data: URL, token: String = AccessGuard<BasicRequestContext>.newToken(),
                timeLimit: Double = 120) {
        self.host = host
        self.port = port
        self.data = data
        self.token = token
        self.timeLimit = timeLimit
    }

    /// The default data folder: `$XDG_DATA_HOME/plan-workbench`, else `~/.local/share/plan-workbench`.
    public static var defaultData: URL {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_DATA_HOME"], !xdg.isEmpty { return URL(fileURLWithPath: xdg).appendingPathComponent("plan-workbench") }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/plan-workbench")
    }

    /// Runs until SIGINT or SIGTERM; `started` gets the address line once the server listens.
    public func run(started: @escaping @Sendable (String) -> Void) async throws {
        let store = try WorkbenchStore(folder: data)
        let bench = Workbench(store: store, timeLimit: timeLimit)
        var logger = Logger(label: "plan-workbench")
        logger.logLevel = .critical
        let token = self.token, host = self.host
        // Port 0 asks the system for a free port: the guard must know the real one, so the
        // router is built once the listening port is known.
        let port = self.port == 0 ? try Self.freePort(host: host) : self.port
        let router = WorkbenchRoutes.router(bench, token: token, host: host, port: port)
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: nil),
                              onServerRunning: { _ in
                                  let shown = host.contains(":") ? "[\(host)]" : host
                                  started("http://\(shown):\(port)/?token=\(token)")
                              }, logger: logger)
        try await app.runService()
    }

    /// A port the system reports free on `host` (bound and released at once).
    static func freePort(host: String) throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return 8080 }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { return 8080 }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
