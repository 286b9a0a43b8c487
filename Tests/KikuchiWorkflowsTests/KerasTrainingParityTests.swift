import Foundation
import KikuchiDenoise
import KikuchiNN
import KikuchiTestSupport
import KikuchiWorkflows
import XCTest

/// Training against Keras' own fit (Tests/Fixtures/training/make_fixtures.py): from the same
/// initial weights and data, two epochs of batch 4 without shuffling must end at Keras' weights
/// within 1e-4 of each weight array's largest magnitude, with Keras' epoch losses.
final class KerasTrainingParityTests: XCTestCase {
    static func fixture(_ name: String) -> String { TestPaths.fixture("training/\(name)").path }

    private struct KerasHistory: Decodable {
        var history: [String: [Double]]
    }

    private func train(_ name: String, loss: Loss, validation: Double, threads: Int) throws -> (Model, Trainer) {
        let model = try KerasModelFile.load(Self.fixture("\(name)_initial.h5"))
        var configuration = TrainingConfiguration()
        configuration.epochs = 2
        configuration.batchSize = 4
        configuration.shuffle = false
        configuration.loss = loss
        configuration.validationFraction = validation
        configuration.threads = threads
        let data = try TrainingPairs(noisy: Self.fixture("noisy.npy"), clean: Self.fixture("clean.npy"))
        let trainer = try Trainer(model: model, data: data, configuration: configuration)
        while !trainer.isFinished { try trainer.runEpoch() }
        return (model, trainer)
    }

    private func assertMatchesKeras(_ name: String, _ model: Model, _ trainer: Trainer, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try KerasModelFile.load(Self.fixture("\(name)_trained.h5"))
        let initial = try KerasModelFile.load(Self.fixture("\(name)_initial.h5"))
        for (index, layer) in model.layers.enumerated() {
            for (parameterIndex, parameter) in layer.parameters.enumerated() {
                let keras = expected.layers[index].parameters[parameterIndex].values
                let scale = keras.map(abs).max() ?? 0
                let worst = zip(parameter.values, keras).map { abs($0 - $1) }.max() ?? 0
                XCTAssertLessThanOrEqual(
                    worst, 1e-4 * max(scale, 1e-3), "\(name) \(layer.name).\(parameter.name): largest difference from Keras",
                    file: file, line: line)
                // The comparison means something only if training moved the weights well beyond it.
                let start = initial.layers[index].parameters[parameterIndex].values
                let moved = zip(start, keras).map { abs($0 - $1) }.max() ?? 0
                if parameter.name == "kernel" { XCTAssertGreaterThan(moved, 100 * worst, file: file, line: line) }
            }
        }
        let history = try JSONDecoder().decode(KerasHistory.self, from: Data(contentsOf: URL(fileURLWithPath: Self.fixture("\(name)_history.json"))))
        for (record, loss) in zip(trainer.history, history.history["loss"]!) {
            XCTAssertEqual(record.loss, loss, accuracy: 1e-4 * loss, "\(name) epoch \(record.epoch) loss", file: file, line: line)
        }
        if let validation = history.history["val_loss"] {
            for (record, loss) in zip(trainer.history, validation) {
                XCTAssertEqual(record.validationLoss ?? .nan, loss, accuracy: 1e-4 * loss, "\(name) epoch \(record.epoch) val_loss", file: file, line: line)
            }
        }
    }

    func testConvPoolTransposeMatchesKerasFit() throws {
        for threads in [1, 3] {
            let (model, trainer) = try train("conv_pool_transpose", loss: .mse, validation: 0, threads: threads)
            try assertMatchesKeras("conv_pool_transpose", model, trainer)
        }
    }

    func testBatchNormalizationSkipModelMatchesKerasFitWithValidation() throws {
        let (model, trainer) = try train("skip_bn", loss: .mae, validation: 0.25, threads: 2)
        XCTAssertEqual(trainer.trainingCount, 12)
        try assertMatchesKeras("skip_bn", model, trainer)
    }
}
