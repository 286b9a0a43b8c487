import XCTest

@testable import KikuchiNN

/// Conv2D followed by MaxPooling2D run as one pass (bands of convolution rows pooled at once)
/// gives what the two layers give one after the other, for both convolution paths.
final class FusedPoolingTests: XCTestCase {
    private func randomValues(_ count: Int, seed: UInt64, scale: Float) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return (Float((state &* 2_685_821_657_736_338_717) >> 40) / Float(1 << 24) - 0.5) * 2 * scale
        }
    }

    private func convolution(kernel: Int, padding: PaddingMode, channels: Int, filters: Int, height: Int, width: Int) throws -> (Conv2D, Tensor) {
        let layer = Conv2D(name: "conv", filters: filters, kernelSize: (kernel, kernel), padding: padding, activation: .relu)
        _ = try layer.build(inputs: [FeatureShape(height: height, width: width, channels: channels)])
        layer.kernel.values = randomValues(layer.kernel.values.count, seed: UInt64(kernel * 100 + channels), scale: 0.2)
        layer.bias!.values = randomValues(filters, seed: 5, scale: 0.1)
        let input = Tensor(shape: [2, height, width, channels], storage: randomValues(2 * height * width * channels, seed: 9, scale: 1))
        return (layer, input)
    }

    func testFusedPoolingEqualsConvolutionThenPooling() throws {
        let cases: [(kernel: Int, padding: PaddingMode, channels: Int, filters: Int, height: Int, width: Int)] = [
            (3, .same, 32, 24, 13, 15), (5, .same, 16, 16, 59, 61), (5, .valid, 16, 20, 17, 12),
            (1, .same, 3, 8, 9, 7), (3, .same, 2, 1, 11, 10)
        ]
        let pools = [
            PoolingWindow(size: (2, 2), padding: .same), PoolingWindow(size: (2, 2), padding: .valid),
            PoolingWindow(size: (3, 3), padding: .valid)
        ]
        for item in cases {
            let (layer, input) = try convolution(
                kernel: item.kernel, padding: item.padding, channels: item.channels,
                filters: item.filters, height: item.height, width: item.width)
            for algorithm in [ConvolutionAlgorithm.automatic, .im2col] {
                layer.algorithm = algorithm
                for window in pools {
                    let what = "\(item) \(algorithm) pool \(window.size) \(window.padding)"
                    let separate = MaxPooling2D(name: "pool", window: window).forward([layer.forward([input], workspace: Workspace())], workspace: Workspace())
                    let fused = try XCTUnwrap(layer.forward(input, maxPooledBy: window, workspace: Workspace()), what)
                    XCTAssertEqual(fused.shape, separate.shape, what)
                    XCTAssertLessThanOrEqual(fused.maximumAbsoluteDifference(from: separate), 1e-5, what)
                }
            }
        }
    }

    /// Overlapping windows, or windows that begin in padding, are left to the two layers.
    func testWindowsThatCannotBeFusedAreRefused() throws {
        let (layer, input) = try convolution(kernel: 3, padding: .same, channels: 4, filters: 4, height: 10, width: 10)
        XCTAssertNil(layer.forward(input, maxPooledBy: PoolingWindow(size: (3, 3), strides: (2, 2)), workspace: Workspace()))
        XCTAssertNil(layer.forward(input, maxPooledBy: PoolingWindow(size: (3, 3), padding: .same), workspace: Workspace()))
    }
}
