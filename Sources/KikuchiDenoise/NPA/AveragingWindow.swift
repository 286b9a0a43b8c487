import Foundation
import KikuchiCore
import KikuchiIO

/// The averaging window of `NeighbourPatternAveraging`, as kikuchipy's `Window` defines it for
/// `EBSD.average_neighbour_patterns`.
///
/// A window of `rows` x `columns` map positions (both odd) centred on the pattern:
/// - rectangular: every weight 1;
/// - circular (kikuchipy's default): rectangular with the weights whose distance to the centre
///   exceeds the larger half-width set to 0 (a 3 x 3 window keeps the centre and its 4 edge neighbours);
/// - gaussian: `w = exp(-dx^2 / (2 sigma^2)) * exp(-dy^2 / (2 sigma^2))`, the outer product of two
///   `scipy.signal.windows.gaussian(M, sigma)` windows.
///
/// On a hex grid the same rules apply to the positions' true offsets: neighbours on odd rows sit
/// half a step to the side and rows are sqrt(3)/2 steps apart, so a 3 x 3 circular or rectangular
/// window holds the centre and its 6 nearest neighbours.
public struct AveragingWindow: Equatable, Sendable {
    public enum Kernel: String, Sendable, CaseIterable {
        case circular
        case gaussian
        case rectangular
    }

    /// One neighbour: its offset in map rows and columns, and its weight.
    struct Tap: Equatable {
        let rowOffset: Int
        let columnOffset: Int
        let weight: Float
    }

    public let kernel: Kernel
    public let columns: Int
    public let rows: Int
    /// The gaussian kernel's standard deviation in map steps.
    public let sigma: Double

    /// - Throws: `KikuchiError.badInput` for an even or non-positive size or a bad sigma.
    public init(kernel: Kernel = .circular, columns: Int = 3, rows: Int = 3, sigma: Double = 1) throws {
        guard columns > 0, rows > 0, columns % 2 == 1, rows % 2 == 1 else {
            throw KikuchiError.badInput("", "--window must be odd in both directions (3x3, 5x5, 3x5, ...), not \(columns)x\(rows)")
        }
        guard sigma.isFinite, sigma > 0 else {
            throw KikuchiError.badInput("", "the gaussian window's sigma must be a positive number of map steps, not \(sigma)")
        }
        self.kernel = kernel
        self.columns = columns
        self.rows = rows
        self.sigma = sigma
    }

    /// A window from the command line's `COLUMNSxROWS` (`--window 3x3`, `5x3`).
    /// - Throws: `KikuchiError.badInput` for anything else, or an even size.
    public init(kernel: Kernel = .circular, size: String, sigma: Double = 1) throws {
        let parts = size.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let columns = parts[0], let rows = parts[1] else {
            throw KikuchiError.badInput("", "--window must be COLUMNSxROWS, odd numbers such as 3x3 or 5x3, not '\(size)'")
        }
        try self.init(kernel: kernel, columns: columns, rows: rows, sigma: sigma)
    }

    /// Half widths: how many rows and columns the window reaches either side of its centre.
    public var rowReach: Int { rows / 2 }
    public var columnReach: Int { columns / 2 }

    /// The window's non-zero taps around a pattern on map row `row` of `geometry`.
    func taps(centreRow row: Int, in geometry: MapGeometry) -> [Tap] {
        let radius = Double(max(rowReach, columnReach))
        var taps: [Tap] = []
        for dr in -rowReach...rowReach {
            // Horizontal offset of the neighbour row's positions relative to the centre's row.
            let shift = geometry.x(row: row + dr, column: 0) - geometry.x(row: row, column: 0)
            let dy = geometry.y(rows: dr)
            let reach = columnReach + (shift == 0 ? 0 : 1)
            for dc in -reach...reach {
                let dx = Double(dc) + shift
                guard abs(dx) <= Double(columnReach) else { continue }
                let weight: Double
                switch kernel {
                case .rectangular: weight = 1
                case .circular: weight = (dx * dx + dy * dy).squareRoot() <= radius + 1e-9 ? 1 : 0
                case .gaussian: weight = exp(-dx * dx / (2 * sigma * sigma)) * exp(-dy * dy / (2 * sigma * sigma))
                }
                if weight > 0 { taps.append(Tap(rowOffset: dr, columnOffset: dc, weight: Float(weight))) }
            }
        }
        return taps
    }
}
