import KikuchiIO

/// Scan indices of map positions, for the methods that average map neighbours.
///
/// The inverse of `MapGeometry.position(of:)`: square maps hold `columns` patterns per row; EDAX
/// hex maps without extra patterns hold `columns` on even rows and `columns - 1` on odd rows,
/// whose positions sit half a step to the right.
extension MapGeometry {
    /// Whether odd rows are one pattern short (EDAX hex without "extra patterns").
    var hasShortOddRows: Bool { grid == .hex && !hexRowsFull && columns > 1 }

    /// The number of patterns in map row `row`, consistent with `position(of:)`.
    func rowLength(_ row: Int) -> Int { hasShortOddRows && row % 2 == 1 ? columns - 1 : columns }

    /// The scan index of the first pattern of map row `row`.
    func firstIndex(ofRow row: Int) -> Int {
        hasShortOddRows ? (row / 2) * (2 * columns - 1) + (row % 2) * columns : row * columns
    }

    /// The scan index at (`row`, `column`), or nil outside the map or past `count` patterns.
    func index(row: Int, column: Int, count: Int) -> Int? {
        guard row >= 0, row < rows, column >= 0, column < rowLength(row) else { return nil }
        let index = firstIndex(ofRow: row) + column
        return index < count ? index : nil
    }

    /// The scan indices of map rows `rows`, clipped to the map and to `count` patterns.
    func indices(ofRows rows: ClosedRange<Int>, count: Int) -> Range<Int> {
        let first = max(rows.lowerBound, 0), last = min(rows.upperBound, self.rows - 1)
        guard first <= last else { return 0..<0 }
        return min(firstIndex(ofRow: first), count)..<min(firstIndex(ofRow: last + 1), count)
    }

    /// The patterns a neighbour method needs for `outputs`: the map rows `rows` (clipped to the
    /// map), and, when the outputs lie in one row, only from `columnReach` columns before the
    /// first output (in the first of those rows) to `columnReach` after the last (in the last
    /// row), so that a batch of a very long row does not read the whole row.
    func neighbourInputs(of outputs: Range<Int>, rows: ClosedRange<Int>, columnReach: Int, count: Int) -> Range<Int> {
        let whole = indices(ofRows: rows, count: count)
        let outputRows = self.rows(of: outputs)
        guard outputRows.lowerBound == outputRows.upperBound, !whole.isEmpty else { return whole }
        let first = max(rows.lowerBound, 0), last = min(rows.upperBound, self.rows - 1)
        let firstColumn = position(of: outputs.lowerBound).column, lastColumn = position(of: outputs.upperBound - 1).column
        let lower = max(firstIndex(ofRow: first) + max(firstColumn - columnReach, 0), whole.lowerBound)
        let upper = min(firstIndex(ofRow: last) + min(lastColumn + columnReach + 1, rowLength(last)), whole.upperBound)
        return lower..<max(upper, lower)
    }

    /// A batch size for a neighbour method: whole map rows (at least `minimumRows`) holding about
    /// `bytes` of patterns of `patternBytes` each, which keeps the rows read twice few. A map of
    /// one row (a version-1 UP1 has no map size) is cut into pieces of about `bytes` (at least
    /// `minimumColumns` patterns), since `neighbourInputs` bounds such batches by columns.
    func neighbourBatchSize(patternBytes: Int, bytes: Int, minimumRows: Int, minimumColumns: Int) -> Int {
        let patternBytes = max(patternBytes, 1)
        if rows == 1 { return max(bytes / patternBytes, minimumColumns) }
        let rowBytes = max(columns * patternBytes, 1)
        return max(max(bytes / rowBytes, minimumRows) * columns, 1)
    }

    /// The map rows holding the patterns `range` (which must not be empty).
    func rows(of range: Range<Int>) -> ClosedRange<Int> {
        position(of: range.lowerBound).row...position(of: range.upperBound - 1).row
    }

    /// The horizontal position of a pattern in steps: its column, plus half a step on the odd rows
    /// of a hex grid (rows outside the map, such as -1, keep the alternation).
    func x(row: Int, column: Int) -> Double {
        grid == .hex && row & 1 == 1 ? Double(column) + 0.5 : Double(column)
    }

    /// The vertical distance of `rows` map rows in horizontal steps' units: one per row on a square
    /// grid (as kikuchipy counts neighbours), sqrt(3) / 2 per row on a hex grid.
    func y(rows: Int) -> Double {
        grid == .hex ? Double(rows) * 3.0.squareRoot() / 2 : Double(rows)
    }
}
