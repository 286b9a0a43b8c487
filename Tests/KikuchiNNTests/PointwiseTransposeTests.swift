import KikuchiNN
import XCTest

/// The 1x1 Conv2DTranspose path (one GEMM per input row into every stride-th output pixel, the
/// rest act(bias)) against the layer's defining scatter, y[i * s - P] += x[i] W, written out here
/// for strides, paddings and output paddings the Keras golden file has no 1x1 case for.
final class PointwiseTransposeTests: XCTestCase {
    func testPointwiseTransposeMatchesTheScatter() throws {
        let cases: [(strides: (Int, Int), padding: PaddingMode, outputPadding: (Int, Int)?)] = [
            ((2, 2), .same, nil), ((3, 2), .valid, nil), ((2, 2), .same, (1, 1)), ((2, 3), .same, (0, 2)), ((1, 1), .valid, nil)
        ]
        for item in cases {
            let layer = Conv2DTranspose(
                name: "up", filters: 5, kernelSize: (1, 1), strides: item.strides, padding: item.padding,
                outputPadding: item.outputPadding, activation: .relu)
            let shape = try layer.build(inputs: [FeatureShape(height: 4, width: 5, channels: 3)])
            layer.kernel.values = (0..<15).map { Float($0 % 7) / 7 - 0.4 }
            layer.bias!.values = [0.1, -0.2, 0.3, 0, -0.05]
            let input = Tensor(shape: [2, 4, 5, 3], storage: (0..<120).map { Float(($0 * 37) % 11) / 11 - 0.3 })
            let output = layer.forward([input], workspace: Workspace())
            let height = shape.height!, width = shape.width!
            XCTAssertEqual(output.shape, [2, height, width, 5])

            var expected = Tensor(shape: [2, height, width, 5])
            // TensorFlow's placement: P = floor(max((in - 1) * s + k - out, 0) / 2), 0 for `valid`.
            let top = item.padding == .valid ? 0 : max(3 * item.strides.0 + 1 - height, 0) / 2
            let left = item.padding == .valid ? 0 : max(4 * item.strides.1 + 1 - width, 0) / 2
            for n in 0..<2 {
                for y in 0..<height { for x in 0..<width { for f in 0..<5 { expected[n, y, x, f] = layer.bias!.values[f] } } }
                for i in 0..<4 {
                    for j in 0..<5 {
                        let y = i * item.strides.0 - top, x = j * item.strides.1 - left
                        guard y >= 0, y < height, x >= 0, x < width else { continue }
                        for f in 0..<5 { for c in 0..<3 { expected[n, y, x, f] += input[n, i, j, c] * layer.kernel.values[f * 3 + c] } }
                    }
                }
            }
            expected.storage = expected.storage.map { max($0, 0) }
            XCTAssertLessThanOrEqual(output.maximumAbsoluteDifference(from: expected), 1e-6, "\(item)")
        }
    }
}
