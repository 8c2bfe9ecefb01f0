import AssignModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import ZIPFoundation
@testable import Workbench

@Suite("Workbench API")
struct APITests {
    @Test("import an example, solve it (the shared optimum, a plan that passes the checker), fix and forbid with keep, diff, annotate")
    func solveFlow() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        let tiny = Bench.examples.appendingPathComponent("tiny")
        let instance = try InstanceReader.read(directory: tiny)
        try await Bench.app(bench).test(.router) { client in
            let imported = try await client.execute(uri: "/api/instances", method: .post, headers: Bench.auth,
                                                    body: try Bench.body(["path": tiny.path])) { response in
                #expect(response.status == .created)
                return try Bench.json(response)
            }
            let id = try #require(imported["id"] as? Int)
            #expect((imported["posts"] as? [Any])?.count == instance.posts.count && (imported["cadres"] as? [Any])?.count == instance.cadres.count)
            let first = try await client.execute(uri: "/api/instances/\(id)/solve", method: .post, headers: Bench.auth,
                                                 body: try Bench.body(["author": "Lan", "note": "đầu tiên"])) { try Bench.json($0) }
            #expect(first["status"] as? String == "optimal" && first["objective"] as? Double == 896 && first["author"] as? String == "Lan")
            #expect(first["variant"] as? Int != nil && first["variant"] as? Int == first["id"] as? Int)
            let planData = try JSONSerialization.data(withJSONObject: try #require(first["plan"]))
            let plan = try Plan.parse(planData, file: "variant")
            #expect(PlanChecker.check(plan, against: instance).isValid)
            // Forbid a move of the plan, staying close to it.
            let move = try #require(plan.assignments.first { $0.type != .stay })
            let second = try await client.execute(uri: "/api/instances/\(id)/solve", method: .post, headers: Bench.auth,
                                                  body: try Bench.body(["forbid": [[move.cadre, move.post]], "keep": first["id"]!])) { try Bench.json($0) }
            #expect(second["status"] as? String == "optimal" && second["parent"] as? Int == first["id"] as? Int)
            let secondPlan = try Plan.parse(try JSONSerialization.data(withJSONObject: try #require(second["plan"])), file: "variant")
            #expect(!secondPlan.assignments.contains { $0.cadre == move.cadre && $0.post == move.post })
            var forbidden = instance
            forbidden.pins.append(Pin(cadre: instance.cadreIndex[move.cadre]!, post: instance.postIndex[move.post]!, action: .forbid, line: 0))
            #expect(PlanChecker.check(secondPlan, against: forbidden).isValid)
            let diff = try await client.execute(uri: "/api/variants/\(first["id"]!)/diff/\(second["id"]!)", method: .get, headers: Bench.auth) {
                try Bench.json($0)
            }
            let changed = try #require(diff["changes"] as? [[String: Any]])
            #expect(changed.contains { $0["post"] as? String == move.post && $0["a"] as? String == move.cadre })
            // --keep: no other optimal plan without that move changes fewer posts than this one.
            #expect(changed.count == PlanDiff(plan, secondPlan, instance: instance).changes.count)
            // Annotate.
            try await client.execute(uri: "/api/variants/\(second["id"]!)", method: .patch, headers: Bench.auth,
                                     body: try Bench.body(["stage": "proposed", "note": "trình Ban Thường vụ"])) { response in
                let v = try Bench.json(response)
                #expect(v["stage"] as? String == "proposed" && v["note"] as? String == "trình Ban Thường vụ")
            }
            try await client.execute(uri: "/api/variants/\(second["id"]!)", method: .patch, headers: Bench.auth,
                                     body: try Bench.body(["stage": "approved-by-me"])) { #expect($0.status == .unprocessableContent) }
            let variants = try await client.execute(uri: "/api/instances/\(id)/variants", method: .get, headers: Bench.auth) { try Bench.list($0) }
            #expect(variants.map { $0["id"] as? Int } == [first["id"] as? Int, second["id"] as? Int])
            #expect(variants.last?["stage"] as? String == "proposed")
            try await client.execute(uri: "/api/variants/\(second["id"]!)/plan.csv", method: .get, headers: Bench.auth) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains(move.post))
            }
        }
    }

    @Test("a plan's reasons come in the language the page asks for (?lang=vi|en), with the same plan; exports too; an unknown language is 422")
    func reasonsInThePagesLanguage() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        let tiny = Bench.examples.appendingPathComponent("tiny")
        let record = try bench.importInstance(path: tiny.path)
        var changes = Workbench.Changes()
        changes.fix = [("C01", "AP-BT")]  // a pin, so that a reason names it in both languages
        let v = try await bench.solve(instanceId: record.id!, changes: changes)
        #expect(v.status == "optimal")
        let instance = try changes.apply(to: try InstanceReader.read(directory: tiny))
        try await Bench.app(bench).test(.router) { client in
            var plans: [String: Plan] = [:]
            for lang in ["vi", "en"] {
                let got = try await client.execute(uri: "/api/variants/\(v.id!)?lang=\(lang)", method: .get, headers: Bench.auth) { try Bench.json($0) }
                let plan = try Plan.parse(try JSONSerialization.data(withJSONObject: try #require(got["plan"])), file: lang)
                #expect(PlanChecker.check(plan, against: instance).isValid, "\(lang)")
                plans[lang] = plan
            }
            let vi = try #require(plans["vi"]), en = try #require(plans["en"])
            #expect(vi.assignments.map { [$0.post, $0.cadre] } == en.assignments.map { [$0.post, $0.cadre] })
            #expect(vi.objective == en.objective && vi.releases.map(\.cadre) == en.releases.map(\.cadre))
            // The texts are each language's own: the fixed move's reason, and a stay.
            let fixedVi = try #require(vi.assignments.first { $0.cadre == "C01" }?.reasons.first)
            let fixedEn = try #require(en.assignments.first { $0.cadre == "C01" }?.reasons.first)
            #expect(fixedVi.contains("C3") && fixedEn.contains("C3") && fixedVi != fixedEn)
            let stayVi = vi.assignments.first { $0.type == .stay }?.reasons.first ?? ""
            let stayEn = en.assignments.first { $0.type == .stay }?.reasons.first ?? ""
            #expect(stayVi.hasPrefix(Catalogue.text("reason.stays", language: .vi)) && stayEn.hasPrefix(Catalogue.text("reason.stays", language: .en)))
            // The report lists the moves with their reasons, the table every post with its reasons.
            let fixedStart = String(fixedVi.prefix { $0 != ":" })
            for (path, vietnamese, reason) in [("report.html", "Phương án", fixedStart), ("plan.csv", "chức danh", stayVi)] {
                try await client.execute(uri: "/api/variants/\(v.id!)/\(path)?lang=vi", method: .get, headers: Bench.auth) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).localizedCaseInsensitiveContains(vietnamese), "\(path)")
                    #expect(String(buffer: response.body).contains(reason), "\(path)")
                }
            }
            try await client.execute(uri: "/api/variants/\(v.id!)?lang=fr", method: .get, headers: Bench.auth) {
                #expect($0.status == .unprocessableContent)
            }
        }
    }

    @Test("changes are validated like the files: unknown ids and bad policy values are 422 with located messages, and nothing is solved")
    func badChanges() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        let tiny = Bench.examples.appendingPathComponent("tiny")
        let record = try bench.importInstance(path: tiny.path)
        try await Bench.app(bench).test(.router) { client in
            for body: [String: Any] in [["fix": [["C99", "AP-BT"]]], ["forbid": [["C01", "NOPE"]]], ["policy": ["max_moves": "many"]],
                                        ["policy": ["year": 2030]], ["fix": "C01=AP-BT"], ["keep": 999]] {
                try await client.execute(uri: "/api/instances/\(record.id!)/solve", method: .post, headers: Bench.auth, body: try Bench.body(body)) {
                    response in
                    #expect([.unprocessableContent, .notFound].contains(response.status), "\(body)")
                    let messages = try Bench.json(response)["messages"] as? [String] ?? []
                    #expect(!messages.isEmpty, "\(body)")
                }
            }
            #expect(try bench.variants(of: record.id!).isEmpty)
            try await client.execute(uri: "/api/instances", method: .post, headers: Bench.auth, body: try Bench.body(["path": "/no/such/folder"])) {
                #expect($0.status == .unprocessableContent)
            }
        }
    }

    @Test("an infeasible change is stored with its diagnosis and verified suggestions; applying one gives a plan")
    func infeasible() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        let record = try bench.importInstance(path: Bench.examples.appendingPathComponent("tiny").path)
        var changes = Workbench.Changes()
        changes.policy = [("max_moves", "0")]
        let v = try await bench.solve(instanceId: record.id!, changes: changes)
        #expect(v.status == "infeasible" && v.plan == nil)
        let diagnosis = try #require(try JSONSerialization.jsonObject(with: Data((v.diagnosis ?? "").utf8)) as? [String: Any])
        let suggestion = try #require((diagnosis["suggestions"] as? [[String: Any]])?.first { $0["key"] as? String == "max_moves" })
        #expect((diagnosis["text"] as? String)?.isEmpty == false)
        changes.policy = [("max_moves", "\(Int(suggestion["value"] as? Double ?? 0))")]
        let fixed = try await bench.solve(instanceId: record.id!, changes: changes)
        #expect(fixed.status == "optimal")
    }

    @Test("the store survives a restart: instances and variants are kept, and a solve a stopped server left unfinished is marked interrupted")
    func persistence() async throws {
        let folder = try Bench.folder()
        var firstId: Int64 = 0, instanceId: Int64 = 0
        do {
            let bench = Workbench(store: try WorkbenchStore(folder: folder))
            let record = try bench.importInstance(path: Bench.examples.appendingPathComponent("tiny").path)
            instanceId = record.id!
            firstId = try await bench.solve(instanceId: instanceId, changes: .init()).id!
            // A row as a killed server leaves it.
            let owner = instanceId
            try await bench.store.pool.write { db in
                var row = VariantRecord(id: nil, instanceId: owner, parentId: nil, author: "", note: "", stage: "draft", changes: "{}",
                                        status: "solving", objective: nil, seconds: 0, plan: nil, diagnosis: nil, created: Date())
                try row.insert(db)
            }
        }
        let reopened = Workbench(store: try WorkbenchStore(folder: folder))
        let variants = try reopened.variants(of: instanceId)
        #expect(variants.map(\.status) == ["optimal", "interrupted"])
        #expect(variants.first?.id == firstId && variants.first?.plan != nil)
        // The instance is read from the store's copy, not from where it was imported.
        #expect(try reopened.instance(instanceId).posts.count == 10)
        #expect(FileManager.default.fileExists(atPath: reopened.store.instanceFolder(instanceId).appendingPathComponent("cadres.csv").path))
    }
}

@Suite("Workbench candidates and exports")
struct CandidatesExportTests {
    @Test("a post's candidates: the eligible ranked by cost with their move type, the others with the rules that exclude them")
    func candidates() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        let tiny = Bench.examples.appendingPathComponent("tiny")
        let instance = try InstanceReader.read(directory: tiny)
        let record = try bench.importInstance(path: tiny.path)
        try await Bench.app(bench).test(.router) { client in
            let c = try await client.execute(uri: "/api/instances/\(record.id!)/posts/AP-BT/candidates", method: .get, headers: Bench.auth) {
                try Bench.json($0)
            }
            let eligible = try #require(c["eligible"] as? [[String: Any]]), excluded = try #require(c["excluded"] as? [[String: Any]])
            #expect(eligible.count + excluded.count == instance.cadres.count)
            let costs = eligible.compactMap { $0["cost"] as? Double }
            #expect(costs == costs.sorted() && !costs.isEmpty)
            let p = instance.postIndex["AP-BT"]!
            for e in eligible {
                let cadre = instance.cadreIndex[e["cadre"] as! String]!
                #expect(instance.brokenMask(cadre: cadre, post: p, facts: instance.facts(cadre)).rules.isEmpty)
                #expect(e["cost"] as? Double == instance.cost(cadre: cadre, post: p))
            }
            // The holder C02 is a local of AP: AP-BT asks for a non-local (E2).
            let holder = try #require(excluded.first { $0["cadre"] as? String == "C02" })
            #expect((holder["rules"] as? [[String: Any]])?.contains { $0["id"] as? String == "E2" } == true)
            try await client.execute(uri: "/api/instances/\(record.id!)/posts/NOPE/candidates", method: .get, headers: Bench.auth) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test("a variant's plan exports as JSON, CSV, Excel, report and decision list; the pages allow inline styles but no script")
    func exports() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        let record = try bench.importInstance(path: Bench.examples.appendingPathComponent("district-20").path)
        let v = try await bench.solve(instanceId: record.id!, changes: .init())
        try await Bench.app(bench).test(.router) { client in
            try await client.execute(uri: "/api/variants/\(v.id!)/plan.json", method: .get, headers: Bench.auth) { response in
                #expect(response.status == .ok && (response.headers[.contentDisposition] ?? "").contains("plan-\(v.id!).json"))
                let plan = try Plan.parse(Data(response.body.readableBytesView), file: "x")
                #expect(plan.objective == 7339.2)
            }
            try await client.execute(uri: "/api/variants/\(v.id!)/plan.xlsx", method: .get, headers: Bench.auth) { response in
                #expect(response.status == .ok && Array(response.body.readableBytesView.prefix(2)) == [0x50, 0x4B], "a zip")
            }
            for page in ["report.html", "decision.html?title=Danh%20s%C3%A1ch&committee=Ban%20Th%C6%B0%E1%BB%9Dng%20v%E1%BB%A5"] {
                try await client.execute(uri: "/api/variants/\(v.id!)/\(page)", method: .get, headers: Bench.auth) { response in
                    #expect(response.status == .ok)
                    let csp = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(csp.contains("default-src 'none'") && !csp.contains("script-src"), "\(csp)")
                    #expect(String(buffer: response.body).contains("<html"))
                }
            }
        }
    }
}

@Suite("Workbench uploads")
struct UploadTests {
    @Test("an uploaded .zip of an example's CSV files (in a folder of the zip) imports as the example; other files are refused with a message")
    func zipUpload() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        let tiny = Bench.examples.appendingPathComponent("tiny")
        let zip = try Bench.folder().appendingPathComponent("tiny.zip")
        let archive = try Archive(url: zip, accessMode: .create)
        for file in try FileManager.default.contentsOfDirectory(atPath: tiny.path).sorted() {
            try archive.addEntry(with: "tiny/\(file)", relativeTo: tiny.deletingLastPathComponent())
        }
        let data = try Data(contentsOf: zip)
        try await Bench.app(bench).test(.router) { client in
            let imported = try await client.execute(uri: "/api/instances/upload?name=tiny.zip", method: .post, headers: Bench.auth,
                                                    body: ByteBuffer(bytes: data)) { response in
                #expect(response.status == .created)
                return try Bench.json(response)
            }
            #expect(imported["name"] as? String == "tiny" && (imported["posts"] as? [Any])?.count == 10)
            // Who must move and why: C03 has held AS-BT for 8 years, the limit (E3).
            let mustMove = try #require(imported["mustMove"] as? [[String: Any]])
            #expect(mustMove.contains { $0["cadre"] as? String == "C03" && (($0["rules"] as? [[String: Any]])?.contains { $0["id"] as? String == "E3" } ?? false) },
                    "\(mustMove)")
            let v = try await bench.solve(instanceId: Int64(imported["id"] as! Int), changes: .init())
            #expect(v.objective == 896)
            for (name, body) in [("notes.txt", Data("x".utf8)), ("bad.zip", Data("not a zip".utf8)), ("book.xlsx", Data("no".utf8))] {
                try await client.execute(uri: "/api/instances/upload?name=\(name)", method: .post, headers: Bench.auth, body: ByteBuffer(bytes: body)) {
                    #expect($0.status == .unprocessableContent, "\(name)")
                }
            }
            #expect(try bench.instanceRecords().count == 1)
        }
    }
}

@Suite("Workbench alternatives")
struct AlternativesAPITests {
    @Test("alternatives are stored as variants: each valid, the first optimal, each next differing from every earlier one")
    func alternatives() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        let tiny = Bench.examples.appendingPathComponent("tiny")
        let instance = try InstanceReader.read(directory: tiny)
        let record = try bench.importInstance(path: tiny.path)
        try await Bench.app(bench).test(.router) { client in
            let list = try await client.execute(uri: "/api/instances/\(record.id!)/alternatives", method: .post, headers: Bench.auth,
                                                body: try Bench.body(["count": 3, "minDiff": 1])) { response in
                #expect(response.status == .created)
                return try Bench.list(response)
            }
            #expect(list.count == 3 && list.first?["objective"] as? Double == 896)
            var plans: [Plan] = []
            for item in list {
                let v = try bench.variant(Int64(item["id"] as! Int))
                let plan = try Plan.parse(Data(try #require(v.plan).utf8), file: "v")
                #expect(PlanChecker.check(plan, against: instance).isValid)
                for earlier in plans { #expect(!PlanDiff(earlier, plan, instance: instance).changes.isEmpty) }
                plans.append(plan)
            }
            let objectives = list.compactMap { $0["objective"] as? Double }
            #expect(objectives == objectives.sorted())
        }
    }
}

@Suite("Workbench pins")
struct UnpinTests {
    @Test("contradictory pins of pins.csv: infeasible with the pins named; leaving one out (unpin) gives a plan; an unknown pin is 422")
    func unpin() async throws {
        let source = try Bench.folder().appendingPathComponent("tiny")
        try FileManager.default.copyItem(at: Bench.examples.appendingPathComponent("tiny"), to: source)
        try Data("cadre,post,action\nC01,AP-BT,fix\nC01,AS-BT,fix\n".utf8).write(to: source.appendingPathComponent("pins.csv"))
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        let record = try bench.importInstance(path: source.path)
        let failed = try await bench.solve(instanceId: record.id!, changes: .init())
        #expect(failed.status == "infeasible")
        var changes = Workbench.Changes()
        changes.unpin = [("C01", "AS-BT")]
        let fixed = try await bench.solve(instanceId: record.id!, changes: changes)
        #expect(fixed.status == "optimal")
        let plan = try Plan.parse(Data(try #require(fixed.plan).utf8), file: "v")
        #expect(plan.assignments.contains { $0.cadre == "C01" && $0.post == "AP-BT" }, "the pin kept still holds")
        changes.unpin = [("C01", "HH-BT")]
        await #expect(throws: Workbench.Refusal.self) { _ = try await bench.solve(instanceId: record.id!, changes: changes) }
    }
}

@Suite("Workbench suggestions")
struct SuggestionTests {
    @Test("a verified suggestion inside a mapping (min_moves.down) is applied by its key and gives a plan; a key it cannot apply is 422")
    func nestedSuggestion() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        let record = try bench.importInstance(path: Bench.examples.appendingPathComponent("district-20").path)
        var changes = Workbench.Changes()
        changes.policy = [("min_moves", "{\"down\": 60}")]
        let failed = try await bench.solve(instanceId: record.id!, changes: changes)
        #expect(failed.status == "infeasible")
        let diagnosis = try #require(try JSONSerialization.jsonObject(with: Data((failed.diagnosis ?? "").utf8)) as? [String: Any])
        let suggestion = try #require((diagnosis["suggestions"] as? [[String: Any]])?.first { $0["key"] as? String == "min_moves.down" },
                                      "\(diagnosis)")
        changes.suggestions = [("min_moves.down", try #require(suggestion["value"] as? Double))]
        let fixed = try await bench.solve(instanceId: record.id!, changes: changes)
        #expect(fixed.status == "optimal", "\(fixed.status)")
        #expect(fixed.objective == suggestion["objective"] as? Double)
        changes.suggestions = [("shares[9].min", 0.5)]
        await #expect(throws: Workbench.Refusal.self) { _ = try await bench.solve(instanceId: record.id!, changes: changes) }
    }

    /// The failed variant of `example` under `policy`, its suggestion `key`, and the variant solved
    /// with that suggestion applied by its key.
    static func applied(_ example: String, policy: [(String, String)], key: String) async throws
        -> (failed: VariantRecord, suggestion: [String: Any], fixed: VariantRecord) {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        let record = try bench.importInstance(path: Bench.examples.appendingPathComponent(example).path)
        var changes = Workbench.Changes()
        changes.policy = policy
        let failed = try await bench.solve(instanceId: record.id!, changes: changes)
        let diagnosis = try JSONSerialization.jsonObject(with: Data((failed.diagnosis ?? "{}").utf8)) as? [String: Any] ?? [:]
        let suggestion = try #require((diagnosis["suggestions"] as? [[String: Any]])?.first { $0["key"] as? String == key }, "\(diagnosis)")
        changes.suggestions = [(key, try #require(suggestion["value"] as? Double))]
        return (failed, suggestion, try await bench.solve(instanceId: record.id!, changes: changes))
    }

    @Test("a share target's min suggestion (a fraction k/D, sent as a number) is applied by its key as k/D and gives the plan it promised")
    func shareMinSuggestion() async throws {
        let (failed, suggestion, fixed) = try await Self.applied(
            "tiny-v2", policy: [("shares", "[{of: female, level: commune, key: true, min: 1.0}, {of: young, level: commune, per_unit: true, at_least: 1}]")],
            key: "shares[1].min")
        #expect(failed.status == "infeasible")
        #expect(fixed.status == "optimal", "\(fixed.status) \(fixed.diagnosis ?? "")")
        #expect(fixed.objective == suggestion["objective"] as? Double)
        // The variant records the suggestion it was solved with.
        let changes = try #require(try JSONSerialization.jsonObject(with: Data(fixed.changes.utf8)) as? [String: Any])
        #expect((changes["suggestions"] as? [[String: Any]])?.first?["key"] as? String == "shares[1].min")
    }

    @Test("a phase's cap suggestion (phases[i].max_moves) is applied by its key and gives the phased plan it promised")
    func phaseSuggestion() async throws {
        let (failed, suggestion, fixed) = try await Self.applied(
            "phased-tiny", policy: [("phases", "[{year: 2025, max_moves: 0}, {year: 2027, max_moves: 1}]")], key: "phases[1].max_moves")
        #expect(failed.status == "infeasible")
        #expect(fixed.status == "optimal", "\(fixed.status) \(fixed.diagnosis ?? "")")
        #expect(fixed.objective == suggestion["objective"] as? Double)
    }

    @Test("keep on a phased instance: the new phased plan is solved close to the kept variant's (its stats say how many holdings changed)")
    func phasedKeep() async throws {
        let bench = Workbench(store: try WorkbenchStore(folder: try Bench.folder()))
        let record = try bench.importInstance(path: Bench.examples.appendingPathComponent("phased-tiny").path)
        let first = try await bench.solve(instanceId: record.id!, changes: .init())
        #expect(first.status == "optimal" && first.objective == 528)
        var changes = Workbench.Changes()
        changes.policy = [("phases", "[{year: 2025, max_moves: 3, shares: [{of: young, level: province, at_least: 1}]}, {year: 2027, max_moves: 3}]")]
        changes.keep = first.id
        let second = try await bench.solve(instanceId: record.id!, changes: changes)
        #expect(second.status == "optimal" && second.objective == 409.2 && second.parentId == first.id)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data((second.plan ?? "").utf8)) as? [String: Any])
        let stats = try #require(plan["stats"] as? [String: Any])
        #expect(stats["tie_break"] as? String == "closest to the kept plan" && stats["kept_holdings_changed"] as? Int != nil, "\(stats)")
    }

    @Test("suggestion keys are applied to the right number: min_moves, a share's at_least and min, a phase's caps and quotas; unknown keys are refused")
    func suggestionKeys() throws {
        let instance = try InstanceReader.read(directory: Bench.examples.appendingPathComponent("tiny-v2"))
        var policy = instance.policy
        let grouped = instance.grouped()
        #expect(Workbench.Changes.apply(suggestion: "shares[1].min", 8.0 / 12.0, to: &policy, grouped: grouped))
        #expect(policy.shareTargets[0].min == Fraction(numerator: 8, denominator: 12))
        // Cut to four places below k/D, as a phase's suggestions are written: still k/D.
        #expect(Workbench.Changes.apply(suggestion: "shares[1].min", 0.4166, to: &policy, grouped: grouped))
        #expect(policy.shareTargets[0].min == Fraction(numerator: 5, denominator: 12))
        #expect(Workbench.Changes.apply(suggestion: "shares[2].at_least", 0, to: &policy, grouped: grouped))
        #expect(policy.shareTargets[1].atLeast == 0)
        #expect(Workbench.Changes.apply(suggestion: "min_moves.down", 2, to: &policy, grouped: grouped))
        #expect(policy.minMoves[.down] == 2)
        for key in ["shares[3].min", "phases[1].max_moves", "max_years.head", "shares[1].max"] {
            #expect(!Workbench.Changes.apply(suggestion: key, 1, to: &policy, grouped: grouped), "\(key)")
        }
        let phased = try InstanceReader.read(directory: Bench.examples.appendingPathComponent("phased-tiny"))
        var phasedPolicy = phased.policy
        #expect(Workbench.Changes.apply(suggestion: "phases[2].max_moves", 5, to: &phasedPolicy, grouped: phased.grouped()))
        #expect(Workbench.Changes.apply(suggestion: "phases[1].min_moves.down", 1, to: &phasedPolicy, grouped: phased.grouped()))
        #expect(Workbench.Changes.apply(suggestion: "phases[1].max_arrivals_per_unit", 4, to: &phasedPolicy, grouped: phased.grouped()))
        #expect(phasedPolicy.phases[1].maxMoves == 5 && phasedPolicy.phases[0].minMoves[.down] == 1 && phasedPolicy.phases[0].maxArrivalsPerUnit == 4)
        #expect(Workbench.Changes.apply(suggestion: "phases[1].shares[1].at_least", 0, to: &phasedPolicy, grouped: phased.grouped()))
        #expect(phasedPolicy.phases[0].shareTargets[0].atLeast == 0)
        #expect(!Workbench.Changes.apply(suggestion: "phases[3].max_moves", 1, to: &phasedPolicy, grouped: phased.grouped()))
    }
}
