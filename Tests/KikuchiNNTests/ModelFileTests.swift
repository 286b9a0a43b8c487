import KikuchiHDF5
import KikuchiNN
import XCTest

/// Keras model files in every supported form load and predict Keras' numbers.
final class ModelFileTests: XCTestCase {
    /// The published autoencoder at 236 x 236 (Keras 3 legacy .h5) on two patterns, both workers.
    func testPublishedAutoencoderMatchesKeras() throws {
        let model = try KerasModelFile.load(KerasFixtures.path("autoencoder_keras3.h5"))
        XCTAssertEqual(model.parameterCount, 640_129)
        XCTAssertEqual(model.kind, .sequential)
        XCTAssertEqual(model.outputShape, FeatureShape(height: 236, width: 236, channels: 1))
        let (input, expected) = try KerasFixtures.inputOutput("autoencoder_io.h5")
        KerasFixtures.assertMatchesKeras(try model.predict(input, threads: 2), expected, "autoencoder")
    }

    /// tf.keras 2.x weights-only file with the built-in architecture: the same weights as the
    /// Keras 3 full-model file they were copied from.
    func testWeightsOnlyFileWithBuiltInArchitecture() throws {
        let reference = try KerasModelFile.load(KerasFixtures.path("autoencoder_keras3.h5"))
        let model = try KerasModelFile.load(KerasFixtures.path("autoencoder_tfkeras2_weights.h5"), architecture: .ebsdAutoencoder)
        XCTAssertEqual(model.layers.map(\.className), reference.layers.map(\.className))
        for (mine, theirs) in zip(model.layers, reference.layers) {
            XCTAssertEqual(mine.parameters.map(\.values), theirs.parameters.map(\.values), mine.name)
        }
        XCTAssertEqual(EBSDAutoencoder.architectureName, "ebsd-autoencoder")
    }

    /// The functional skip / BatchNorm model in each file form Keras writes.
    func testSkipConnectionModelInEveryFormat() throws {
        let (input, expected) = try KerasFixtures.inputOutput("skip_bn_io.h5")
        let forms: [(String, KerasModelFile.Architecture?)] = [
            ("skip_bn_tfkeras2.h5", nil),  // tf.keras 2.x names, variable-length strings
            ("skip_bn_fixed.h5", nil),  // fixed-length strings
            ("skip_bn.keras", nil),  // Keras 3 archive, stored entries
            ("skip_bn_deflated.keras", nil),  // deflated entries
            ("skip_bn.weights.h5", .jsonFile(KerasFixtures.path("skip_bn.json")))
        ]
        for (file, architecture) in forms {
            let model = try KerasModelFile.load(KerasFixtures.path(file), architecture: architecture)
            XCTAssertEqual(model.kind, .functional, file)
            XCTAssertEqual(model.layers.map(\.name), ["patterns", "encode", "norm", "pool", "decode", "skip", "relu", "join", "output"], file)
            KerasFixtures.assertMatchesKeras(try model.forward(input), expected, file)
        }
    }

    func testKeras3WeightGroupNames() throws {
        let model = try KerasModelFile.load(KerasFixtures.path("skip_bn.keras"))
        let summary = ModelSummary(model)
        XCTAssertEqual(summary.rows.map(\.className), model.layers.map(\.className))
        XCTAssertEqual(summary.totalParameters, model.parameterCount)
        XCTAssertTrue(summary.text.contains("Total params: \(model.parameterCount)"), summary.text)
    }
}
