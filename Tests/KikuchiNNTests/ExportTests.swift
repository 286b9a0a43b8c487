import Foundation
import KikuchiHDF5
import KikuchiNN
import KikuchiTestSupport
import XCTest

/// Models written by kikuchi have Keras' file structure and read back to the same numbers.
/// Tests/Fixtures/keras/check_export.py runs these with KIKUCHI_NN_EXPORT_DIR set and loads the
/// files in Keras 3 and tf.keras 2.x.
final class ExportTests: XCTestCase {
    private func exportFolder() throws -> URL {
        if let folder = ProcessInfo.processInfo.environment["KIKUCHI_NN_EXPORT_DIR"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return URL(fileURLWithPath: folder)
        }
        return try TestPaths.scratchFolder("kikuchi-nn-export")
    }

    func testLegacyH5HasKerasStructureAndReadsBack() throws {
        let folder = try exportFolder()
        let model = try KerasModelFile.load(KerasFixtures.path("skip_bn.keras"))
        let path = folder.appendingPathComponent("skip_bn_exported.h5").path
        try KerasModelFile.save(model, to: path)

        let file = try HDF5File(path)
        let config = try JSONSerialization.jsonObject(with: Data(try file.root.readStringAttribute("model_config").utf8)) as? [String: Any]
        XCTAssertEqual(config?["class_name"] as? String, "Functional")
        let layers = (config?["config"] as? [String: Any])?["layers"] as? [[String: Any]] ?? []
        let input = layers.first?["config"] as? [String: Any]
        XCTAssertEqual((input?["batch_input_shape"] as? [Any])?.count, 4, "tf.keras 2.x input shape")
        XCTAssertNotNil((layers.last?["inbound_nodes"] as? [[Any]])?.first, "tf.keras 2.x nested node lists")
        XCTAssertEqual(try file.root.readStringAttribute("backend"), "tensorflow")
        let weights = try file.group("model_weights")
        XCTAssertEqual(try weights.readStringArrayAttribute("layer_names"), model.layers.map(\.name))
        XCTAssertEqual(
            try weights.group("norm").readStringArrayAttribute("weight_names"),
            ["norm/gamma:0", "norm/beta:0", "norm/moving_mean:0", "norm/moving_variance:0"])
        XCTAssertEqual(try weights.group("pool").readStringArrayAttribute("weight_names"), [])
        XCTAssertEqual(try weights.dataset("decode/decode/kernel:0").shape, [3, 3, 4, 4])

        let (sample, expected) = try KerasFixtures.inputOutput("skip_bn_io.h5")
        KerasFixtures.assertMatchesKeras(try KerasModelFile.load(path).forward(sample), expected, "exported .h5")
    }

    func testKerasArchiveHasKerasStructureAndReadsBack() throws {
        let folder = try exportFolder()
        let model = try KerasModelFile.load(KerasFixtures.path("skip_bn_tfkeras2.h5"))
        let path = folder.appendingPathComponent("skip_bn_exported.keras").path
        try KerasModelFile.save(model, to: path)

        let archive = try ZipArchive(path: path)
        XCTAssertEqual(archive.names, ["metadata.json", "config.json", "model.weights.h5"])
        let config = try JSONSerialization.jsonObject(with: Data(try archive.contents(of: "config.json"))) as? [String: Any]
        let layers = (config?["config"] as? [String: Any])?["layers"] as? [[String: Any]] ?? []
        XCTAssertNotNil((layers.first?["config"] as? [String: Any])?["batch_shape"], "Keras 3 input shape")
        let node = (layers.last?["inbound_nodes"] as? [[String: Any]])?.first
        XCTAssertNotNil(node?["args"], "Keras 3 node arguments")

        let (sample, expected) = try KerasFixtures.inputOutput("skip_bn_io.h5")
        KerasFixtures.assertMatchesKeras(try KerasModelFile.load(path).forward(sample), expected, "exported .keras")
    }

    /// The autoencoder, a Sequential model, in both forms (for the Keras check; the Swift side
    /// compares parameters, which is enough for bit-equal weights).
    func testSequentialAutoencoderExportsBothForms() throws {
        let folder = try exportFolder()
        let model = try KerasModelFile.load(KerasFixtures.path("autoencoder_keras3.h5"))
        for name in ["autoencoder_exported.h5", "autoencoder_exported.keras"] {
            let path = folder.appendingPathComponent(name).path
            try KerasModelFile.save(model, to: path)
            let back = try KerasModelFile.load(path)
            XCTAssertEqual(back.kind, .sequential, name)
            XCTAssertEqual(back.layers.map(\.className), model.layers.map(\.className), name)
            for (mine, theirs) in zip(back.layers, model.layers) {
                XCTAssertEqual(mine.parameters.map(\.values), theirs.parameters.map(\.values), "\(name) \(mine.name)")
            }
        }
    }

    func testWritingToAnUnwritablePlaceFails() throws {
        let model = try EBSDAutoencoder.make(inputSize: 16)
        let message = KerasFixtures.message { try KerasModelFile.save(model, to: "/nonexistent-folder/model.keras") }
        XCTAssertTrue(message.hasPrefix("/nonexistent-folder/model.keras: cannot write"), message)
    }
}
