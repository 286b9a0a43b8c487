import Foundation
import KikuchiIO

/// A grain map of sketched Kikuchi patterns with shot noise: the built-in data of `kikuchi demo`
/// until the kinematical simulator lands.
///
/// Grains are the Voronoi cells of `grains` random seed points on the map, each with a random
/// orientation; a pattern's expected counts are `dose` x its noise-free intensity, and the
/// stored value is a Poisson sample of that (uint16).
public struct SketchScan {
    public var geometry: MapGeometry
    public var width: Int
    public var height: Int
    public var grains: Int
    /// Mean counts per pixel; nil for noise-free patterns.
    public var dose: Double?
    public var seed: UInt64

    public init(geometry: MapGeometry, width: Int, height: Int, grains: Int, dose: Double?, seed: UInt64 = 1) {
        self.geometry = geometry
        self.width = width
        self.height = height
        self.grains = grains
        self.dose = dose
        self.seed = seed
    }

    public var scan: ScanDescription {
        ScanDescription(width: width, height: height, count: geometry.patternCount, pixelType: .uint16, geometry: geometry)
    }

    /// Seed points (column, row) and Euler angles of each grain.
    private func grainTable() -> [(x: Double, y: Double, rotation: [[Double]])] {
        var generator = SeededGenerator(seed: seed)
        return (0..<max(grains, 1)).map { _ in
            let x = Double.random(in: 0..<Double(geometry.columns), using: &generator)
            let y = Double.random(in: 0..<Double(geometry.rows), using: &generator)
            let phi1 = Double.random(in: 0..<(2 * .pi), using: &generator)
            let Phi = acos(Double.random(in: -1...1, using: &generator))
            let phi2 = Double.random(in: 0..<(2 * .pi), using: &generator)
            return (x, y, BandPatternSketch.rotation(phi1: phi1, Phi: Phi, phi2: phi2))
        }
    }

    /// Patterns `range` of the scan, at full intensity scale 0..4000 without noise.
    public func patterns(_ range: Range<Int>) -> PatternBatch {
        let table = grainTable()
        let sketch = BandPatternSketch(width: width, height: height)
        var cache: [Int: [Float]] = [:]
        var batch = PatternBatch(width: width, height: height, pixelType: .uint16, count: range.count)
        for (offset, index) in range.enumerated() {
            let (row, column) = geometry.position(of: index)
            let grain = table.indices.min { a, b in
                hypot(table[a].x - Double(column), table[a].y - Double(row)) < hypot(table[b].x - Double(column), table[b].y - Double(row))
            }!
            let clean = cache[grain] ?? sketch.pattern(rotation: table[grain].rotation)
            cache[grain] = clean
            var values: [Float]
            if let dose {
                var generator = SeededGenerator(seed: seed &+ 0x1000 &+ UInt64(index))
                values = clean.map { Float(generator.poisson(mean: dose * Double($0))) }
            } else {
                values = clean.map { $0 * 4000 }
            }
            batch.setPattern(offset, from: values)
        }
        return batch
    }
}
