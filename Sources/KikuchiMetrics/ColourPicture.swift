import Foundation
import KikuchiCore
import KikuchiIO

/// An 8-bit RGB picture for the report (orientation maps and their colour key), written as PNG.
public struct ColourPicture {
    public let width: Int
    public let height: Int
    /// Red, green, blue per pixel, row-major.
    public private(set) var pixels: [UInt8]

    /// `rgb` (three samples per cell of a `width` x `height` grid, row-major), each cell drawn as a
    /// `scale` x `scale` block.
    public init(rgb: [UInt8], width: Int, height: Int, scale: Int = 1) {
        precondition(rgb.count == 3 * width * height, "three samples per cell")
        self.width = width * scale
        self.height = height * scale
        pixels = [UInt8](repeating: 0, count: 3 * self.width * self.height)
        for y in 0..<self.height {
            for x in 0..<self.width {
                let cell = (y / scale) * width + x / scale
                for c in 0..<3 { pixels[3 * (y * self.width + x) + c] = rgb[3 * cell + c] }
            }
        }
    }

    /// A map of one colour per pattern (`rgb`: three samples per pattern, in scan order) on the
    /// grid of `geometry`, each position a `scale` x `scale` block; positions without a pattern
    /// (the short rows of a hex grid) are black.
    public init(map rgb: [UInt8], geometry: MapGeometry, scale: Int) {
        var grid = [UInt8](repeating: 0, count: 3 * geometry.columns * geometry.rows)
        for index in 0..<min(rgb.count / 3, geometry.patternCount) {
            let position = geometry.position(of: index)
            let cell = position.row * geometry.columns + position.column
            for c in 0..<3 { grid[3 * cell + c] = rgb[3 * index + c] }
        }
        self.init(rgb: grid, width: geometry.columns, height: geometry.rows, scale: scale)
    }

    /// The picture scale that draws a map of `columns` at least about 240 pixels wide.
    public static func mapScale(columns: Int) -> Int { max(1, 240 / max(columns, 1)) }

    /// Writes the picture as an 8-bit RGB PNG.
    public func writePNG(to path: String) throws {
        let bytes = try pixels.withUnsafeBytes {
            try PNGCodec.encode($0, width: width, height: height, pixelType: .uint8, colour: true, file: path)
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw KikuchiError.processing(path, "cannot write the picture")
        }
    }
}
