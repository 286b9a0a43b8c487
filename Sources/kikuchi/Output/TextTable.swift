/// Rows of cells as aligned lines for the terminal: each column as wide as its widest cell, the
/// first `leftAligned` columns padded on the right (names), the others on the left (figures),
/// columns two spaces apart.
enum TextTable {
    static func lines(_ rows: [[String]], leftAligned: Int = 1) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column < leftAligned ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
    }
}
