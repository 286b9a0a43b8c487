import ArgumentParser
import KikuchiIO

/// Options that set or override the map geometry written to the output header.
struct GeometryOptions: ParsableArguments {
    @Option(help: "Map columns (with --rows).") var columns: Int?
    @Option(help: "Map rows (with --columns).") var rows: Int?
    @Option(help: "Step between columns, micrometres.") var stepX: Double?
    @Option(help: "Step between rows, micrometres.") var stepY: Double?
    @Flag(help: "Hexagonal grid (odd rows hold columns - 1 patterns).") var hex = false

    func validate() throws {
        if (columns == nil) != (rows == nil) { throw ValidationError("--columns and --rows go together") }
        if let columns, let rows, columns <= 0 || rows <= 0 { throw ValidationError("--columns and --rows must be positive") }
    }

    /// The geometry to write: `base` with whatever was given replacing its parts; nil when
    /// nothing was given.
    func geometry(replacing base: MapGeometry) -> MapGeometry? {
        guard columns != nil || stepX != nil || stepY != nil || hex else { return nil }
        var geometry = base
        if let columns, let rows {
            geometry = MapGeometry(columns: columns, rows: rows, stepX: base.stepX, stepY: base.stepY)
        }
        geometry.stepX = stepX ?? geometry.stepX
        geometry.stepY = stepY ?? geometry.stepY
        if hex { geometry.grid = .hex }
        return geometry
    }
}
