import Foundation
import KikuchiIO

/// The average neighbour dot product map, as kikuchipy's
/// `get_average_neighbour_dot_product_map()` with its defaults (the circular 3 x 3 window, i.e. the
/// four nearest map neighbours; zero mean; normalised): each pattern and each of those neighbours
/// inside the map are centred and scaled to unit length, and the pattern's value is the mean of their dot
/// products. Denoising that keeps a grain's patterns alike raises it; noise lowers it.
///
/// Streams the scan by map rows, keeping three rows of normalised patterns in memory.
public enum NeighbourDotProducts {
    /// One value per pattern, in scan order.
    public static func map(of reader: PatternReader) throws -> [Double] {
        let scan = reader.scan
        let geometry = scan.geometry
        var positions: [Int: Int] = [:]  // row * columns + column -> index
        var starts: [Int] = []  // first index of each map row
        var index = 0
        for row in 0..<geometry.rows {
            starts.append(index)
            for column in 0..<geometry.patternsInRow(row) {
                positions[row * geometry.columns + column] = index
                index += 1
            }
        }
        guard index == scan.count else {
            // Files without a map: a single row.
            return try map(of: reader, columns: scan.count)
        }
        return try average(reader, rows: geometry.rows, columns: geometry.columns, starts: starts + [scan.count], positions: positions)
    }

    private static func map(of reader: PatternReader, columns: Int) throws -> [Double] {
        var positions: [Int: Int] = [:]
        for index in 0..<columns { positions[index] = index }
        return try average(reader, rows: 1, columns: columns, starts: [0, columns], positions: positions)
    }

    private static func average(
        _ reader: PatternReader, rows: Int, columns: Int, starts: [Int],
        positions: [Int: Int]
    ) throws -> [Double] {
        var result = [Double](repeating: .nan, count: reader.scan.count)
        var cache: [Int: [Double]] = [:]  // index -> normalised pattern, for rows r - 1 ... r + 1
        for row in 0..<rows {
            for needed in max(0, row - 1)...min(rows - 1, row + 1) where cache[starts[needed]] == nil && starts[needed] < starts[needed + 1] {
                let batch = try reader.read(starts[needed]..<starts[needed + 1])
                for offset in 0..<batch.count { cache[starts[needed] + offset] = normalized(batch.floats(of: offset)) }
            }
            if row >= 2 {
                for old in starts[row - 2]..<starts[row - 1] { cache[old] = nil }
            }
            for column in 0..<columns {
                guard let centre = positions[row * columns + column], let pattern = cache[centre] else { continue }
                var sum = 0.0, count = 0
                for (dy, dx) in [(-1, 0), (0, -1), (0, 1), (1, 0)] {
                    let y = row + dy, x = column + dx
                    guard y >= 0, y < rows, x >= 0, x < columns,
                        let neighbour = positions[y * columns + x], let other = cache[neighbour]
                    else { continue }
                    sum += zip(pattern, other).reduce(0) { $0 + $1.0 * $1.1 }
                    count += 1
                }
                result[centre] = count > 0 ? sum / Double(count) : .nan
            }
        }
        return result
    }

    /// Centred and scaled to unit length.
    static func normalized(_ values: [Float]) -> [Double] {
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(max(values.count, 1))
        let centred = values.map { Double($0) - mean }
        let length = centred.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return length > 0 ? centred.map { $0 / length } : centred
    }
}
