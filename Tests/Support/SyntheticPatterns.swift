import KikuchiIO

/// Deterministic pattern-like test data: a smooth background, a few bright bands and noise from
/// a fixed linear congruential generator, so tests are repeatable without stored files.
public enum SyntheticPatterns {
    public static func batch(width: Int, height: Int, count: Int, pixelType: PixelType, seed: UInt64 = 1) -> PatternBatch {
        var batch = PatternBatch(width: width, height: height, pixelType: pixelType, count: count)
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        let top = pixelType == .float32 ? 1 : Float(pixelType == .uint8 ? 250 : 4000)
        for index in 0..<count {
            var values = [Float](repeating: 0, count: width * height)
            let shift = Float(index % 7) / 7
            for y in 0..<height {
                for x in 0..<width {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    let noise = Float(state >> 40) / Float(1 << 24)
                    let u = Float(x) / Float(max(width - 1, 1)), v = Float(y) / Float(max(height - 1, 1))
                    let background = 0.35 + 0.3 * (1 - ((u - 0.5) * (u - 0.5) + (v - 0.4) * (v - 0.4)))
                    let band = abs(u - v - shift + 0.5) < 0.06 || abs(u + v - 1 + shift * 0.5) < 0.04 ? 0.2 : 0
                    values[y * width + x] = min(max((background + Float(band)) * 0.9 + 0.1 * noise, 0), 1) * top
                }
            }
            batch.setPattern(index, from: values)
        }
        return batch
    }

    /// Writes `batch` as a scan at `path` with `geometry`, through kikuchi's own writer.
    public static func write(
        _ batch: PatternBatch, to path: String, geometry: MapGeometry? = nil,
        details: [String: String] = [:]
    ) throws {
        let scan = ScanDescription(
            width: batch.width, height: batch.height, count: batch.count,
            pixelType: batch.pixelType, geometry: geometry, details: details)
        let writer = try ScanIO.createWriter(path, scan: scan)
        try writer.write(batch, at: 0)
        try writer.finish()
    }
}
