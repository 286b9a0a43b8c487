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

    /// The residual neighbour network started from a plain one returns the averaging's channel
    /// exactly, keeps the plain network's weights in its U-Net, and saved and read back is the same
    /// model; once its last convolution moves, the output is the channel plus the plain U-Net's.
    func testResidualNeighbourNetworkStartsAsTheAveraging() throws {
        let plain = try EBSDUNet.make(inputSize: 32, inputChannels: EBSDUNet.neighbourInputChannels, outputActivation: .linear)
        setFormulaWeights(plain)
        let residual = try EBSDUNet.residualNeighbourNetwork(startingFrom: plain)
        XCTAssertEqual(residual.layers.count, plain.layers.count + 2)
        XCTAssertEqual(residual.parameterCount, plain.parameterCount + EBSDUNet.neighbourInputChannels + 1)
        var input = Tensor(shape: [2, 32, 32, EBSDUNet.neighbourInputChannels])
        for i in 0..<input.storage.count { input.storage[i] = Float(sin(Double(i) * 0.37)) }
        let output = try residual.predict(input, threads: 2)
        XCTAssertEqual(output.shape, [2, 32, 32, 1])
        for pixel in 0..<2 * 32 * 32 {
            XCTAssertEqual(output.storage[pixel], input.storage[pixel * EBSDUNet.neighbourInputChannels + EBSDUNet.averagingChannel])
        }

        let last = try XCTUnwrap(residual.layer(named: "conv2d_18") as? Conv2D)
        let plainLast = try XCTUnwrap(plain.layer(named: "conv2d_18") as? Conv2D)
        XCTAssertTrue(last.kernel.values.allSatisfy { $0 == 0 })
        XCTAssertEqual(
            try XCTUnwrap(residual.layer(named: "conv2d_10") as? Conv2D).kernel.values,
            try XCTUnwrap(plain.layer(named: "conv2d_10") as? Conv2D).kernel.values)
        last.kernel.values = plainLast.kernel.values
        last.bias?.values = plainLast.bias!.values
        let moved = try residual.predict(input, threads: 2), plainOutput = try plain.predict(input, threads: 2)
        for pixel in 0..<2 * 32 * 32 {
            let expected = input.storage[pixel * EBSDUNet.neighbourInputChannels + EBSDUNet.averagingChannel] + plainOutput.storage[pixel]
            XCTAssertEqual(moved.storage[pixel], expected, accuracy: 1e-5)
        }

        let file = NSTemporaryDirectory() + "kikuchi-residual-\(UUID().uuidString).h5"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try KerasModelFile.save(residual, to: file)
        let read = try KerasModelFile.load(file)
        XCTAssertEqual(read.layers.map(\.name), residual.layers.map(\.name))
        XCTAssertEqual(try read.predict(input, threads: 2).storage, moved.storage)
    }

    /// Only a square plain neighbour network of 10 channels starts a residual one.
    func testResidualNeighbourNetworkRefusesOtherModels() throws {
        XCTAssertThrowsError(try EBSDUNet.residualNeighbourNetwork(startingFrom: try EBSDUNet.make(inputSize: 32))) { error in
            XCTAssertTrue("\(error)".contains("10 channels"), "\(error)")
        }
    }
}
