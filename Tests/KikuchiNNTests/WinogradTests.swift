import XCTest

@testable import KikuchiNN

/// Winograd convolution: the derived transforms against direct correlation and Lavin & Gray's
/// published F(4x4, 3x3) matrix, the Winograd path against im2col on random layers, and the
/// published autoencoder against Keras with Winograd on.
final class WinogradTests: XCTestCase {
    /// A reproducible uniform source (xorshift64*).
    private struct Numbers {
        var state: UInt64
        mutating func next(_ range: ClosedRange<Float>) -> Float {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            let unit = Float((state &* 2_685_821_657_736_338_717) >> 40) / Float(1 << 24)
            return range.lowerBound + unit * (range.upperBound - range.lowerBound)
        }
    }

    /// y = A^T [(G g) ⊙ (B^T d)] is the correlation y[i] = sum over k of d[i + k] g[k], in double.
    func testTransformsComputeTheCorrelation() {
        var numbers = Numbers(state: 7)
        for transform in [WinogradTransform.f4x3, .f6x3, .f4x5] {
            let m = transform.outputTile, r = transform.kernel, alpha = transform.inputTile
            let d = (0..<alpha).map { _ in Double(numbers.next(-1...1)) }
            let g = (0..<r).map { _ in Double(numbers.next(-1...1)) }
            let transformedKernel = (0..<alpha).map { i in (0..<r).reduce(0.0) { $0 + transform.kernelTransform[i * r + $1] * g[$1] } }
            let transformedData = (0..<alpha).map { i in (0..<alpha).reduce(0.0) { $0 + transform.inputTransform[i * alpha + $1] * d[$1] } }
            for i in 0..<m {
                let winograd = (0..<alpha).reduce(0.0) { $0 + transform.outputTransform[i * alpha + $1] * transformedKernel[$1] * transformedData[$1] }
                let direct = (0..<r).reduce(0.0) { $0 + d[i + $1] * g[$1] }
                XCTAssertEqual(winograd, direct, accuracy: 1e-12, "F(\(m), \(r)) output \(i)")
            }
        }
    }

    /// F(4x4, 3x3) on 0, ±1, ±2 gives the B^T and A^T printed in Lavin & Gray (2015), section 4.2.
    func testF4x3MatchesThePublishedMatrices() {
        let transform = WinogradTransform.f4x3
        XCTAssertEqual(
            transform.inputTransform,
            [
                4, 0, -5, 0, 1, 0,
                0, -4, -4, 1, 1, 0,
                0, 4, -4, -1, 1, 0,
                0, -2, -1, 2, 1, 0,
                0, 2, -1, -2, 1, 0,
                0, 4, 0, -5, 0, 1
            ])
        XCTAssertEqual(
            transform.outputTransform,
            [
                1, 1, 1, 1, 1, 0,
                0, 1, -1, 2, -2, 0,
                0, 1, 1, 4, 4, 0,
                0, 1, -1, 8, -8, 1
            ])
        XCTAssertEqual(transform.kernelTransform[0..<3], [1.0 / 4, 0, 0])
    }

    /// A layer with random weights of Glorot's scale on [0, 1] inputs, run by both paths.
    private func compare(
        kernel: Int, padding: PaddingMode, height: Int, width: Int, channels: Int, filters: Int,
        seed: UInt64, file: StaticString = #filePath, line: UInt = #line
    ) throws -> Float {
        let layer = Conv2D(name: "conv", filters: filters, kernelSize: (kernel, kernel), padding: padding)
        _ = try layer.build(inputs: [FeatureShape(height: height, width: width, channels: channels)])
        var numbers = Numbers(state: seed)
        let limit = (6 / Float(kernel * kernel * (channels + filters))).squareRoot()
        layer.kernel.values = layer.kernel.values.map { _ in numbers.next(-limit...limit) }
        layer.bias!.values = layer.bias!.values.map { _ in numbers.next(-0.1...0.1) }
        let input = Tensor(shape: [2, height, width, channels], storage: (0..<2 * height * width * channels).map { _ in numbers.next(0...1) })
        layer.algorithm = .winograd
        XCTAssertNotNil(layer.winogradTransform(inChannels: channels), file: file, line: line)
        let winograd = layer.forward([input], workspace: Workspace())
        layer.algorithm = .im2col
        let direct = layer.forward([input], workspace: Workspace())
        XCTAssertEqual(winograd.shape, direct.shape, file: file, line: line)
        let difference = winograd.maximumAbsoluteDifference(from: direct)
        XCTAssertLessThanOrEqual(difference, 1e-4, "\(kernel)x\(kernel) \(padding) \(height)x\(width) \(channels)->\(filters)", file: file, line: line)
        return difference
    }

    /// 3x3 and 5x5, `same` and `valid`, odd and even sizes (some smaller than one tile, some
    /// ending in a partial tile), 1 to 64 channels: Winograd equals im2col within 1e-4.
    func testWinogradMatchesIm2col() throws {
        var largest: Float = 0
        var seed: UInt64 = 1
        for kernel in [3, 5] {
            for padding in [PaddingMode.same, .valid] {
                for (height, width) in [(7, 7), (12, 10), (13, 17), (5, 6), (24, 23)] {
                    for (channels, filters) in [(1, 2), (3, 17), (16, 16), (64, 32)] {
                        if padding == .valid && (height < kernel || width < kernel) { continue }
                        seed += 1
                        largest = max(
                            largest,
                            try compare(
                                kernel: kernel, padding: padding, height: height, width: width,
                                channels: channels, filters: filters, seed: seed))
                    }
                }
            }
        }
        print("Winograd vs im2col, random layers: largest difference \(largest)")
    }

    /// The autoencoder's two Winograd layers at full width (64 -> 128 at 3x3, 128 -> 128 at
    /// 5x5) on an image large enough to need several bands of tile rows.
    func testWinogradMatchesIm2colAcrossBands() throws {
        let threeByThree = try compare(kernel: 3, padding: .same, height: 70, width: 66, channels: 64, filters: 128, seed: 91)
        let fiveByFive = try compare(kernel: 5, padding: .same, height: 59, width: 61, channels: 128, filters: 128, seed: 92)
        print("Winograd vs im2col, several bands: 3x3 \(threeByThree), 5x5 \(fiveByFive)")
    }

    /// Changing the weights after a forward pass invalidates the transformed kernel.
    func testNewWeightsReplaceTheTransformedKernel() throws {
        let layer = Conv2D(name: "conv", filters: 16, kernelSize: (3, 3), padding: .same)
        layer.algorithm = .winograd
        _ = try layer.build(inputs: [FeatureShape(height: 9, width: 9, channels: 16)])
        let input = Tensor(shape: [1, 9, 9, 16], repeating: 1)
        layer.kernel.values = [Float](repeating: 0.01, count: layer.kernel.values.count)
        XCTAssertNotNil(layer.winogradTransform(inChannels: 16))
        let before = layer.forward([input], workspace: Workspace())
        layer.kernel.values[0] = 1
        let after = layer.forward([input], workspace: Workspace())
        layer.algorithm = .im2col
        let direct = layer.forward([input], workspace: Workspace())
        XCTAssertLessThanOrEqual(after.maximumAbsoluteDifference(from: direct), 1e-5)
        XCTAssertGreaterThan(after.maximumAbsoluteDifference(from: before), 0.5)
    }

    /// Automatic choice: Winograd for stride 1, 3x3 or 5x5 and 64+ channels each side only.
    func testAutomaticChoice() {
        func transform(_ kernel: (Int, Int), strides: (Int, Int) = (1, 1), filters: Int = 64, channels: Int = 64) -> WinogradTransform? {
            Conv2D(name: "c", filters: filters, kernelSize: kernel, strides: strides).winogradTransform(inChannels: channels)
        }
        XCTAssertEqual(transform((3, 3)), .f6x3)
        XCTAssertEqual(transform((5, 5)), .f4x5)
        XCTAssertNil(transform((3, 3), strides: (2, 2)))
        XCTAssertNil(transform((1, 1)))
        XCTAssertNil(transform((3, 5)))
        XCTAssertNil(transform((3, 3), channels: 32))
        XCTAssertNil(transform((3, 3), filters: 32))
        XCTAssertNil(transform((3, 3), filters: 1))
    }

    /// The published autoencoder runs its 3x3 and 5x5 layers by Winograd and still matches Keras
    /// within 1e-4; it differs from the im2col path by much less.
    func testPublishedAutoencoderWithWinogradMatchesKeras() throws {
        let model = try KerasModelFile.load(KerasFixtures.path("autoencoder_keras3.h5"))
        let (input, expected) = try KerasFixtures.inputOutput("autoencoder_io.h5")
        let convolutions = model.layers.compactMap { $0 as? Conv2D }
        let shapes = model.outputShapes
        let winogradLayers = model.layers.indices.filter { index in
            guard let layer = model.layers[index] as? Conv2D else { return false }
            return layer.winogradTransform(inChannels: shapes[model.inbound[index][0]].channels) != nil
        }
        XCTAssertEqual(winogradLayers.map { model.layers[$0].name }, ["conv2d_1", "conv2d_2"])
        let winograd = try model.predict(input, threads: 2)
        KerasFixtures.assertMatchesKeras(winograd, expected, "autoencoder with Winograd")
        for layer in convolutions { layer.algorithm = .im2col }
        let direct = try model.predict(input, threads: 2)
        KerasFixtures.assertMatchesKeras(direct, expected, "autoencoder with im2col")
        print(
            "autoencoder: Winograd vs Keras \(winograd.maximumAbsoluteDifference(from: expected)), "
                + "im2col vs Keras \(direct.maximumAbsoluteDifference(from: expected)), "
                + "Winograd vs im2col \(winograd.maximumAbsoluteDifference(from: direct))")
    }
}
