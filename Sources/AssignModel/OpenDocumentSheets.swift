import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// The worksheets of an OpenDocument spreadsheet (.ods, LibreOffice's own format), read into the
/// same `WorkbookReader.Sheet` rows as an .xlsx workbook, so that everything after — headers,
/// Vietnamese names, the policy sheet, errors located as `cadres!F12` — is shared.
///
/// The file is a zip whose `content.xml` holds every sheet (`table:table`), row (`table:table-row`)
/// and cell (`table:table-cell`). A number cell is read as stored (`office:value`, not its display
/// format), a date cell as its `yyyy-mm-dd` date, a text cell as its paragraphs joined by line
/// breaks. Repeated rows and cells (`number-rows-repeated`, `number-columns-repeated`: how
/// LibreOffice writes runs of empty cells) are expanded only when they hold something, and never
/// past a spreadsheet's own limits.
enum OpenDocumentSheets {
    /// Rows and columns of the largest sheet LibreOffice makes; a repeated cell is never expanded past them.
    static let maxRows = 1_048_576, maxColumns = 16_384
    /// Non-empty cells of a whole spreadsheet (a repeat bomb is refused, not expanded).
    static let maxCells = 20_000_000

    static func sheets(_ url: URL) throws -> [WorkbookReader.Sheet] {
        let archive = try Archive(url: url, accessMode: .read)
        guard let entry = archive["content.xml"] else { throw WorkbookError(tr("ods.notSpreadsheet")) }
        guard entry.uncompressedSize <= UInt64(WorkbookReader.maxPartBytes) else {
            throw WorkbookError(tr("xlsx.tooLarge", ["part": "content.xml"]))
        }
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        let content = Content(data)
        if content.tooLarge { throw WorkbookError(tr("xlsx.tooLarge", ["part": "content.xml"])) }
        return content.sheets
    }

    /// The SAX reading of content.xml. Element and attribute names are matched without their
    /// namespace prefix (`table:table-cell` → `table-cell`).
    final class Content: NSObject, XMLParserDelegate {
        private(set) var sheets: [WorkbookReader.Sheet] = []
        private(set) var tooLarge = false
        private var name = ""
        private var rows: [(row: Int, cells: [(column: Int, text: String, number: Bool)])] = []
        private var rowNumber = 0, rowRepeat = 1, column = 0, cellRepeat = 1
        private var cells: [(column: Int, text: String, number: Bool)] = []
        private var valueType = "", value = "", dateValue = "", booleanValue = ""
        private var text = "", paragraphs = 0, inParagraph = 0, inAnnotation = 0, inCell = false
        private var cellCount = 0

        init(_ data: Data) {
            super.init()
            let parser = XMLParser(data: data)
            parser.delegate = self
            parser.parse()
        }

        private static func local(_ name: String) -> String {
            name.firstIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
        }

        private static func attribute(_ attributes: [String: String], _ name: String) -> String? {
            attributes.first { local($0.key) == name }?.value
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            switch Self.local(elementName) {
            case "table":
                name = Self.attribute(attributes, "name") ?? ""
                rows = []
                rowNumber = 0
            case "table-row":
                rowRepeat = max(1, Int(Self.attribute(attributes, "number-rows-repeated") ?? "") ?? 1)
                cells = []
                column = 0
            case "table-cell", "covered-table-cell":
                cellRepeat = max(1, Int(Self.attribute(attributes, "number-columns-repeated") ?? "") ?? 1)
                valueType = Self.attribute(attributes, "value-type") ?? ""
                value = Self.attribute(attributes, "value") ?? ""
                dateValue = Self.attribute(attributes, "date-value") ?? ""
                booleanValue = Self.attribute(attributes, "boolean-value") ?? ""
                text = ""
                paragraphs = 0
                inCell = true
            case "annotation":
                inAnnotation += 1
            case "p" where inCell && inAnnotation == 0:
                if paragraphs > 0 { text += "\n" }
                paragraphs += 1
                inParagraph += 1
            case "s" where inParagraph > 0 && inAnnotation == 0:
                text += String(repeating: " ", count: min(1000, max(1, Int(Self.attribute(attributes, "c") ?? "") ?? 1)))
            case "tab" where inParagraph > 0 && inAnnotation == 0:
                text += "\t"
            case "line-break" where inParagraph > 0 && inAnnotation == 0:
                text += "\n"
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inParagraph > 0 && inAnnotation == 0 { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            switch Self.local(elementName) {
            case "annotation":
                inAnnotation = max(0, inAnnotation - 1)
            case "p":
                if inParagraph > 0 && inAnnotation == 0 { inParagraph -= 1 }
            case "table-cell", "covered-table-cell":
                inCell = false
                var content = text, number = false
                switch valueType {
                case "float", "percentage", "currency":
                    if !value.isEmpty { content = value; number = true }
                case "date":
                    if dateValue.count >= 10 { content = String(dateValue.prefix(10)) }
                case "boolean":
                    content = booleanValue == "true" ? "1" : booleanValue == "false" ? "0" : content
                default: break
                }
                if !content.trimmingCharacters(in: .whitespaces).isEmpty {
                    for r in 0..<cellRepeat where column + 1 + r <= Self.maxColumnsLimit {
                        cells.append((column + 1 + r, content, number))
                    }
                }
                column += cellRepeat
            case "table-row":
                if !cells.isEmpty {
                    for r in 0..<rowRepeat where rowNumber + 1 + r <= OpenDocumentSheets.maxRows {
                        cellCount += cells.count
                        if cellCount > OpenDocumentSheets.maxCells { tooLarge = true; parser.abortParsing(); return }
                        rows.append((rowNumber + 1 + r, cells))
                    }
                }
                rowNumber += rowRepeat
            case "table":
                sheets.append(WorkbookReader.Sheet(name: name, rows: rows))
            default: break
            }
        }

        private static var maxColumnsLimit: Int { OpenDocumentSheets.maxColumns }
    }
}
