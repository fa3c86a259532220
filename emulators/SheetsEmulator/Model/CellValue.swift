/// What a cell holds after typing: nothing, a number (dates and times are serial numbers), text or a
/// boolean. Formula cells hold their computed value here (possibly an error); the formula text lives beside it.
enum CellValue: Sendable, Equatable {
    case empty
    case number(Double)
    case text(String)
    case bool(Bool)
    /// A formula's error (`#DIV/0!`, `#REF!`, …).
    case error(CellError)
}

/// An error a formula evaluates to, as Sheets' `ErrorValue`: the API's type name, the text the cell
/// shows (FORMATTED_VALUE and UNFORMATTED_VALUE both give it) and the explanation Sheets attaches.
struct CellError: Error, Sendable, Equatable {
    /// `ErrorValue.type`: `DIVIDE_BY_ZERO`, `REF`, `VALUE`, `N_A`, `NAME`, `NUM`, `ERROR`.
    let type: String
    /// What the cell shows: `#DIV/0!`.
    let display: String
    /// `ErrorValue.message`, as Sheets words it where known (assumed otherwise).
    let message: String

    static func divideByZero(_ function: String = "DIVIDE") -> CellError {
        CellError(type: "DIVIDE_BY_ZERO", display: "#DIV/0!", message: "Function \(function) parameter 2 cannot be zero.")
    }
    static func reference(_ message: String) -> CellError { CellError(type: "REF", display: "#REF!", message: message) }
    static func value(_ message: String) -> CellError { CellError(type: "VALUE", display: "#VALUE!", message: message) }
    static func notAvailable(_ message: String) -> CellError { CellError(type: "N_A", display: "#N/A", message: message) }
    static func name(_ message: String) -> CellError { CellError(type: "NAME", display: "#NAME?", message: message) }
    static func number(_ message: String) -> CellError { CellError(type: "NUM", display: "#NUM!", message: message) }
    /// A formula Sheets cannot parse: the cell shows `#ERROR!` ("Formula parse error.", confirmed).
    static let parse = CellError(type: "ERROR", display: "#ERROR!", message: "Formula parse error.")
    /// A cell on a reference cycle (message as the Sheets UI shows it).
    static let circular = reference("Circular dependency detected. To resolve with iterative calculation, see File > Settings.")
}
