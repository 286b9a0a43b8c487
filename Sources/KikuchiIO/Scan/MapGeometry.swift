/// How the map positions of a scan are laid out.
public enum GridKind: String, Codable, Sendable {
    case square
    /// EDAX's hexagonal grid: odd rows are shifted by half a step and, unless the file stores
    /// "extra patterns", hold one position fewer than even rows.
    case hex
}

/// The map geometry of a scan: columns, rows, steps in micrometres and the grid kind.
public struct MapGeometry: Codable, Equatable, Sendable {
    public var columns: Int
    public var rows: Int
    public var stepX: Double
    public var stepY: Double
    public var grid: GridKind
    /// EDAX's "extra patterns" flag for hex grids: every row holds `columns` patterns.
    public var hexRowsFull: Bool

    public init(
        columns: Int, rows: Int, stepX: Double = 1, stepY: Double = 1,
        grid: GridKind = .square, hexRowsFull: Bool = false
    ) {
        self.columns = columns
        self.rows = rows
        self.stepX = stepX
        self.stepY = stepY
        self.grid = grid
        self.hexRowsFull = hexRowsFull
    }

    /// A single row holding `count` patterns, for files that carry no map geometry.
    public static func line(of count: Int) -> MapGeometry {
        MapGeometry(columns: count, rows: count > 0 ? 1 : 0)
    }

    /// The number of map positions, and so of patterns.
    ///
    /// Square: columns x rows. Hex without extra patterns: odd rows hold columns - 1, so
    /// columns x rows - rows / 2 (integer division), as EDAX OIM writes them.
    public var patternCount: Int {
        if grid == .hex && !hexRowsFull {
            return columns * rows - rows / 2
        }
        return columns * rows
    }

    /// The number of patterns in map row `row`.
    public func patternsInRow(_ row: Int) -> Int {
        (grid == .hex && !hexRowsFull && row % 2 == 1) ? columns - 1 : columns
    }

    /// The (row, column) of pattern `index` in scan order.
    public func position(of index: Int) -> (row: Int, column: Int) {
        guard grid == .hex && !hexRowsFull, columns > 1 else {
            return (index / max(columns, 1), index % max(columns, 1))
        }
        let pair = 2 * columns - 1
        let row = 2 * (index / pair)
        let rest = index % pair
        return rest < columns ? (row, rest) : (row + 1, rest - columns)
    }
}

extension MapGeometry: CustomStringConvertible {
    public var description: String {
        "\(columns) x \(rows) \(grid.rawValue), step \(stepX) x \(stepY) um"
    }
}
