import CXLSXWriter

/// A chart made by `XLSXWorkbook.addColumnChart()`: series of values over categories, both given as
/// ranges (`'Summary'!$A$12:$A$17`).
public final class XLSXChart {
    let handle: UnsafeMutablePointer<lxw_chart>

    init(_ handle: UnsafeMutablePointer<lxw_chart>) { self.handle = handle }

    public func setTitle(_ title: String) { chart_title_set_name(handle, title) }

    public func setAxisNames(x: String, y: String) {
        if let axis = handle.pointee.x_axis { chart_axis_set_name(axis, x) }
        if let axis = handle.pointee.y_axis { chart_axis_set_name(axis, y) }
    }

    /// Adds a series named `name` with `values` over `categories` (formula ranges without the `=`).
    public func addSeries(name: String, categories: String, values: String) throws {
        guard let series = chart_add_series(handle, "=" + categories, "=" + values) else {
            throw XLSXError(code: -1, operation: "add chart series \(name)", message: "chart_add_series returned NULL")
        }
        chart_series_set_name(series, name)
    }
}
