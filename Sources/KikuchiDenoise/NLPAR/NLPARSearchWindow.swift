import KikuchiIO

/// The map neighbourhoods of NLPAR, as PyEBSDIndex's `nlpar_nb` and `sigma_numba` walk them.
///
/// The search window has 2r + 1 rows and columns and is shifted inward at the map borders, so that
/// it always holds (2r + 1)^2 patterns: along an axis of n positions, centre i covers
/// `max(i - r, 0) - max(i + r - (n - 1), 0)` to `min(i + r, n - 1) + max(r - i, 0)` (clipped to the
/// map when the map is smaller than the window). The noise estimate's 3 x 3 neighbourhood is instead
/// clipped at the borders. On a hex grid both run over (row, column) indices, each row with its own
/// length.
struct NLPARSearchWindow {
    let geometry: MapGeometry
    let count: Int

    /// Positions start ..< end along an axis of `n`, for centre `i` and radius `r`, shifted inward.
    static func shifted(_ i: Int, radius r: Int, length n: Int) -> Range<Int> {
        let start = max(i - r, 0) - max(i + r - (n - 1), 0)
        let end = min(i + r, n - 1) + max(r - i, 0) + 1
        return max(start, 0)..<min(end, n)
    }

    /// Positions along an axis of `n` within `r` of `i`, clipped at the ends.
    static func clipped(_ i: Int, radius r: Int, length n: Int) -> Range<Int> {
        max(i - r, 0)..<min(i + r + 1, n)
    }

    /// The map rows the search window of a pattern on `row` covers.
    func searchRows(_ row: Int, radius: Int) -> Range<Int> {
        Self.shifted(row, radius: radius, length: geometry.rows)
    }

    /// Scan indices of the search window of the pattern at (`row`, `column`), row by row.
    func searchWindow(row: Int, column: Int, radius: Int) -> [Int] {
        var indices: [Int] = []
        for r in searchRows(row, radius: radius) {
            for c in Self.shifted(column, radius: radius, length: geometry.rowLength(r)) {
                if let index = geometry.index(row: r, column: c, count: count) { indices.append(index) }
            }
        }
        return indices
    }

    /// Scan indices of the 3 x 3 neighbourhood (the pattern itself included) clipped at the map edges,
    /// row by row, in PyEBSDIndex's order.
    func nearestNeighbours(row: Int, column: Int) -> [Int] {
        var indices: [Int] = []
        for r in Self.clipped(row, radius: 1, length: geometry.rows) {
            for c in Self.clipped(column, radius: 1, length: geometry.rowLength(r)) {
                if let index = geometry.index(row: r, column: c, count: count) { indices.append(index) }
            }
        }
        return indices
    }
}
