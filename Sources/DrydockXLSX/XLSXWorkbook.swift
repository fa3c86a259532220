import CXLSXWriter
import Foundation

/// An XLSX workbook being written with libxlsxwriter. Add worksheets, write cells, then `close()`, which
/// writes the file; nothing is on disk in its final form before that. Not thread-safe (one writer).
public final class XLSXWorkbook {
    /// Document properties (File → Properties). `created` fixes the creation date and the zip entries'
    /// times, so the same content and `created` give a byte-identical file.
    public struct Properties: Sendable, Equatable {
        public var title = ""
        public var subject = ""
        public var author = ""
        public var company = ""
        public var comments = ""
        /// Seconds since 1970 (UTC). Never 0: libxlsxwriter reads 0 as "now".
        public var created: Int

        public init(title: String = "", subject: String = "", author: String = "", company: String = "", comments: String = "", created: Int) {
            self.title = title
            self.subject = subject
            self.author = author
            self.company = company
            self.comments = comments
            self.created = created
        }
    }

    let handle: UnsafeMutablePointer<lxw_workbook>
    public let path: String
    private var formats: [XLSXStyle: UnsafeMutablePointer<lxw_format>] = [:]
    private var sheetNames: Set<String> = []
    private var closed = false

    /// Starts a workbook that `close()` writes to `path` (libxlsxwriter's own temporary files go to
    /// `temporaryDirectory`, e.g. the target's directory).
    public init(path: String, properties: Properties, temporaryDirectory: String? = nil) throws {
        self.path = path
        var options = lxw_workbook_options()
        let tmpdir = temporaryDirectory.map { strdup($0) } ?? nil
        defer { free(tmpdir) }
        options.tmpdir = tmpdir
        guard let handle = workbook_new_opt(path, &options) else {
            throw XLSXError(code: -1, operation: "start a workbook at \(path)", message: "workbook_new_opt returned NULL (out of memory)")
        }
        self.handle = handle
        try setProperties(properties)
    }

    deinit {
        // A workbook abandoned on an error path is still closed (that frees it); its file is the caller's to remove.
        if !closed { _ = workbook_close(handle) }
    }

    private func setProperties(_ properties: Properties) throws {
        guard properties.created > 0 else {
            throw XLSXError(code: -1, operation: "set the document properties", message: "created must be after 1970 (0 means 'now' to libxlsxwriter)")
        }
        let strings: [UnsafeMutablePointer<CChar>?] = [properties.title, properties.subject, properties.author, properties.company, properties.comments]
            .map { text in text.withCString { strdup($0) } }
        defer { strings.forEach { free($0) } }
        var c = lxw_doc_properties()
        c.title = strings[0]
        c.subject = strings[1]
        c.author = strings[2]
        c.company = strings[3]
        c.comments = strings[4]
        c.created = time_t(properties.created)
        try XLSXError.check(workbook_set_properties(handle, &c), "set the document properties")
    }

    /// Adds a worksheet; names must be unique, 1…31 characters, without `[]:*?/\`.
    public func addWorksheet(_ name: String) throws -> XLSXWorksheet {
        guard !sheetNames.contains(name) else {
            throw XLSXError(code: -1, operation: "add worksheet '\(name)'", message: "a worksheet with that name already exists")
        }
        try XLSXError.check(workbook_validate_sheet_name(handle, name), "add worksheet '\(name)'")
        guard let sheet = workbook_add_worksheet(handle, name) else {
            throw XLSXError(code: -1, operation: "add worksheet '\(name)'", message: "workbook_add_worksheet returned NULL")
        }
        sheetNames.insert(name)
        return XLSXWorksheet(sheet, name: name, workbook: self)
    }

    /// The libxlsxwriter format for `style`, created once per distinct style.
    func format(_ style: XLSXStyle?) -> UnsafeMutablePointer<lxw_format>? {
        guard let style else { return nil }
        if let existing = formats[style] { return existing }
        guard let format = workbook_add_format(handle) else { return nil }
        if style.bold { format_set_bold(format) }
        if let size = style.fontSize { format_set_font_size(format, size) }
        if let color = style.fontColor { format_set_font_color(format, lxw_color_t(color)) }
        if let fill = style.fill {
            format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(format, lxw_color_t(fill))
        }
        if let numberFormat = style.numberFormat { format_set_num_format(format, numberFormat) }
        if style.wrap { format_set_text_wrap(format) }
        switch style.alignment {
        case .general: break
        case .left: format_set_align(format, UInt8(LXW_ALIGN_LEFT.rawValue))
        case .center: format_set_align(format, UInt8(LXW_ALIGN_CENTER.rawValue))
        case .right: format_set_align(format, UInt8(LXW_ALIGN_RIGHT.rawValue))
        }
        if style.bottomBorder { format_set_bottom(format, UInt8(LXW_BORDER_THIN.rawValue)) }
        formats[style] = format
        return format
    }

    /// A clustered column chart, to be filled with series and inserted into a worksheet.
    public func addColumnChart() throws -> XLSXChart {
        guard let chart = workbook_add_chart(handle, UInt8(LXW_CHART_COLUMN.rawValue)) else {
            throw XLSXError(code: -1, operation: "add a chart", message: "workbook_add_chart returned NULL")
        }
        return XLSXChart(chart)
    }

    /// Writes the file. The workbook cannot be used afterwards.
    public func close() throws {
        guard !closed else { return }
        closed = true
        try XLSXError.check(workbook_close(handle), "write \(path)")
    }
}
