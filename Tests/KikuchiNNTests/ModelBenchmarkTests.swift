import XCTest

@testable import KikuchiNN

/// `kikuchi bench --layers`: every computed layer timed, and each convolution's operations the
/// direct algorithm's count.
final class ModelBenchmarkTests: XCTestCase {
    func testLayerTimesCountEachConvolutionsOperations() throws {
        let model = try EBSDUNet.make(inputSize: 32, inputChannels: EBSDUNet.neighbourInputChannels, outputActivation: .linear)
        let times = try ModelBenchmark.layers(model, patterns: 2)
        let byName = Dictionary(uniqueKeysWithValues: times.map { ($0.name, $0) })
        // The first convolution: 32 x 32 outputs, 3 x 3 x 10 inputs each, 16 filters.
        XCTAssertEqual(byName["conv2d"]?.operationsPerPattern, 2 * 32 * 32 * 3 * 3 * 10 * 16)
        // The bottom's second convolution at 2 x 2, 256 -> 256.
        XCTAssertEqual(byName["conv2d_9"]?.operationsPerPattern, 2 * 2 * 2 * 3 * 3 * 256 * 256)
        // The first transpose convolution: 2 x 2 inputs, each spread by a 2 x 2 x 128 x 256 kernel.
        XCTAssertEqual(byName["conv2d_transpose"]?.operationsPerPattern, 2 * 2 * 2 * 2 * 2 * 128 * 256)
        XCTAssertEqual(byName["concatenate"]?.operationsPerPattern, 0)
        // Every convolution is timed, and only convolutions count operations.
        let convolutions = model.layers.filter { $0 is Conv2D || $0 is Conv2DTranspose }.map(\.name)
        XCTAssertEqual(Set(times.filter { $0.operationsPerPattern > 0 }.map(\.name)), Set(convolutions))
        XCTAssertTrue(times.allSatisfy { $0.secondsPerPattern > 0 })
        XCTAssertGreaterThan(ModelBenchmark.gemmRate(size: 128), 0)
    }
}
