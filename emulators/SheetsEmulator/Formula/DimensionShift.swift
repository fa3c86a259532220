/// How inserting or deleting rows (or columns) moves a span of them, as Sheets moves references and
/// named ranges: what lies after the change shifts, a span the change cuts into shrinks or grows, and
/// a span wholly deleted is gone (`#REF!` in a formula).
///
/// Spans are 0-based and half-open; a nil side is open (to the grid's edge) and stays so.
struct DimensionShift: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case insert, delete }

    let kind: Kind
    /// The first row or column inserted or deleted (0-based).
    let start: Int
    let count: Int
    /// The most rows or columns a reference may name after an insert (beyond it the reference is gone).
    let limit: Int

    /// The span after the change; nil when it was deleted whole or pushed past `limit`.
    func map(low: Int?, high: Int?) -> (low: Int?, high: Int?)? {
        let end = start + count
        var newLow = low
        var newHigh = high
        switch kind {
        case .insert:
            if let low, low >= start { newLow = low + count }
            if let high, high > start { newHigh = high + count }
            if let value = newHigh ?? newLow.map({ $0 + 1 }), value > limit { return nil }
        case .delete:
            if let low { newLow = low < start ? low : (low >= end ? low - count : start) }
            if let high { newHigh = high <= start ? high : (high >= end ? high - count : start) }
            if let from = newLow ?? (newHigh != nil ? 0 : nil), let to = newHigh, from >= to { return nil }
        }
        return (newLow, newHigh)
    }
}

extension A1CellRange {
    /// These cells after `shift` on the rows (`rows`) or columns; nil when they no longer exist.
    /// Corners come back in order (top-left first), as Sheets rewrites them.
    func shifted(_ shift: DimensionShift, rows: Bool) -> A1CellRange? {
        func value(_ endpoint: Endpoint) -> Int? { rows ? endpoint.row : endpoint.column }
        func setting(_ endpoint: Endpoint, _ new: Int?) -> Endpoint {
            var copy = endpoint
            if rows { copy.row = new } else { copy.column = new }
            return copy
        }
        guard let end else {
            guard let cell = value(start) else { return self }
            guard let span = shift.map(low: cell - 1, high: cell), let low = span.low else { return nil }
            return A1CellRange(start: setting(start, low + 1), end: nil)
        }
        var first = value(start)
        var last = value(end)
        if let a = first, let b = last, a > b { swap(&first, &last) }
        guard first != nil || last != nil else { return self }
        guard let span = shift.map(low: first.map { $0 - 1 }, high: last) else { return nil }
        return A1CellRange(start: setting(start, span.low.map { $0 + 1 }), end: setting(end, span.high))
    }
}

extension GridRange {
    /// This range after `shift` on the rows or columns of its sheet; nil when deleted whole.
    func shifted(_ shift: DimensionShift, rows: Bool) -> GridRange? {
        var copy = self
        if rows {
            guard let span = shift.map(low: startRow, high: endRow), let low = span.low, let high = span.high else { return nil }
            copy.startRow = low
            copy.endRow = high
        } else {
            guard let span = shift.map(low: startColumn, high: endColumn), let low = span.low, let high = span.high else { return nil }
            copy.startColumn = low
            copy.endColumn = high
        }
        return copy
    }
}
