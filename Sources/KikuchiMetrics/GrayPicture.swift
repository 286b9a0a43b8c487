import Foundation
import KikuchiCore
import KikuchiIO

/// An 8-bit gray picture for the report: tiles of patterns, metric maps, written as PNG.
public struct GrayPicture {
    public let width: Int
    public let height: Int
    public private(set) var pixels: [UInt8]

    /// A picture of `width` x `height` filled with `gray`.
    public init(width: Int, height: Int, gray: UInt8 = 255) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: gray, count: width * height)
    }

    /// `values` (row-major, `width` x `height`) mapped linearly from `range` onto 0...255, each
    /// value drawn as a `scale` x `scale` block; NaN (no value) is drawn black.
    public init(values: [Double], width: Int, height: Int, range: ClosedRange<Double>? = nil, scale: Int = 1) {
        let finite = values.filter(\.isFinite)
        let low = range?.lowerBound ?? finite.min() ?? 0, high = range?.upperBound ?? finite.max() ?? 1
        self.init(width: width * scale, height: height * scale, gray: 0)
        for y in 0..<height * scale {
            for x in 0..<width * scale {
                let value = values[(y / scale) * width + x / scale]
                guard value.isFinite else { continue }
                let unit = high > low ? (value - low) / (high - low) : 0.5
                pixels[y * self.width + x] = UInt8(max(0, min(255, (unit * 255).rounded())))
            }
        }
    }

    /// Copies `tile` with its top-left corner at (`x`, `y`).
    public mutating func place(_ tile: GrayPicture, x: Int, y: Int) {
        for row in 0..<tile.height where y + row < height {
            for column in 0..<tile.width where x + column < width {
                pixels[(y + row) * width + x + column] = tile.pixels[row * tile.width + column]
            }
        }
    }

    /// Writes the picture as an 8-bit gray PNG.
    public func writePNG(to path: String) throws {
        let bytes = try pixels.withUnsafeBytes {
            try PNGCodec.encode($0, width: width, height: height, pixelType: .uint8, file: path)
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw KikuchiError.processing(path, "cannot write the picture")
        }
    }
}
