import KikuchiIO
import KikuchiNN

/// The input of a neighbour network for one pattern: its 3 x 3 map neighbourhood of raw patterns
/// and the averaging's output of it, as `channels` channels of one NHWC sample.
///
/// Channel 3 (dr + 1) + (dc + 1) is the raw pattern at map offset (dr, dc), dr the row and dc the
/// column, each from -1 to 1 (channel 4 is the pattern itself); a neighbour outside the map (or
/// past the patterns read) is replaced by the pattern itself. Channel 9 is NLPAR's output. Every
/// channel is standardised on its own: (x - mean) / (deviation + 1e-6), the population deviation,
/// so the network sees shapes, not doses. On hex maps the offsets are in rows and row positions.
public enum NeighbourStack {
    /// Channels of the input: 9 raw patterns and the averaging's output.
    public static let channels = EBSDUNet.neighbourInputChannels

    /// The scan indices of the 3 x 3 neighbourhood of pattern `index`, in channel order.
    public static func neighbourhood(of index: Int, geometry: MapGeometry, count: Int) -> [Int] {
        let (row, column) = geometry.position(of: index)
        var indices: [Int] = []
        for dr in -1...1 {
            for dc in -1...1 {
                indices.append(geometry.index(row: row + dr, column: column + dc, count: count) ?? index)
            }
        }
        return indices
    }

    /// The mean and population deviation of `pattern`, summed in double precision.
    public static func moments(_ pattern: [Float]) -> (mean: Double, deviation: Double) {
        let n = Double(max(pattern.count, 1))
        let mean = pattern.reduce(0.0) { $0 + Double($1) } / n
        let variance = pattern.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
        return (mean, variance.squareRoot())
    }

    /// `pattern` standardised: (x - mean) / (population deviation + 1e-6).
    public static func standardised(_ pattern: [Float]) -> [Float] {
        let (mean, deviation) = moments(pattern)
        let scale = 1 / (deviation + 1e-6)
        return pattern.map { Float((Double($0) - mean) * scale) }
    }

    /// The interleaved height x width x 10 sample of the nine `raw` patterns (channel order) and
    /// `averaged`, all of `pixels` values.
    public static func sample(raw: [[Float]], averaged: [Float]) -> [Float] {
        precondition(raw.count == channels - 1, "nine raw patterns")
        let planes = (raw + [averaged]).map(standardised)
        let pixels = averaged.count
        var sample = [Float](repeating: 0, count: pixels * channels)
        for (channel, plane) in planes.enumerated() {
            precondition(plane.count == pixels, "patterns of one size")
            for p in 0..<pixels { sample[p * channels + channel] = plane[p] }
        }
        return sample
    }
}
