import KikuchiHDF5
import KikuchiNN
import XCTest

/// Each way a model can be wrong gives one line naming the file and the problem.
final class ModelFileErrorTests: XCTestCase {
    func testUnknownLayerClassIsNamed() {
        let path = KerasFixtures.path("bad_unknown_layer.h5")
        let message = KerasFixtures.message { _ = try KerasModelFile.load(path) }
        XCTAssertTrue(message.hasPrefix("\(path): unknown layer class 'FancyActivation' (layer 'relu')"), message)
    }

    func testWeightOfWrongShape() {
        let path = KerasFixtures.path("bad_shape.h5")
        let message = KerasFixtures.message { _ = try KerasModelFile.load(path) }
        XCTAssertEqual(message, "\(path): layer 'encode' weight 'bias' has shape [5], the model needs [4]")
    }

    func testNaNWeights() {
        let path = KerasFixtures.path("bad_nan.h5")
        let message = KerasFixtures.message { _ = try KerasModelFile.load(path) }
        // kernel (3, 3, 4, 4) element [1, 2, 0, 3] is at ((1 * 3 + 2) * 4 + 0) * 4 + 3 = 83.
        XCTAssertEqual(message, "\(path): layer 'decode' weight 'kernel' holds nan at element 83")
    }

    func testMissingDataset() {
        let path = KerasFixtures.path("bad_missing.h5")
        let message = KerasFixtures.message { _ = try KerasModelFile.load(path) }
        XCTAssertEqual(message, "\(path): layer 'norm': missing dataset '/model_weights/norm/norm/moving_variance:0'")
    }

    func testHDF5FileThatIsNotAKerasModel() {
        let path = KerasFixtures.path("bad_not_keras.h5")
        let message = KerasFixtures.message { _ = try KerasModelFile.load(path) }
        XCTAssertEqual(message, "\(path): not a Keras model file (no model_config, layer_names or layers group)")
    }

    func testFileThatIsNotHDF5() {
        let path = KerasFixtures.path("skip_bn.json")
        let message = KerasFixtures.message { _ = try KerasModelFile.load(path) }
        XCTAssertEqual(message, "\(path): not an HDF5 file")
    }

    func testWeightsOnlyFileNeedsAnArchitecture() {
        let path = KerasFixtures.path("skip_bn.weights.h5")
        let message = KerasFixtures.message { _ = try KerasModelFile.load(path) }
        XCTAssertEqual(
            message,
            "\(path): the file holds weights only; give the architecture (ebsd-autoencoder, ebsd-unet, neighbour-unet, neighbour-unet-residual or a Keras JSON file)"
        )
    }

    func testWeightsThatDoNotFitTheArchitecture() {
        let path = KerasFixtures.path("skip_bn_tfkeras2.h5")
        let message = KerasFixtures.message { _ = try KerasModelFile.load(path, architecture: .ebsdAutoencoder) }
        XCTAssertEqual(message, "\(path): the file holds weights for 4 layers, the architecture has 6 layers with weights")
    }

    func testInputWhoseChannelsDoNotFit() throws {
        let model = try KerasModelFile.load(KerasFixtures.path("skip_bn.keras"))
        let input = Tensor(shape: [1, 12, 10, 3])
        let message = KerasFixtures.message { _ = try model.predict(input) }
        XCTAssertEqual(message, "input of shape (None, 12, 10, 3) does not fit the model's input (None, 12, 10, 1)")
        let wrongSize = KerasFixtures.message { _ = try model.forward(Tensor(shape: [1, 11, 10, 1])) }
        XCTAssertEqual(wrongSize, "input of shape (None, 11, 10, 1) does not fit the model's input (None, 12, 10, 1)")
    }

    func testConfigurationErrors() {
        let notJSON = KerasFixtures.message { _ = try KerasModelConfig.model(json: "{") }
        XCTAssertEqual(notJSON, "the model configuration is not valid JSON")
        let dense =
            #"{"class_name": "Sequential", "config": {"layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 4, 4, 1], "name": "in"}}, {"class_name": "Dense", "config": {"name": "dense", "units": 3}}]}}"#
        XCTAssertTrue(
            KerasFixtures.message { _ = try KerasModelConfig.model(json: dense) }
                .hasPrefix("unknown layer class 'Dense' (layer 'dense'); supported: InputLayer, Conv2D"))
        let dilated =
            #"{"class_name": "Sequential", "config": {"layers": [{"class_name": "Conv2D", "config": {"name": "c", "batch_input_shape": [null, 8, 8, 1], "filters": 2, "kernel_size": 3, "dilation_rate": 2}}]}}"#
        XCTAssertEqual(
            KerasFixtures.message { _ = try KerasModelConfig.model(json: dilated) },
            "layer 'c' (Conv2D): dilation_rate (2, 2) is not supported (1 only)")
        let tooSmall =
            #"{"class_name": "Sequential", "config": {"layers": [{"class_name": "Conv2D", "config": {"name": "c", "batch_input_shape": [null, 2, 2, 1], "filters": 2, "kernel_size": 3}}]}}"#
        XCTAssertEqual(
            KerasFixtures.message { _ = try KerasModelConfig.model(json: tooSmall) },
            "layer 'c' (Conv2D): input (None, 2, 2, 1) is smaller than the 3x3 kernel")
        let dense3 = #"{"class_name": "Dense", "config": {}}"#
        XCTAssertEqual(
            KerasFixtures.message { _ = try KerasModelConfig.model(json: dense3) },
            "the configuration describes a 'Dense', not a Sequential or Functional Keras model")
    }
}
