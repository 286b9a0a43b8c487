import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiNN
import KikuchiTestSupport
import KikuchiWorkflows
import XCTest

/// A training run in-process: the files it keeps beside the model, its refusal of an earlier run's
/// checkpoint, resuming to the same weights, and the U-Net crop rule.
final class TrainingRunTests: XCTestCase {
    private func fixture(_ name: String) -> String { TestPaths.fixture("training/\(name)").path }

    private func run(_ output: String, epochs: Int) -> TrainingRun {
        var configuration = TrainingConfiguration()
        configuration.epochs = epochs
        configuration.batchSize = 4
        configuration.threads = 1
        return TrainingRun(output: output, configuration: configuration)
    }

    /// Trains the fixture model on the fixture pairs; returns the epochs this run trained.
    @discardableResult
    private func train(_ run: TrainingRun) throws -> [Int] {
        final class Epochs { var seen: [Int] = [] }
        let epochs = Epochs()
        let destination = try run.claimOutput(inputs: [fixture("noisy.npy")])
        let model = try KerasModelFile.load(fixture("conv_pool_transpose_initial.h5"))
        var events = TrainingRun.Events()
        events.epochFinished = { record, _ in epochs.seen.append(record.epoch) }
        try run.train(
            model, on: try TrainingPairs(noisy: fixture("noisy.npy"), clean: fixture("clean.npy")),
            modelName: "initial", to: destination, events: events)
        return epochs.seen
    }

    private func weights(_ path: String) throws -> [[Float]] {
        try KerasModelFile.load(path).layers.flatMap { $0.parameters.map(\.values) }
    }

    func testFilesBesideTheModelAndResumingEndsAtTheSameWeights() throws {
        let folder = try TestPaths.scratchFolder("training-run")
        let whole = folder.appendingPathComponent("whole.h5").path
        XCTAssertEqual(try train(run(whole, epochs: 2)), [1, 2])
        for suffix in [".checkpoint", ".history.csv", ".loss.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("whole" + suffix).path), suffix)
        }
        XCTAssertEqual(
            try String(contentsOfFile: folder.appendingPathComponent("whole.history.csv").path).split(separator: "\n").count, 3,
            "a header and one row per epoch")

        // One epoch, then the same run resumed to two: the weights of the uninterrupted run.
        let split = folder.appendingPathComponent("split.h5").path
        XCTAssertEqual(try train(run(split, epochs: 1)), [1])
        var resumed = run(split, epochs: 2)
        resumed.resume = true
        resumed.overwrite = true
        XCTAssertEqual(try train(resumed), [2], "the resumed run trains only the second epoch")
        XCTAssertEqual(try weights(split), try weights(whole))
    }

    func testAnEarlierCheckpointIsNeitherContinuedNorReplacedSilently() throws {
        let folder = try TestPaths.scratchFolder("training-run-checkpoint")
        let output = folder.appendingPathComponent("model.keras").path
        let checkpoint = folder.appendingPathComponent("model.checkpoint").path
        XCTAssertEqual(TrainingRun.stem(of: output), folder.appendingPathComponent("model").path)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: checkpoint))
        XCTAssertThrowsError(try run(output, epochs: 1).claimOutput(inputs: [])) {
            XCTAssertEqual("\($0)", "\(checkpoint): a checkpoint of an earlier run is there; pass --resume to continue it or --overwrite to start again")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: checkpoint)), Data([1, 2, 3]), "the checkpoint is untouched")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
    }

    func testAUNetCropMustFitItsPadding() throws {
        // 236-pixel patterns are padded by 4 to 240, a multiple of 16: a crop plus 4 must be one too.
        XCTAssertThrowsError(try TrainingRun.newModel(architecture: EBSDUNet.architectureName, patternSize: 236, crop: 64, seed: 1)) {
            XCTAssertEqual("\($0)", "--crop: ebsd-unet pads 236-pixel patterns by 4, so a crop plus 4 must be a multiple of 16 (64 is not; 60 is)")
        }
        let model = try TrainingRun.newModel(architecture: EBSDUNet.architectureName, patternSize: 236, crop: 60, seed: 1)
        let again = try TrainingRun.newModel(architecture: EBSDUNet.architectureName, patternSize: 236, crop: 60, seed: 1)
        XCTAssertEqual(
            model.layers.flatMap { $0.parameters.map(\.values) }, again.layers.flatMap { $0.parameters.map(\.values) },
            "seeded initial weights")
        XCTAssertGreaterThan(model.parameterCount, 0)
    }
}
