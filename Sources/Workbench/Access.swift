import Foundation
import HTTPTypes
import Hummingbird

/// The workbench's door (issue 15): personnel files are sensitive, so every request must carry the
/// access token printed at start, name this server in its `Host` header, and — when it changes
/// something — come from the workbench's own page.
///
/// * `Host` other than the listening address (or `localhost` on its port): 403 — a page of another
///   site cannot reach the server by rebinding its domain name to 127.0.0.1.
/// * No token: 401. The token is accepted as `Authorization: Bearer TOKEN` (scripts), as the cookie
///   `plan_token` (the page), or once in the address (`/?token=TOKEN`, what the start line prints),
///   which sets the cookie and redirects to the same address without it.
/// * POST, PUT, PATCH, DELETE with an `Origin` other than the server's own, or marked
///   `Sec-Fetch-Site: cross-site`: 403.
/// * Every response: a Content-Security-Policy that allows nothing from outside the server, no
///   framing, no referrer, no MIME sniffing, no caching.
///
/// Nothing here logs a request (paths hold only ids; bodies may name cadres).
public struct AccessGuard<Context: RequestContext>: RouterMiddleware {
    public let token: String
    /// `host:port` values a request may name.
    public let hosts: Set<String>
    /// Origins a state-changing request may come from.
    public let origins: Set<String>

    public static var cookieName: String { "plan_token" }

    public static var securityHeaders: [(HTTPField.Name, String)] {
        [(.contentSecurityPolicy, "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
         (.xContentTypeOptions, "nosniff"), (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
         (HTTPField.Name("X-Frame-Options")!, "DENY"), (.cacheControl, "no-store")]
    }

    public init(token: String, host: String, port: Int) {
        self.token = token
        var hosts: Set<String> = ["\(host):\(port)".lowercased()]
        if host == "127.0.0.1" || host == "::1" || host == "localhost" {
            hosts.formUnion(["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)"])
        }
        self.hosts = hosts
        origins = Set(hosts.map { "http://\($0)" })
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await decide(request, context: context, next: next)
        // A route may set a stricter or narrower policy of its own (the reports: inline styles, no script).
        for (name, value) in Self.securityHeaders where response.headers[name] == nil { response.headers[name] = value }
        return response
    }

    private func decide(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var host = (request.head.authority ?? "").lowercased()
        // A Host without a port names port 80 (RFC 9110).
        if !host.isEmpty && (!host.contains(":") || host.hasSuffix("]")) { host += ":80" }
        guard hosts.contains(host) else { return Self.refuse(.forbidden, "host") }
        var fromAddress = false
        if let given = request.uri.queryParameters.get("token"), Self.same(given, token) {
            fromAddress = true
        } else if let auth = request.headers[.authorization], auth.hasPrefix("Bearer "), Self.same(String(auth.dropFirst(7)), token) {
        } else if let cookie = Self.cookie(Self.cookieName, in: request.headers[values: .cookie]), Self.same(cookie, token) {
        } else {
            return Self.refuse(.unauthorized, "token")
        }
        if ![.get, .head, .options].contains(request.method) {
            if let origin = request.headers[.origin], !origins.contains(origin.lowercased()) { return Self.refuse(.forbidden, "origin") }
            if request.headers[HTTPField.Name("Sec-Fetch-Site")!] == "cross-site" { return Self.refuse(.forbidden, "origin") }
        }
        if fromAddress && request.method == .get {
            // The token leaves the address bar (and the history) at once; the cookie carries it on.
            var response = Response(status: .seeOther)
            response.headers[.location] = request.uri.path
            response.headers[.setCookie] = "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"
            return response
        }
        return try await next(request, context)
    }

    /// A refusal: a short JSON body naming the check that failed.
    static func refuse(_ status: HTTPResponse.Status, _ check: String) -> Response {
        var response = Response(status: status, body: .init(byteBuffer: ByteBuffer(string: "{\"error\": \"\(check)\"}")))
        response.headers[.contentType] = "application/json"
        return response
    }

    /// Compares in time that does not depend on where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// The value of cookie `name` in the `Cookie` headers.
    static func cookie(_ name: String, in headers: [String]) -> String? {
        for header in headers {
            for part in header.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces)
                if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
            }
        }
        return nil
    }

    /// A new random token: 32 bytes from the system's generator, as hex.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
