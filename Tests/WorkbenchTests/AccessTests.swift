import AssignModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Workbench

/// The workbench over HTTP (issue 15), through HummingbirdTesting's router client: the security
/// rules, the API, and the store.
enum Bench {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples")
    static let token = "test-token-0123456789"

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("workbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// An application over a fresh store; the router test client names the host `localhost` (port 80).
    static func app(_ bench: Workbench, host: String = "localhost", port: Int = 80) -> some ApplicationProtocol {
        Application(router: WorkbenchRoutes.router(bench, token: token, host: host, port: port))
    }

    static var auth: HTTPFields { [.authorization: "Bearer \(token)"] }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    static func list(_ response: TestResponse) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
    }

    static func body(_ object: Any) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
    }
}

@Suite("Workbench access")
struct AccessTests {
    @Test("no token: 401 on the page and the API; a wrong token: 401")
    func needsToken() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        try await Bench.app(bench).test(.router) { client in
            for uri in ["/", "/app.js", "/api/instances"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.status == .unauthorized, "\(uri)") }
            }
            try await client.execute(uri: "/api/instances", method: .get, headers: [.authorization: "Bearer nope"]) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/api/instances", method: .get, headers: [.cookie: "plan_token=nope"]) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test("the token in the address sets an HttpOnly, SameSite=Strict cookie and redirects without it; the cookie and Bearer both open")
    func tokenFromAddress() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        try await Bench.app(bench).test(.router) { client in
            try await client.execute(uri: "/?token=\(Bench.token)", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/")
                let cookie = response.headers[.setCookie] ?? ""
                #expect(cookie.contains("plan_token=\(Bench.token)") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "other=1; plan_token=\(Bench.token)"]) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains("<html lang=\"vi\">") && page.contains("/app.js"))
                #expect(!page.contains("http://") && !page.contains("https://"), "no outside resource")
            }
            try await client.execute(uri: "/api/instances", method: .get, headers: Bench.auth) { #expect($0.status == .ok) }
        }
    }

    @Test("a Host other than the listening address is refused (403), even with the token")
    func hostChecked() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        // The router client sends Host: localhost (port 80); this server listens on 127.0.0.1:8080.
        try await Bench.app(bench, host: "127.0.0.1", port: 8080).test(.router) { client in
            try await client.execute(uri: "/api/instances", method: .get, headers: Bench.auth) { #expect($0.status == .forbidden) }
        }
        #expect(AccessGuard<BasicRequestContext>(token: "t", host: "127.0.0.1", port: 8080).hosts
                == ["127.0.0.1:8080", "localhost:8080", "[::1]:8080"])
    }

    @Test("a state-changing request from another origin is refused (403); the page's own origin and scripts without Origin pass")
    func sameOrigin() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        let tiny = Bench.examples.appendingPathComponent("tiny").path
        try await Bench.app(bench).test(.router) { client in
            var foreign = Bench.auth
            foreign[.origin] = "http://evil.example"
            try await client.execute(uri: "/api/instances", method: .post, headers: foreign, body: try Bench.body(["path": tiny])) {
                #expect($0.status == .forbidden)
            }
            var crossSite = Bench.auth
            crossSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
            try await client.execute(uri: "/api/instances", method: .post, headers: crossSite, body: try Bench.body(["path": tiny])) {
                #expect($0.status == .forbidden)
            }
            #expect(try bench.instanceRecords().isEmpty, "nothing imported")
            var own = Bench.auth
            own[.origin] = "http://localhost:80"
            try await client.execute(uri: "/api/instances", method: .post, headers: own, body: try Bench.body(["path": tiny])) {
                #expect($0.status == .created)
            }
        }
    }

    @Test("every response carries a Content-Security-Policy that allows nothing from outside, and no-sniff, no-frame, no-referrer")
    func securityHeaders() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        try await Bench.app(bench).test(.router) { client in
            for (uri, headers) in [("/", Bench.auth), ("/api/instances", Bench.auth), ("/api/instances", HTTPFields())] {
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    let csp = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"))
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                }
            }
        }
    }

    @Test("a request body over the limit is refused (413) and nothing is stored")
    func bodyLimit() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        try await Bench.app(bench).test(.router) { client in
            let big = ByteBuffer(string: "{\"path\": \"" + String(repeating: "x", count: WorkbenchRoutes.maxJSONBytes + 10) + "\"}")
            try await client.execute(uri: "/api/instances", method: .post, headers: Bench.auth, body: big) {
                #expect($0.status == .contentTooLarge)
            }
            #expect(try bench.instanceRecords().isEmpty)
        }
    }
}
