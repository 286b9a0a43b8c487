import KikuchiHDF5
import KikuchiNN
import XCTest

/// Every layer kind over several shapes, kernels, strides and paddings, against Keras' own output
/// (layers.h5 from make_fixtures.py): each case's model JSON, in both Keras 3 and tf.keras 2.x
/// form, is built, given the case's weights and run on its inputs.
final class LayerGoldenTests: XCTestCase {
    func testEveryLayerCaseMatchesKeras() throws {
        let file = try HDF5File(KerasFixtures.path("layers.h5"))
        let cases = try file.root.groupNames()
        XCTAssertGreaterThanOrEqual(cases.count, 45)
        var tfKeras2Configs = 0
        var classesSeen = Set<String>()
        for name in cases {
            let group = try file.group(name)
            let input = try KerasFixtures.tensor(group.dataset("input"))
            let expected = try KerasFixtures.tensor(group.dataset("output"))
            var configs = [("Keras 3", try group.readStringAttribute("config"))]
            if try group.hasAttribute("config_tf_keras2") {
                configs.append(("tf.keras 2", try group.readStringAttribute("config_tf_keras2")))
                tfKeras2Configs += 1
            }
            for (dialect, json) in configs {
                let model = try KerasModelConfig.model(json: json)
                for (index, layer) in model.layers.enumerated() where !layer.parameters.isEmpty {
                    let weights = try group.group("weights/\(layer.name)")
                    let values = try (0..<layer.parameters.count).map { position -> (shape: [Int], values: [Float]) in
                        let dataset = try weights.dataset(String(position))
                        return (dataset.shape, try dataset.read(as: Float.self))
                    }
                    try model.setWeights(of: index, values, source: name)
                }
                classesSeen.formUnion(model.layers.map(\.className))
                let output = try model.forward(input)
                KerasFixtures.assertMatchesKeras(output, expected, "\(name) (\(dialect))")
            }
        }
        XCTAssertGreaterThanOrEqual(tfKeras2Configs, 40, "tf.keras 2.x configurations")
        XCTAssertEqual(classesSeen, Set(LayerFactory.supportedClasses))
    }

    func testWindowGeometryFollowsKerasPadding() {
        // MaxPooling2D(2, 'same') on 59 gives 30; an even kernel pads one more cell after.
        let pool = WindowGeometry(inputSize: 59, kernel: 2, stride: 2, padding: .same)
        XCTAssertEqual(pool.outputSize, 30)
        XCTAssertEqual(pool.padBefore, 0)
        let even = WindowGeometry(inputSize: 7, kernel: 4, stride: 1, padding: .same)
        XCTAssertEqual(even.outputSize, 7)
        XCTAssertEqual(even.padBefore, 1)
        let valid = WindowGeometry(inputSize: 10, kernel: 4, stride: 2, padding: .valid)
        XCTAssertEqual(valid.outputSize, 4)
    }
}
