import Foundation
import KikuchiImage
import KikuchiTestSupport

/// The manifest and files written by Tests/Fixtures/imageops/make_fixtures.py.
struct ImageFixtures: Decodable {
    struct ResizeCase: Decodable {
        let input: String
        let dtype: String
        let width: Int
        let height: Int
        let interpolation: String
        let expected: String
        let rows: [Int]?
        let tolerance: Double
    }

    struct ClaheCase: Decodable {
        let input: String
        let dtype: String
        let clipLimit: Double
        let tiles: Int
        let expected: String
        let rows: [Int]?
        let tolerance: Double
    }

    struct GaussianCase: Decodable {
        let input: String
        let sigma: Double
        let expected: String
        let rows: [Int]?
        let tolerance: Double
    }

    struct ScalingCase: Decodable {
        let input: String
        let kind: String
        let expected: String
        let tolerance: Double
        let percentiles: [Double]?
        let percentileValues: [Double]?
    }

    let inputs: [String: String]
    let resize: [ResizeCase]
    let clahe: [ClaheCase]
    let gaussian: [GaussianCase]
    let scaling: [ScalingCase]

    static func load() throws -> ImageFixtures {
        let data = try Data(contentsOf: TestPaths.fixture("imageops/manifest.json"))
        return try JSONDecoder().decode(ImageFixtures.self, from: data)
    }

    static func array(_ file: String) throws -> NpyArray {
        try NpyArray(contentsOf: TestPaths.fixture("imageops/\(file)"))
    }

    /// The stored 8-bit input.
    func input8(_ name: String) throws -> Image<UInt8> {
        let array = try Self.array(inputs[name]!)
        return try Image(width: array.shape[1], height: array.shape[0], pixels: array.uint8Values)
    }

    /// u16[y, x] = u8[y, x] * 256 + ((37 x + 91 y) & 255), as the generator derives it.
    func input16(_ name: String) throws -> Image<UInt16> {
        let narrow = try input8(name)
        var pixels = [UInt16](repeating: 0, count: narrow.pixels.count)
        for y in 0..<narrow.height {
            for x in 0..<narrow.width {
                pixels[y * narrow.width + x] = UInt16(narrow[x, y]) * 256 + UInt16((37 * x + 91 * y) & 255)
            }
        }
        return try Image(width: narrow.width, height: narrow.height, pixels: pixels)
    }

    /// f32 = Float(u16) / 65535, as the generator derives it.
    func inputFloat(_ name: String) throws -> Image<Float> {
        let wide = try input16(name)
        return try Image(width: wide.width, height: wide.height, pixels: wide.pixels.map { Float($0) / 65535 })
    }
}

/// The largest |ours - expected| over the rows an expected file keeps (`rows` nil: all of them), with
/// the position where it occurs, for failure messages.
struct Comparison {
    var maximum: Double = 0
    var at: (x: Int, y: Int) = (0, 0)
    var differing = 0

    init(_ ours: [Double], width: Int, expected: [Double], rows: [Int]?) {
        let keptRows = rows ?? Array(0..<ours.count / width)
        precondition(expected.count == keptRows.count * width, "expected data does not match the kept rows")
        for (k, y) in keptRows.enumerated() {
            for x in 0..<width {
                let difference = abs(ours[y * width + x] - expected[k * width + x])
                if difference > 0 { differing += 1 }
                if difference > maximum { maximum = difference; at = (x, y) }
            }
        }
    }
}
