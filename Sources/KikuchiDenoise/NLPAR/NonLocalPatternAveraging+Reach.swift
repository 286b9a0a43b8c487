import KikuchiIO

extension NonLocalPatternAveraging {
    /// Whether NLPAR's output for pattern `index` may depend on pattern `mate`: `mate` lies in the
    /// search window of `index` (shifted inward at the map's borders) or next to it, since the
    /// noise estimate of each window pattern reads its 3 x 3 neighbourhood.
    func mayRead(_ mate: Int, forOutput index: Int, of scan: ScanDescription) -> Bool {
        let window = NLPARSearchWindow(geometry: scan.geometry, count: scan.count)
        let (row, column) = scan.geometry.position(of: index)
        let (mateRow, mateColumn) = scan.geometry.position(of: mate)
        let rows = window.searchRows(row, radius: searchRadius)
        guard mateRow >= rows.lowerBound - 1, mateRow <= rows.upperBound else { return false }
        let windowRow = min(max(mateRow, rows.lowerBound), rows.upperBound - 1)
        let columns = NLPARSearchWindow.shifted(column, radius: searchRadius, length: scan.geometry.rowLength(windowRow))
        return mateColumn >= columns.lowerBound - 1 && mateColumn <= columns.upperBound
    }
}
