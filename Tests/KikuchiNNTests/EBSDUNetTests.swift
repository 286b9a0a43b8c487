import Foundation
import KikuchiNN
import XCTest

/// The built-in U-Net against Keras: the same layers, names and wiring as the Keras model of
/// Tests/Fixtures/keras/make_unet_fixture.py, and the same output with the same weights.
final class EBSDUNetTests: XCTestCase {
    /// The fixture script's weights: sin(0.731 i + phase) * sqrt(2 / fan), biases * 0.05.
    private func setFormulaWeights(_ model: Model) {
        for layer in model.layers {
            let nameSum = layer.name.utf8.reduce(0) { $0 + Int($1) }
            for (index, parameter) in layer.parameters.enumerated() {
                let phase = Double(index) + Double(nameSum) / 100
                let scale = parameter.shape.count > 1 ? (2.0 / Double(parameter.shape.dropLast().reduce(1, *))).squareRoot() : 0.05
                parameter.values = (0..<parameter.values.count).map { Float(sin(0.731 * Double($0) + phase) * scale) }
            }
        }
    }

    func testMatchesKerasWithTheSameWeights() throws {
        let model = try EBSDUNet.make()
        setFormulaWeights(model)
        let (input, expected) = try KerasFixtures.inputOutput("unet_io.h5")
        KerasFixtures.assertMatchesKeras(try model.predict(input, threads: 2), expected, "ebsd-unet")
    }

    func testLayersNamesAndWiringAreKeras() throws {
        let json = try String(contentsOfFile: KerasFixtures.path("unet.json"), encoding: .utf8)
        let keras = try KerasModelConfig.model(json: json)
        let ours = try EBSDUNet.make()
        XCTAssertEqual(ours.layers.map(\.name), keras.layers.map(\.name))
        XCTAssertEqual(ours.layers.map(\.className), keras.layers.map(\.className))
        XCTAssertEqual(ours.inbound, keras.inbound)
        XCTAssertEqual(ours.outputShapes, keras.outputShapes)
        XCTAssertEqual(ours.parameterCount, 1_940_817)
    }

    func testPaddingBringsTheSideToAMultipleOfSixteen() throws {
        XCTAssertTrue(EBSDUNet.padding(forSide: 236) == (2, 2))
        XCTAssertTrue(EBSDUNet.padding(forSide: 240) == (0, 0))
        XCTAssertTrue(EBSDUNet.padding(forSide: 121) == (3, 4))
        for side in [60, 121, 236] {
            let model = try EBSDUNet.make(inputSize: side)
            XCTAssertEqual(model.outputShapes[model.outputIndex], FeatureShape(height: side, width: side, channels: 1))
        }
    }
}
