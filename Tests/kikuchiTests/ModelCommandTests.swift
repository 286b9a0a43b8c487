import Foundation
import KikuchiIO
import KikuchiNN
import KikuchiTestSupport
import KikuchiWorkflows
import XCTest

/// `kikuchi info MODEL`, `model predict` and `model convert` on the Keras fixtures
/// (Tests/Fixtures/keras/make_fixtures.py); the numbers themselves are checked against Keras in
/// KikuchiNNTests.
final class ModelCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("model") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func fixture(_ name: String) -> String { TestPaths.fixture("keras/\(name)").path }
    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func input(_ shape: [Int]) throws -> Tensor {
        let count = shape.reduce(1, *)
        let tensor = Tensor(shape: shape, storage: (0..<count).map { Float(($0 * 37) % 101) / 100 })
        try TensorFile.write(tensor, to: path("in.npy"), overwrite: true, inputs: [])
        return tensor
    }

    func testInfoShowsTheLayerTable() throws {
        let result = try CommandRunner.run(["info", fixture("autoencoder_keras3.h5")])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("conv2d_transpose (Conv2DTranspose)"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("(None, 118, 118, 128)"))
        XCTAssertTrue(result.standardOutput.contains("Total params: 640129"))
        let weightsOnly = try CommandRunner.run(["info", fixture("autoencoder_tfkeras2_weights.h5"), "--architecture", "ebsd-autoencoder", "--json"])
        XCTAssertEqual(weightsOnly.status, 0, weightsOnly.standardError)
        XCTAssertTrue(weightsOnly.standardOutput.contains("640129"), weightsOnly.standardOutput)
    }

    func testPredictWritesTheForwardPass() throws {
        let tensor = try input([3, 12, 10, 1])
        let result = try CommandRunner.run(["model", "predict", fixture("skip_bn.keras"), path("in.npy"), path("out.npy"), "--threads", "2"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let expected = try KerasModelFile.load(fixture("skip_bn.keras")).predict(tensor, threads: 1)
        XCTAssertEqual(try TensorFile.read(path("out.npy")), expected)
    }

    func testConvertWritesAModelThatPredictsTheSame() throws {
        let tensor = try input([2, 12, 10, 1])
        let original = try KerasModelFile.load(fixture("skip_bn_tfkeras2.h5")).predict(tensor, threads: 1)
        for name in ["m.keras", "m.h5"] {
            let result = try CommandRunner.run(["model", "convert", fixture("skip_bn_tfkeras2.h5"), path(name)])
            XCTAssertEqual(result.status, 0, result.standardError)
            XCTAssertEqual(try KerasModelFile.load(path(name)).predict(tensor, threads: 1), original, name)
        }
        XCTAssertTrue(try Data(contentsOf: URL(fileURLWithPath: path("m.keras"))).starts(with: [0x50, 0x4B]), "a zip archive")
    }

    func testModelErrorsAreOneLine() throws {
        _ = try input([1, 40, 36, 1])
        try assertFailsCleanly(
            ["model", "predict", fixture("skip_bn.keras"), path("in.npy"), path("out.npy")], status: 2,
            mentions: ["in.npy", "does not fit"], output: path("out.npy"), inputs: [path("in.npy")])
        try assertFailsCleanly(
            ["info", fixture("bad_unknown_layer.h5")], status: 2,
            mentions: ["bad_unknown_layer.h5", "unknown layer class 'FancyActivation'"], output: nil, inputs: [])
        try assertFailsCleanly(
            ["model", "convert", fixture("bad_nan.h5"), path("x.keras")], status: 2,
            mentions: ["bad_nan.h5", "holds nan"], output: path("x.keras"), inputs: [fixture("bad_nan.h5")])
    }
}
