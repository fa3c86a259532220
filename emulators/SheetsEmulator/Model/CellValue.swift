/// What a cell holds after typing: nothing, a number (dates and times are serial numbers), text or a
/// boolean. Formula cells hold their computed value here; the formula text lives beside it.
enum CellValue: Sendable, Equatable {
    case empty
    case number(Double)
    case text(String)
    case bool(Bool)
}
