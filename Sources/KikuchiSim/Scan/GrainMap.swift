import Foundation
import KikuchiIO

/// Voronoi grains on a scan map: `grains` seed points placed uniformly at random on the map,
/// each with an orientation uniform on SO(3) (or given), and every map position taking the
/// orientation of its nearest seed.
///
/// Positions are in micrometres: (column x stepX, row x stepY), odd rows of a hexagonal grid
/// shifted by half a step to the right (EDAX's hexagonal grid, whose y step is sqrt(3)/2 times
/// its x step).
public struct GrainMap: Sendable {
    public let geometry: MapGeometry
    public let seeds: [SIMD2<Double>]
    public let orientations: [EulerAngles]

    public init(geometry: MapGeometry, grains: Int, seed: UInt64, orientations given: [EulerAngles]? = nil) {
        self.geometry = geometry
        var generator = SeededGenerator(seed: seed ^ 0x6752_6169_6E73)
        let count = max(grains, 1)
        seeds = (0..<count).map { _ in
            SIMD2(
                Double.random(in: -0.5..<Double(geometry.columns) - 0.5, using: &generator) * geometry.stepX,
                Double.random(in: -0.5..<Double(geometry.rows) - 0.5, using: &generator) * geometry.stepY)
        }
        orientations = given ?? (0..<count).map { _ in EulerAngles.random(using: &generator) }
    }

    /// The map position of pattern `index`, micrometres.
    public func position(of index: Int) -> SIMD2<Double> {
        let (row, column) = geometry.position(of: index)
        let shift = geometry.grid == .hex && row % 2 == 1 ? 0.5 : 0
        return SIMD2((Double(column) + shift) * geometry.stepX, Double(row) * geometry.stepY)
    }

    /// The grain (seed index) of pattern `index`: the nearest seed.
    public func grain(of index: Int) -> Int {
        let p = position(of: index)
        var best = 0, bestDistance = Double.infinity
        for (i, s) in seeds.enumerated() {
            let d = ((s - p) * (s - p)).sum()
            if d < bestDistance { bestDistance = d; best = i }
        }
        return best
    }
}
