/// How many cells one request may read: twice the cells of the spreadsheet's grids. Reading every
/// sheet whole, even twice over with overlapping ranges, fits; the same range repeated thousands of
/// times in `ranges=` does not, so a request cannot make the emulator build a response many times the
/// size of the spreadsheet. Real Sheets has no such rule (it answers, slowly); the limit is the
/// emulator's, and its 400 says so in plain words.
extension Spreadsheet {
    /// Σ rowCount × columnCount over the sheets (at most 10,000,000 × 18,278 each, so no overflow).
    var gridCells: Int {
        sheets.reduce(0) { $0 + $1.rowCount * $1.columnCount }
    }

    var cellBudget: Int { 2 * gridCells }

    /// Resolves every range of a multi-range request, failing on the first bad one (as Sheets does) or
    /// when together they cover more than `cellBudget` grid cells.
    func resolveAll(_ texts: [String]) -> Result<[GridRange], RangeProblem> {
        var grids: [GridRange] = []
        var cells = 0
        for text in texts {
            switch resolve(text) {
            case .success(let grid):
                grids.append(grid)
                cells += grid.rowCount * grid.columnCount  // each ≤ one sheet: cannot overflow before the check
                if cells > cellBudget {
                    return .failure(.tooManyCells(requested: requestedCells(texts), gridCells: gridCells, budget: cellBudget))
                }
            case .failure(let problem):
                return .failure(problem)
            }
        }
        return .success(grids)
    }

    /// The cells all of `texts` that resolve cover, for the error message (saturating, however many).
    private func requestedCells(_ texts: [String]) -> Int {
        var total = 0
        for text in texts {
            guard case .success(let grid) = resolve(text) else { continue }
            let (sum, overflow) = total.addingReportingOverflow(grid.rowCount * grid.columnCount)
            total = overflow ? Int.max : sum
        }
        return total
    }
}
