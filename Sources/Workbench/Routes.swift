import AssignModel
import Foundation
import HTTPTypes
import Hummingbird
import PlanReports
import PlanWorkbook

/// The workbench's HTTP side (issue 15): the page and its assets, and the JSON API under `/api/`
/// (docs/api.md). Every route sits behind `AccessGuard`.
public enum WorkbenchRoutes {
    /// Largest JSON request body, bytes.
    public static let maxJSONBytes = 1 << 20

    /// The router of a workbench listening on `host:port` with access token `token`.
    public static func router(_ bench: Workbench, token: String, host: String, port: Int) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: AccessGuard(token: token, host: host, port: port))

        router.get("/") { _, _ in asset(Page.html, type: "text/html; charset=utf-8") }
        router.get("/app.js") { _, _ in asset(Page.script, type: "text/javascript; charset=utf-8") }
        router.get("/app.css") { _, _ in asset(Page.style, type: "text/css; charset=utf-8") }

        router.get("/api/instances") { _, _ in
            try guarded { json(try bench.instanceRecords().map(instanceJSON)) }
        }
        router.post("/api/instances") { request, context in
            try await guardedAsync {
                let body = try await object(request, context)
                guard let path = body["path"] as? String, !path.isEmpty else { throw Workbench.Refusal(422, ["path: a folder or workbook path"]) }
                let record = try bench.importInstance(path: path, name: body["name"] as? String)
                return json(try overview(bench, record), status: .created)
            }
        }
        router.post("/api/instances/upload") { request, context in
            try await guardedAsync {
                var request = request
                guard let name = request.uri.queryParameters.get("name"), !name.isEmpty else {
                    throw Workbench.Refusal(422, ["name: the uploaded file's name (?name=book.xlsx)"])
                }
                let buffer: ByteBuffer
                do { buffer = try await request.collectBody(upTo: Workbench.maxUploadBytes) } catch {
                    throw Workbench.Refusal(413, ["the upload is larger than \(Workbench.maxUploadBytes >> 20) MiB"])
                }
                let record = try bench.importUpload(Data(buffer.readableBytesView), filename: name)
                return json(try overview(bench, record), status: .created)
            }
        }
        router.get("/api/instances/:id") { _, context in
            try guarded { json(try overview(bench, try bench.instanceRecord(try id(context)))) }
        }
        router.get("/api/instances/:id/variants") { _, context in
            try guarded { json(try bench.variants(of: try id(context)).map { variantJSON($0) }) }
        }
        router.post("/api/instances/:id/solve") { request, context in
            try await guardedAsync {
                let body = try await object(request, context)
                let changes = try Workbench.Changes(json: body)
                let record = try await bench.solve(instanceId: try id(context), changes: changes,
                                                   author: body["author"] as? String ?? "", note: body["note"] as? String ?? "")
                return variantResponse(record, status: .created)
            }
        }
        router.post("/api/instances/:id/alternatives") { request, context in
            try await guardedAsync {
                let body = try await object(request, context)
                let records = try await bench.alternatives(instanceId: try id(context), changes: try Workbench.Changes(json: body),
                                                           count: body["count"] as? Int ?? 3, minDiff: body["minDiff"] as? Int ?? 1,
                                                           author: body["author"] as? String ?? "")
                return json(records.map { variantJSON($0) }, status: .created)
            }
        }
        router.get("/api/variants/:id") { request, context in
            try guarded {
                // `?lang=vi|en`: the plan's reasons in the page's language.
                let record = try bench.variant(try id(context))
                guard let language = try language(request) else { return variantResponse(record) }
                return variantResponse(record, plan: try bench.plan(of: record, in: language))
            }
        }
        router.patch("/api/variants/:id") { request, context in
            try await guardedAsync {
                let body = try await object(request, context)
                let record = try bench.annotate(try id(context), stage: body["stage"] as? String, note: body["note"] as? String)
                return json(variantJSON(record))
            }
        }
        router.get("/api/variants/:id/diff/:other") { _, context in
            try guarded {
                let a = try bench.variant(try id(context)), b = try bench.variant(try id(context, "other"))
                guard a.instanceId == b.instanceId, let pa = a.plan, let pb = b.plan else {
                    throw Workbench.Refusal(422, ["both variants need a plan of one instance"])
                }
                let instance = try bench.instance(a.instanceId)
                let planA = try Plan.parse(Data(pa.utf8), file: "variant \(a.id!)"), planB = try Plan.parse(Data(pb.utf8), file: "variant \(b.id!)")
                let diff = PlanDiff(planA, planB, instance: instance)
                return json(["a": a.id!, "b": b.id!, "objectiveA": orNull(diff.objectiveA), "objectiveB": orNull(diff.objectiveB),
                             "changes": diff.changes.map { ["post": $0.post, "unit": $0.unitName, "title": $0.title,
                                                            "a": orNull($0.a?.cadre), "b": orNull($0.b?.cadre)] },
                             "releasedOnlyInA": diff.releasedOnlyInA.map(\.cadre), "releasedOnlyInB": diff.releasedOnlyInB.map(\.cadre)])
            }
        }
        router.get("/api/variants/:id/plan.json") { _, context in
            try guarded {
                let v = try bench.variant(try id(context))
                guard let plan = v.plan else { throw Workbench.Refusal(404, ["variant \(v.id!) has no plan"]) }
                return download(Data(plan.utf8), type: "application/json", name: "plan-\(v.id!).json")
            }
        }
        router.get("/api/variants/:id/plan.csv") { request, context in
            try guarded {
                try inLanguage(request) { language in
                    let (v, plan, instance) = try stored(bench, try id(context), in: language)
                    return download(try PlanTable.csv(plan, instance: instance), type: "text/csv; charset=utf-8", name: "plan-\(v.id!).csv")
                }
            }
        }
        router.get("/api/variants/:id/plan.xlsx") { request, context in
            try guarded { try inLanguage(request) { language in
                let (v, plan, instance) = try stored(bench, try id(context), in: language)
                return download(try PlanXLSX.data(plan, instance: instance, name: try bench.instanceRecord(v.instanceId).name),
                                type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: "plan-\(v.id!).xlsx")
            } }
        }
        router.get("/api/variants/:id/report.html") { request, context in
            try guarded { try inLanguage(request) { language in
                let (v, plan, instance) = try stored(bench, try id(context), in: language)
                let report = PlanReport(plan: plan, instance: instance, instanceName: try bench.instanceRecord(v.instanceId).name,
                                        planName: "#\(v.id!)")
                return document(HTMLReport.render(report))
            } }
        }
        router.get("/api/variants/:id/decision.html") { request, context in
            try guarded { try inLanguage(request) { language in
                let (_, plan, instance) = try stored(bench, try id(context), in: language)
                let q = request.uri.queryParameters
                let list = DecisionList(plan: plan, instance: instance, title: q.get("title") ?? "", committee: q.get("committee") ?? "",
                                        date: q.get("date") ?? "")
                return document(DecisionListHTML.render(list))
            } }
        }
        router.get("/api/instances/:id/posts/:post/candidates") { _, context in
            try guarded {
                let instance = try bench.instance(try id(context))
                guard let postId = context.parameters.get("post"), let p = instance.postIndex[postId] else {
                    throw Workbench.Refusal(404, ["no such post"])
                }
                return json(candidates(instance, post: p))
            }
        }
        return router
    }

    /// Every cadre for post `p`: the eligible ones ranked by what the move would cost (then by id),
    /// then the ineligible ones with the rules (E1–E8) that exclude each.
    static func candidates(_ instance: Instance, post p: Int) -> [String: Any] {
        var eligible: [(cost: Double, id: String, row: [String: Any])] = []
        var excluded: [[String: Any]] = []
        for c in instance.cadres.indices {
            let cadre = instance.cadres[c]
            let mask = instance.brokenMask(cadre: c, post: p, facts: instance.facts(c))
            let holds = orNull(cadre.post.map { instance.posts[$0].id })
            if mask.rules.isEmpty {
                let cost = instance.cost(cadre: c, post: p)
                eligible.append((cost, cadre.id, ["cadre": cadre.id, "name": cadre.name, "post": holds, "cost": cost,
                                                   "type": instance.moveType(cadre: c, post: p).rawValue]))
            } else {
                excluded.append(["cadre": cadre.id, "name": cadre.name, "post": holds,
                                 "rules": mask.rules.map { ["id": $0.rawValue, "title": $0.title] }])
            }
        }
        eligible.sort { ($0.cost, $0.id) < ($1.cost, $1.id) }
        return ["post": instance.posts[p].id, "eligible": eligible.map(\.row), "excluded": excluded]
    }

    /// A stored variant's plan (with its releases' reasons, for reports) and its instance.
    static func stored(_ bench: Workbench, _ id: Int64, in language: Language? = nil) throws -> (VariantRecord, Plan, Instance) {
        let v = try bench.variant(id)
        guard let stored = v.plan else { throw Workbench.Refusal(404, ["variant \(id) has no plan"]) }
        let text = try language.map { try bench.plan(of: v, in: $0) ?? stored } ?? stored
        let plan = try Plan.parseWithReleaseReasons(Data(text.utf8), file: "variant \(id)")
        return (v, plan, try bench.instance(v.instanceId))
    }

    // MARK: helpers

    /// The language a request asks for with `?lang=vi|en`, nil when it names none.
    static func language(_ request: Request) throws -> Language? {
        guard let lang = request.uri.queryParameters.get("lang") else { return nil }
        guard let language = Language(rawValue: lang) else { throw Workbench.Refusal(422, ["lang: expected vi or en"]) }
        return language
    }

    /// `body` (given the request's language, nil for none) with the texts it writes in the request's
    /// language (`?lang=`), else the server's.
    static func inLanguage<R>(_ request: Request, _ body: (Language?) throws -> R) throws -> R {
        guard let language = try language(request) else { return try body(nil) }
        return try Language.$override.withValue(language) { try body(language) }
    }

    /// A JSON value, or null (JSONSerialization takes no Swift optionals).
    static func orNull(_ value: Any?) -> Any { value ?? NSNull() }

    static func id(_ context: BasicRequestContext, _ name: String = "id") throws -> Int64 {
        guard let text = context.parameters.get(name), let n = Int64(text) else { throw Workbench.Refusal(404, ["not found"]) }
        return n
    }

    /// The request body as a JSON object (at most `maxJSONBytes`).
    static func object(_ request: Request, _ context: BasicRequestContext) async throws -> [String: Any] {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: maxJSONBytes) } catch { throw Workbench.Refusal(413, ["request body too large"]) }
        let data = Data(buffer.readableBytesView)
        if data.isEmpty { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Workbench.Refusal(400, ["the body is not a JSON object"])
        }
        return object
    }

    static func guarded(_ body: () throws -> Response) throws -> Response {
        do { return try body() } catch { return failure(error) }
    }

    static func guardedAsync(_ body: () async throws -> Response) async throws -> Response {
        do { return try await body() } catch { return failure(error) }
    }

    /// A refusal or error as a JSON response: `{"error": …, "messages": [...]}`.
    static func failure(_ error: Error) -> Response {
        if let refusal = error as? Workbench.Refusal {
            return json(["error": refusal.messages.first ?? "", "messages": refusal.messages],
                        status: HTTPResponse.Status(code: refusal.status))
        }
        if let errors = error as? InputErrors {
            return json(["error": errors.issues.first.map(\.description) ?? "", "messages": errors.issues.map(\.description)],
                        status: .unprocessableContent)
        }
        return json(["error": "\(error)", "messages": ["\(error)"]], status: .internalServerError)
    }

    static func json(_ value: JSON, status: HTTPResponse.Status = .ok) -> Response {
        var response = Response(status: status, body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
        response.headers[.contentType] = "application/json"
        return response
    }

    static func json(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        var response = Response(status: status, body: .init(byteBuffer: ByteBuffer(string: Workbench.text(object))))
        response.headers[.contentType] = "application/json"
        return response
    }

    static func asset(_ text: String, type: String) -> Response {
        var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: text)))
        response.headers[.contentType] = type
        return response
    }

    /// A self-contained page (a report, the decision list): its inline styles allowed, nothing else —
    /// no script, no resource from anywhere.
    static func document(_ html: String) -> Response {
        var response = asset(html, type: "text/html; charset=utf-8")
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"
        return response
    }

    static func download(_ data: Data, type: String, name: String) -> Response {
        var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        response.headers[.contentType] = type
        response.headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return response
    }

    static func instanceJSON(_ r: InstanceRecord) -> [String: Any] {
        ["id": r.id ?? 0, "name": r.name, "source": r.source, "created": ISO8601DateFormatter().string(from: r.created)]
    }

    /// An instance with what the page shows of it: units, posts and cadres by id and name.
    static func overview(_ bench: Workbench, _ r: InstanceRecord) throws -> JSON {
        // Written with the tool's own JSON writer: JSONSerialization took half a second on the
        // 3,000 posts and 3,750 cadres of a province.
        let instance = try bench.instance(r.id!)
        let rules = { (list: [RuleID]) in JSON.array(list.map { .object([("id", .string($0.rawValue)), ("title", .string($0.title))]) }) }
        let mustMove: [JSON] = instance.cadres.indices.compactMap { c in
            guard let p = instance.cadres[c].post else { return nil }
            let broken = instance.brokenMask(cadre: c, post: p, facts: instance.facts(c)).rules
            guard !broken.isEmpty else { return nil }
            return .object([("cadre", .string(instance.cadres[c].id)), ("post", .string(instance.posts[p].id)), ("rules", rules(broken))])
        }
        return .object([
            ("id", .int(Int(r.id!))), ("name", .string(r.name)), ("source", .string(r.source)),
            ("created", .string(ISO8601DateFormatter().string(from: r.created))),
            ("phases", .array(instance.policy.phases.map { .int($0.year) })),
            ("units", .array(instance.units.map { .object([("id", .string($0.id)), ("name", .string($0.name)), ("level", .string("\($0.level)")),
                                                          ("weak", .bool($0.weak))]) })),
            ("posts", .array(instance.posts.map { .object([("id", .string($0.id)), ("unit", .string(instance.units[$0.unit].id)),
                                                          ("title", .string($0.title)), ("key", .bool($0.key))]) })),
            ("mustMove", .array(mustMove)),
            ("cadres", .array(instance.cadres.map { c in
                .object([("id", .string(c.id)), ("name", .string(c.name)), ("birthYear", .int(c.birthYear)),
                         ("post", c.post.map { .string(instance.posts[$0].id) } ?? .null)])
            })),
        ])
    }

    /// A variant with its plan and diagnosis: the stored JSON texts are spliced in as they are (they
    /// were written by `JSON.serialized`), not parsed and written again — on a 3,000-post plan that
    /// round trip through JSONSerialization took about a third of a second.
    static func variantResponse(_ v: VariantRecord, status: HTTPResponse.Status = .ok, plan: String?? = nil) -> Response {
        var head = Workbench.text(variantJSON(v))
        head.removeLast()  // the closing brace
        let body = head + ",\"diagnosis\":" + (v.diagnosis ?? "null") + ",\"plan\":" + ((plan ?? v.plan) ?? "null") + "}"
        var response = Response(status: status, body: .init(byteBuffer: ByteBuffer(string: body)))
        response.headers[.contentType] = "application/json"
        return response
    }

    /// A variant's fields without its plan and diagnosis (`variantResponse` adds them).
    static func variantJSON(_ v: VariantRecord) -> [String: Any] {
        let changes = (try? JSONSerialization.jsonObject(with: Data(v.changes.utf8), options: [.fragmentsAllowed])) ?? NSNull()
        // `variant` repeats `id`: the issue's API names the solve's answer {"variant": id, "plan": …}.
        return ["id": v.id ?? 0, "variant": v.id ?? 0, "instance": v.instanceId, "parent": orNull(v.parentId), "author": v.author, "note": v.note,
                "stage": v.stage, "status": v.status, "objective": orNull(v.objective.map { Double(JSON.format($0)) ?? $0 }), "seconds": v.seconds,
                "created": ISO8601DateFormatter().string(from: v.created), "changes": changes]
    }
}
