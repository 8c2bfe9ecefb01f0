import AssignModel
import Foundation
import Testing

/// Names and titles from input files never run as formulas in a spreadsheet.
@Suite("Spreadsheet cells are inert")
struct SpreadsheetSafetyTests {
    @Test("a cell starting with = + - @ tab or CR gets a leading quote; plain numbers stay numbers",
          arguments: [("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"), ("+1", "+1"), ("+1+1", "'+1+1"),
                      ("-2+3", "'-2+3"), ("-12.5", "-12.5"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
                      ("1e-7", "1e-7"), ("-", "'-"), ("Nguyễn Văn An", "Nguyễn Văn An"), ("a=b", "a=b")])
    func inertCells(_ cell: String, _ expected: String) {
        #expect(SpreadsheetCSV.inert(cell) == expected)
    }

    @Test("plan solve --csv writes a formula-like cadre name and unit name as text")
    func planTableIsInert() throws {
        let dir = try Tool.copyExample("tiny")
        let cadres = dir.appendingPathComponent("cadres.csv")
        var text = try String(contentsOf: cadres, encoding: .utf8)
        text = text.replacingOccurrences(of: "Nguyễn Văn An", with: "\"=HYPERLINK(\"\"http://evil\"\",\"\"An\"\")\"")
        try text.write(to: cadres, atomically: true, encoding: .utf8)
        let units = dir.appendingPathComponent("units.csv")
        let unitText = try String(contentsOf: units, encoding: .utf8)
        let firstUnitName = try #require(unitText.split(separator: "\n")[1].split(separator: ",")[1])
        try unitText.replacingOccurrences(of: String(firstUnitName), with: "@cmd").write(to: units, atomically: true, encoding: .utf8)
        let csv = dir.deletingLastPathComponent().appendingPathComponent("plan.csv")
        let r = try Tool.run(["solve", dir.path, "--csv", csv.path])
        #expect(r.status == 0, "\(r.stderr)")
        let out = try String(contentsOf: csv, encoding: .utf8)
        #expect(out.contains("'=HYPERLINK("))
        #expect(out.contains("'@cmd"))
        #expect(!out.contains(",=HYPERLINK") && !out.contains(",\"=HYPERLINK") && !out.contains(",@cmd"))
    }
}
