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

    /// The patterns a neighbour method needs for `outputs`: for a run of outputs within one map
    /// row, the columns from `columnReach` before its first to `columnReach` after its last, in
    /// each of the rows `rowsRead(row)` (clipped to the map); for a run over several rows, the
    /// whole rows that its first and last rows read and those between.
    func neighbourInputs(
        of outputs: ScanSelection, rowsRead: (Int) -> ClosedRange<Int>, columnReach: Int, count: Int
    ) -> ScanSelection {
        var runs: [Range<Int>] = []
        for run in outputs.runs {
            let first = position(of: run.lowerBound), last = position(of: run.upperBound - 1)
            guard first.row == last.row else {
                runs.append(indices(ofRows: rowsRead(first.row).lowerBound...rowsRead(last.row).upperBound, count: count))
                continue
            }
            for row in rowsRead(first.row).clamped(to: 0...max(rows - 1, 0)) {
                let lower = max(first.column - columnReach, 0), upper = min(last.column + columnReach + 1, rowLength(row))
                guard lower < upper, let start = index(row: row, column: lower, count: count) else { continue }
                runs.append(start..<min(firstIndex(ofRow: row) + upper, count))
            }
        }
        return ScanSelection(runs: runs)
    }

    /// The map cut into tiles of about `patterns` patterns (at least one) for a neighbour method's
    /// units of work, row band after row band, left to right, each tile's rows one run apiece: a
    /// map at most twice as wide as a square tile is cut into whole rows (their reads need no
    /// columns beside them); a wider one into squares, so that what a unit reads, and with it the
    /// memory of a run, does not grow with the map's width. A map of one row is cut into runs.
    func tiles(ofAbout patterns: Int, count: Int) -> [ScanSelection] {
        let patterns = max(patterns, 1)
        guard rows > 1 else {
            return stride(from: 0, to: count, by: patterns).map { ScanSelection($0..<min($0 + patterns, count)) }
        }
        let side = max(Int(Double(patterns).squareRoot()), 1)
        let tileColumns = columns <= 2 * side ? max(columns, 1) : side
        let tileRows = max(patterns / tileColumns, 1)
        var tiles: [ScanSelection] = []
        for firstRow in stride(from: 0, to: rows, by: tileRows) {
            for firstColumn in stride(from: 0, to: max(columns, 1), by: tileColumns) {
                var runs: [Range<Int>] = []
                for row in firstRow..<min(firstRow + tileRows, rows) {
                    let upper = min(firstColumn + tileColumns, rowLength(row))
                    guard firstColumn < upper, let start = index(row: row, column: firstColumn, count: count) else { continue }
                    runs.append(start..<min(firstIndex(ofRow: row) + upper, count))
                }
                if !runs.isEmpty { tiles.append(ScanSelection(runs: runs)) }
            }
        }
        return tiles
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
