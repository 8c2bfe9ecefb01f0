import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `plan serve` as a user runs it: the process, its printed address, and plain HTTP over a socket
/// (the router-level tests in WorkbenchTests cover each rule; this checks the process keeps them).
@Suite("plan serve, the process")
struct ServeCLITests {
    /// One HTTP/1.1 exchange over a fresh TCP connection to 127.0.0.1:`port`: the status code and the body.
    static func http(port: Int, _ method: String, _ path: String, headers: [String: String], body: Data? = nil) throws -> (Int, Data) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CocoaError(.fileReadUnknown) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw CocoaError(.fileReadUnknown) }
        var head = "\(method) \(path) HTTP/1.1\r\nConnection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        var request = Data((head + "\r\n").utf8)
        if let body { request.append(body) }
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response.append(contentsOf: buffer[0..<n])
        }
        guard let split = response.range(of: Data("\r\n\r\n".utf8)) else { return (0, Data()) }
        let header = String(decoding: response[..<split.lowerBound], as: UTF8.self)
        let status = Int(header.split(separator: " ").dropFirst().first ?? "") ?? 0
        var content = Data(response[split.upperBound...])
        if header.lowercased().contains("transfer-encoding: chunked") {
            // Chunked: size line, chunk, CRLF … until a zero size.
            var plain = Data(), rest = content
            while let line = rest.range(of: Data("\r\n".utf8)), let size = Int(String(decoding: rest[..<line.lowerBound], as: UTF8.self), radix: 16),
                  size > 0 {
                let start = line.upperBound
                plain.append(rest[start..<rest.index(start, offsetBy: size)])
                rest = Data(rest[rest.index(start, offsetBy: size + 2)...])
            }
            content = plain
        }
        return (status, content)
    }

    @Test("plan serve prints one loopback address with a token; without the token 401, a foreign Host or Origin 403; with it an example solves to its optimum; nothing it prints names a cadre; SIGTERM stops it")
    func serveProcess() throws {
        let dir = try Tool.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("stdout"), err = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = Tool.executable
        process.arguments = ["serve", "--port", "0", "--data", dir.appendingPathComponent("data").path]
        process.environment = ProcessInfo.processInfo.environment.merging(["PLAN_LANG": "en"]) { _, new in new }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        // The one line with the address, within 60 s.
        var printed = ""
        for _ in 0..<600 where !printed.contains("token=") {
            usleep(100_000)
            printed = String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self)
        }
        let url = try #require(printed.split(separator: " ").first { $0.hasPrefix("http://") }.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) },
                               "printed: \(printed)")
        let parts = try #require(URLComponents(string: url))
        #expect(parts.host == "127.0.0.1", "listens on loopback: \(url)")
        let port = try #require(parts.port)
        let token = try #require(parts.queryItems?.first { $0.name == "token" }?.value)
        #expect(token.count >= 32, "a long random token")
        let host = "127.0.0.1:\(port)"
        let auth = ["Host": host, "Authorization": "Bearer \(token)"]

        #expect(try Self.http(port: port, "GET", "/api/instances", headers: ["Host": host]).0 == 401)
        #expect(try Self.http(port: port, "GET", "/api/instances", headers: ["Host": host, "Authorization": "Bearer wrong"]).0 == 401)
        #expect(try Self.http(port: port, "GET", "/api/instances", headers: auth).0 == 200)
        #expect(try Self.http(port: port, "GET", "/api/instances", headers: auth.merging(["Host": "evil.example:\(port)"]) { _, new in new }).0 == 403)
        let importBody = try JSONSerialization.data(withJSONObject: ["path": Tool.examples.appendingPathComponent("tiny").path])
        #expect(try Self.http(port: port, "POST", "/api/instances", headers: auth.merging(["Origin": "http://evil.example"]) { _, new in new },
                              body: importBody).0 == 403)
        let (created, imported) = try Self.http(port: port, "POST", "/api/instances", headers: auth, body: importBody)
        #expect(created == 201, "\(String(decoding: imported, as: UTF8.self))")
        let id = try #require((try JSONSerialization.jsonObject(with: imported) as? [String: Any])?["id"] as? Int)
        let (solved, variant) = try Self.http(port: port, "POST", "/api/instances/\(id)/solve", headers: auth, body: Data("{}".utf8))
        let v = try #require(try JSONSerialization.jsonObject(with: variant) as? [String: Any])
        #expect(solved == 201 && v["status"] as? String == "optimal" && v["objective"] as? Double == 896, "\(v["status"] ?? "")")
        let (page, html) = try Self.http(port: port, "GET", "/", headers: auth)
        #expect(page == 200 && String(decoding: html, as: UTF8.self).contains("<html"))

        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<100 where process.isRunning { usleep(100_000) }
        #expect(!process.isRunning, "SIGTERM stops the server within 10 s")
        // What the process printed names no cadre (personnel data stays out of logs).
        let instance = try String(contentsOf: Tool.examples.appendingPathComponent("tiny/cadres.csv"), encoding: .utf8)
        let names = instance.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").dropFirst().first.map(String.init) }
        let logs = printed + String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self)
        #expect(!names.isEmpty)
        for name in names { #expect(!logs.contains(name), "the server's output names \(name)") }
    }
}
