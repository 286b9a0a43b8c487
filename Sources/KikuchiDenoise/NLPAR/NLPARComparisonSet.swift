/// The compared pixels of a run of patterns, gathered once so that each pair distance is a
/// contiguous loop, with per-pixel validity for the patterns that hold saturated pixels.
struct NLPARComparisonSet {
    let pixels: NLPARPixels
    let count: Int
    /// count x pixels.count compared values.
    private var values: [Float]
    /// For a pattern with a compared pixel at or above the saturation threshold: 1 where the pixel
    /// is below it, 0 where it is not; nil for the other patterns.
    private var validity: [[Float]?]
    /// Ones, standing in for the validity of a pattern without saturated pixels.
    private let allValid: [Float]

    /// - Parameters:
    ///   - patterns: `count` patterns of `pixelsPerPattern` floats each.
    ///   - saturation: pixels at or above this are left out of comparisons; nil compares every pixel.
    init(_ patterns: UnsafeBufferPointer<Float>, count: Int, pixelsPerPattern: Int, pixels: NLPARPixels, saturation: Float?) {
        var storage: [Float] = []
        self.init(patterns, count: count, pixelsPerPattern: pixelsPerPattern, pixels: pixels, saturation: saturation, reusing: &storage)
    }

    /// The same, taking over `storage`'s array (left empty) when it is large enough; `storage`
    /// hands it back for the next set.
    init(
        _ patterns: UnsafeBufferPointer<Float>, count: Int, pixelsPerPattern: Int, pixels: NLPARPixels, saturation: Float?,
        reusing storage: inout [Float]
    ) {
        self.pixels = pixels
        self.count = count
        let m = pixels.count
        var values: [Float] = []
        swap(&values, &storage)
        if values.count < count * m { values = [Float](repeating: 0, count: count * m) }
        var validity = [[Float]?](repeating: nil, count: count)
        values.withUnsafeMutableBufferPointer { target in
            for i in 0..<count {
                let row = target.baseAddress! + i * m
                pixels.gather(patterns.baseAddress! + i * pixelsPerPattern, into: row)
                if let saturation, (0..<m).contains(where: { row[$0] >= saturation }) {
                    validity[i] = (0..<m).map { row[$0] < saturation ? 1 : 0 }
                }
            }
        }
        self.values = values
        self.validity = validity
        allValid = [Float](repeating: 1, count: m)
    }

    /// The gathered values' array, for the next set to reuse.
    var storage: [Float] { values }

    /// The squared distance between patterns `i` and `j` over their commonly valid compared pixels,
    /// and the number of those pixels.
    func distance(_ i: Int, _ j: Int) -> (distance: Float, pixels: Float) {
        let m = pixels.count
        return values.withUnsafeBufferPointer { v in
            let a = v.baseAddress! + i * m, b = v.baseAddress! + j * m
            guard validity[i] != nil || validity[j] != nil else {
                return (NLPARPixels.squaredDistance(a, b, count: m), Float(m))
            }
            return (validity[i] ?? allValid).withUnsafeBufferPointer { va in
                (validity[j] ?? allValid).withUnsafeBufferPointer { vb in
                    NLPARPixels.squaredDistance(a, b, validA: va.baseAddress!, validB: vb.baseAddress!, count: m)
                }
            }
        }
    }
}
