import CXLSX
import Foundation

/// A cell value: text is always written as text (never a formula, whatever it starts with).
enum CellValue {
    case text(String)
    case number(Double)
}

/// A workbook written by libxlsxwriter (the only code here that calls it): sheets with a bold,
/// frozen, filtered header row and wrapped text, then `close()` writes the file.
final class XLSXBook {
    private var book: UnsafeMutablePointer<lxw_workbook>?
    private let headerFormat: UnsafeMutablePointer<lxw_format>
    private let wrapFormat: UnsafeMutablePointer<lxw_format>

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(path: String) throws {
        guard let book = workbook_new(path) else { throw Failure(description: "cannot create the workbook \(path)") }
        self.book = book
        headerFormat = workbook_add_format(book)
        format_set_bold(headerFormat)
        format_set_text_wrap(headerFormat)
        format_set_bg_color(headerFormat, 0xDDEBF7)
        format_set_border(headerFormat, UInt8(LXW_BORDER_THIN.rawValue))
        wrapFormat = workbook_add_format(book)
        format_set_text_wrap(wrapFormat)
    }

    /// Adds a sheet: `header` in row 1 (frozen, with a filter), then `rows`; column widths from
    /// the longest text of each column (between 6 and `maxWidth` characters).
    func sheet(_ name: String, header: [String], rows: [[CellValue]], maxWidth: Double = 60) throws {
        let sheet = try addSheet(name, header: header)
        var widths = header.map { Double($0.count) }
        for (r, row) in rows.enumerated() {
            for (c, value) in row.enumerated() {
                if c >= widths.count { widths.append(6) }
                switch value {
                case .text(let s):
                    worksheet_write_string(sheet, lxw_row_t(r + 1), lxw_col_t(c), s, wrapFormat)
                    widths[c] = max(widths[c], Double(s.count))
                case .number(let x):
                    worksheet_write_number(sheet, lxw_row_t(r + 1), lxw_col_t(c), x, nil)
                    widths[c] = max(widths[c], Double("\(x)".count))
                }
            }
        }
        for (c, w) in widths.enumerated() {
            worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), min(maxWidth, max(6, w + 2)), nil)
        }
        if !header.isEmpty { worksheet_autofilter(sheet, 0, 0, lxw_row_t(rows.count), lxw_col_t(header.count - 1)) }
    }

    /// C strings handed to libxlsxwriter, freed when the workbook is written.
    private var strings: [UnsafeMutablePointer<CChar>] = []

    private func cString(_ s: String) -> UnsafeMutablePointer<CChar> {
        let p = strdup(s)!
        strings.append(p)
        return p
    }

    /// Adds a sheet for data entry: the header row (bold, frozen, a comment on each header cell
    /// when given), a drop-down list of `values` in rows 2…`rows` of each listed column, and widths.
    func entrySheet(_ name: String, header: [String], comments: [String?], lists: [Int: [String]], rows: Int = 2000,
                    width: Double = 18) throws {
        let sheet = try addSheet(name, header: header)
        for (c, title) in header.enumerated() {
            if c < comments.count, let comment = comments[c] { worksheet_write_comment(sheet, 0, lxw_col_t(c), comment) }
            worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), max(width, Double(title.count) + 2), nil)
        }
        for (c, values) in lists.sorted(by: { $0.key < $1.key }) {
            var list = values.map { Optional(cString($0)) } + [nil]
            var validation = lxw_data_validation()
            validation.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
            validation.ignore_blank = UInt8(LXW_VALIDATION_ON.rawValue)
            validation.dropdown = UInt8(LXW_VALIDATION_ON.rawValue)
            let error = list.withUnsafeMutableBufferPointer { buffer -> lxw_error in
                validation.value_list = buffer.baseAddress
                return worksheet_data_validation_range(sheet, 1, lxw_col_t(c), lxw_row_t(rows), lxw_col_t(c), &validation)
            }
            guard error == LXW_NO_ERROR else { throw Failure(description: "cannot add the list of \(header[c]): \(String(cString: lxw_strerror(error)))") }
        }
    }

    /// A new sheet with `header` in its first row (bold, frozen).
    private func addSheet(_ name: String, header: [String]) throws -> UnsafeMutablePointer<lxw_worksheet> {
        guard let book, let sheet = workbook_add_worksheet(book, name) else {
            throw Failure(description: "cannot add the sheet \(name)")
        }
        for (c, title) in header.enumerated() { worksheet_write_string(sheet, 0, lxw_col_t(c), title, headerFormat) }
        worksheet_freeze_panes(sheet, 1, 0)
        return sheet
    }

    /// Writes the file and frees the workbook.
    func close() throws {
        guard let book else { return }
        self.book = nil
        let error = workbook_close(book)
        for p in strings { free(p) }
        strings = []
        guard error == LXW_NO_ERROR else {
            throw Failure(description: "cannot write the workbook: \(String(cString: lxw_strerror(error)))")
        }
    }

    deinit {
        if let book { workbook_close(book) }
        for p in strings { free(p) }
    }
}
