import AssignModel
import Solver
import Testing
import Foundation

/// The formulation's integer program, inspected without GLPK, and the checks that keep GLPK from aborting.
@Suite("Integer program")
struct IntegerProgramTests {
    @Test("has one column per eligible pair only, never the full grid")
    func columnsAreEligiblePairs() throws {
        let instance = try Examples.load("district-20")
        let f = Formulation(instance: instance)
        let facts = instance.allFacts()
        var eligible = 0
        for c in instance.cadres.indices {
            for p in instance.posts.indices where instance.isEligible(cadre: c, post: p, facts: facts[c]) { eligible += 1 }
        }
        #expect(f.pairs.count == eligible)
        #expect(f.pairs.count < instance.cadres.count * instance.posts.count / 3)
        for (i, pair) in f.pairs.enumerated() {
            let column = f.program.columns[f.pairColumn(i)]
            #expect(column.isInteger)
            #expect(column.cost == instance.cost(cadre: pair.cadre, post: pair.post))
            // Every pair sits in its post's C1 row.
            #expect(column.rows.contains(f.postRow[pair.post]))
        }
        let releases = instance.cadres.indices.filter { instance.releasable($0, facts: facts[$0]) }.count
        #expect(f.releaseColumn.count == releases)
        #expect(f.program.columns.count == f.pairs.count + releases + f.idleColumn.count)
        // Every C2 row is an equality, closed by a release or an idle column.
        #expect(f.program.rows.filter { $0.rule == .C2 }.allSatisfy { $0.lower == 1 && $0.upper == 1 })
        #expect(f.program.rows.filter { $0.rule == .C2 }.count == releases + f.idleColumn.count)
    }

    @Test("has a C1 row per post, a C2 row per post holder, and rows for each configured plan rule")
    func rowsPerRule() throws {
        let instance = try Examples.load("tiny")
        let f = Formulation(instance: instance)
        let rows = Dictionary(grouping: f.program.rows, by: \.rule)
        #expect(rows[.C1]?.count == instance.posts.count)
        #expect(rows[.C1]?.allSatisfy { $0.lower == 1 && $0.upper == 1 } == true)
        #expect(rows[.C4]?.count == 1)
        // ceil(0.5 × 8 commune key posts) = 4
        #expect(rows[.C4]?.first?.lower == 4)
        #expect(rows[.C5]?.allSatisfy { $0.upper == 1 } == true)
        #expect(rows[.C6] == nil)
        #expect(rows[.C7] == nil)
    }

    @Test("a share target is computed exactly: 0.1 of 30 posts needs 3, not 4")
    func exactCeiling() throws {
        let f = try #require(Fraction(decimal: "0.1"))
        #expect(f.ceilTimes(30) == 3)
        #expect(f.ceilTimes(31) == 4)
        #expect(Fraction(decimal: "0.5")?.ceilTimes(7) == 4)
        #expect(Fraction(decimal: "1")?.ceilTimes(9) == 9)
        #expect(Fraction(decimal: "1e-1")?.ceilTimes(30) == 3)
        #expect(Fraction(decimal: "-0.1") == nil)
        #expect(Fraction(decimal: "abc") == nil)
    }

    @Test("a fix pin on an ineligible pair is an empty row that cannot be met")
    func fixPinOnIneligiblePair() throws {
        var m = MiniInstance()
        m.units = ["A,commune,0"]
        m.posts = ["A-1,A,member,state,0,0,law"]
        m.cadres = ["c1,m,1980,A,A,A-1,2023,member,law,50,", "c2,m,1980,A,A,,,member,,50,"]
        m.pins = ["c2,A-1,fix"]
        let instance = try m.instance()
        let f = Formulation(instance: instance)
        let pinRow = try #require(f.program.rows.firstIndex { $0.rule == .C3 })
        #expect(f.program.rowEntries()[pinRow].isEmpty && f.program.rows[pinRow].lower == 1)
        let report = PlanSolver.solve(f)
        #expect(report.status == .infeasible)
        #expect(report.plan == nil)
        #expect(report.blockers.contains { $0.contains("fix pin c2 → A-1") && $0.contains("E1") })
    }

    @Test("validation rejects what would make GLPK abort", arguments: [
        "duplicate entry", "bad row index", "NaN coefficient", "crossed bounds", "infinite cost",
    ])
    func rejectsInvalid(kind: String) {
        var program = IntegerProgram()
        let r = program.addRow(name: "r", rule: .C1, lower: kind == "crossed bounds" ? 2 : 1, upper: 1)
        switch kind {
        case "duplicate entry": program.addColumn(name: "x", lower: 0, upper: 1, cost: 1, isInteger: true, entries: [(r, 1), (r, 1)])
        case "bad row index": program.addColumn(name: "x", lower: 0, upper: 1, cost: 1, isInteger: true, entries: [(5, 1)])
        case "NaN coefficient": program.addColumn(name: "x", lower: 0, upper: 1, cost: 1, isInteger: true, entries: [(r, .nan)])
        case "crossed bounds": program.addColumn(name: "x", lower: 0, upper: 1, cost: 1, isInteger: true, entries: [(r, 1)])
        default: program.addColumn(name: "y", lower: 0, upper: 1, cost: .infinity, isInteger: false)
        }
        #expect(throws: IntegerProgram.Invalid.self) { try program.validate() }
    }

    @Test("a valid program passes validation")
    func acceptsValid() throws {
        let f = Formulation(instance: try Examples.load("district-20"))
        try f.program.validate()
    }
}

/// Pair enumeration by index (skill sets, rank screen, parallel chunks) against a plain scan of the grid.
@Suite("Candidate pairs")
struct CandidateSetTests {
    @Test("enumeration in parallel chunks lists exactly the eligible pairs, post by post in cadre order, with their costs")
    func chunkedEnumerationEqualsGridScan() throws {
        // 120 communes and 40 departments: 800 posts, enough for the chunked path.
        let instance = try InstanceGenerator(communes: 120, agencies: 40, seed: 11).readBack()
        let facts = instance.allFacts()
        let set = CandidateSet(instance: instance, facts: facts)
        #expect(instance.posts.count >= 512)
        #expect(set.complete)
        var expected: [(Int32, Double)] = []
        var starts = [0]
        for p in instance.posts.indices {
            for c in instance.cadres.indices where instance.isEligible(cadre: c, post: p, facts: facts[c]) {
                expected.append((Int32(c), instance.cost(cadre: c, post: p)))
            }
            starts.append(expected.count)
        }
        #expect(set.postStart == starts)
        #expect(set.cadre == expected.map(\.0))
        #expect(set.cost == expected.map(\.1))
    }
}

@Suite("GLPK return codes")
struct GLPKReturnTests {
    @Test("each return code of glp_simplex and glp_intopt carries its name and the manual's sentence, per call")
    func codesHaveMeanings() {
        let singular = GLPKReturn(call: .simplex, code: 0x02)
        #expect(singular.name == "GLP_ESING" && singular.meaning.contains("singular"))
        #expect(singular.description.hasPrefix("glp_simplex returned GLP_ESING"))
        // GLP_ENOPFS means different things to the two calls.
        #expect(GLPKReturn(call: .simplex, code: 0x0A).meaning != GLPKReturn(call: .intopt, code: 0x0A).meaning)
        for code in Int32(0)...0x0B { #expect(!GLPKReturn(call: .simplex, code: code).meaning.contains("does not list"), "simplex \(code)") }
        for code: Int32 in [0, 0x04, 0x05, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E] {
            #expect(!GLPKReturn(call: .intopt, code: code).meaning.contains("does not list"), "intopt \(code)")
        }
        #expect(GLPKReturn(call: .intopt, code: 0x7F).meaning.contains("does not list"))
    }
}
