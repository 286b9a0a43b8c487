import Foundation
import KikuchiDenoise
import KikuchiIO
import KikuchiNN
import KikuchiTestSupport
import KikuchiWorkflows
import XCTest

/// `kikuchi train`: Keras parity through the command line, learning on generated pairs, resuming
/// a killed run, and the error paths.
final class TrainCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("train") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func fixture(_ name: String) -> String { TestPaths.fixture("training/\(name)").path }
    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Clean patterns (a smooth background and a bright band) and noisy copies, uint8 .npy.
    private func writePairs(count: Int, size: Int, noise: Float = 0.15, seed: UInt64 = 3, names: (String, String) = ("noisy.npy", "clean.npy")) throws {
        var random = TrainingRandom(seed: seed)
        var clean = PatternBatch(width: size, height: size, pixelType: .uint8, count: count)
        var noisy = clean
        for index in 0..<count {
            let angle = Float(random.nextUnit()) * .pi, shift = (random.nextUnit() - 0.5) * Float(size) / 3
            var cleanValues = [Float](), noisyValues = [Float]()
            for y in 0..<size {
                for x in 0..<size {
                    let distance = (Float(x) - Float(size) / 2) * cos(angle) + (Float(y) - Float(size) / 2) * sin(angle) - shift
                    let value = 0.3 + 0.4 * exp(-distance * distance / 6) + 0.1 * Float(y) / Float(size)
                    cleanValues.append((value * 255).rounded())
                    noisyValues.append((min(max(value + noise * (random.nextUnit() + random.nextUnit() + random.nextUnit() - 1.5) * 2, 0), 1) * 255).rounded())
                }
            }
            clean.setPattern(index, from: cleanValues)
            noisy.setPattern(index, from: noisyValues)
        }
        try SyntheticPatterns.write(noisy, to: path(names.0))
        try SyntheticPatterns.write(clean, to: path(names.1))
    }

    /// A small convolutional denoiser with seeded Glorot weights, saved as a Keras .h5.
    private func writeSmallModel(_ name: String, size: Int, dropout: Bool = false) throws {
        var layers: [Layer] = [
            Conv2D(name: "conv_a", filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu),
            Conv2D(name: "conv_b", filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu)
        ]
        if dropout { layers.append(Dropout(name: "dropout", rate: 0.2)) }
        layers.append(Conv2D(name: "conv_out", filters: 1, kernelSize: (3, 3), padding: .same, activation: .sigmoid))
        let model = try Model(sequentialNamed: "small", inputShape: FeatureShape(height: nil, width: nil, channels: 1), layers: layers)
        var random = TrainingRandom(seed: 42)
        WeightInitializer.glorotUniform(model, random: &random)
        try KerasModelFile.save(model, to: path(name))
    }

    private func assertSameWeights(_ a: Model, _ b: Model, tolerance: Float, file: StaticString = #filePath, line: UInt = #line) {
        for (left, right) in zip(a.layers, b.layers) {
            for (p, q) in zip(left.parameters, right.parameters) {
                let scale = max(q.values.map(abs).max() ?? 0, 1e-3)
                let worst = zip(p.values, q.values).map { abs($0 - $1) }.max() ?? 0
                XCTAssertLessThanOrEqual(worst, tolerance * scale, "\(left.name).\(p.name)", file: file, line: line)
            }
        }
    }

    func testMatchesKerasFitThroughTheCommandLine() throws {
        let result = try CommandRunner.run([
            "train", "--noisy", fixture("noisy.npy"), "--clean", fixture("clean.npy"),
            "--init", fixture("conv_pool_transpose_initial.h5"), "-o", path("model.h5"),
            "--epochs", "2", "--batch-size", "4", "--no-shuffle", "--threads", "2", "--quiet"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("epoch 2/2  loss 0.0349"), result.standardOutput)
        let trained = try KerasModelFile.load(path("model.h5"))
        let keras = try KerasModelFile.load(fixture("conv_pool_transpose_trained.h5"))
        assertSameWeights(trained, keras, tolerance: 1e-4)
        let csv = try String(contentsOfFile: path("model.history.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv.first, "epoch,loss,val_loss,learning_rate,seconds")
        XCTAssertEqual(csv.count, 3)
        XCTAssertTrue(csv[1].hasPrefix("1,0.03561"), String(csv[1]))
        let png = try Data(contentsOf: URL(fileURLWithPath: path("model.loss.png")))
        let header = try png.withUnsafeBytes { try PNGCodec.header(of: $0, file: "loss.png") }
        XCTAssertEqual([header.width, header.height], [LossCurvePlot.width, LossCurvePlot.height])
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("model.checkpoint")))
    }

    /// Generated noisy/clean pairs: after a few epochs the validation MSE is less than half the
    /// untrained model's and below the noisy patterns' own error (the model denoises).
    func testLearnsToDenoise() throws {
        try writePairs(count: 40, size: 16)
        try writeSmallModel("small.h5", size: 16)
        let data = try TrainingPairs(noisy: path("noisy.npy"), clean: path("clean.npy"))
        let initial = try KerasModelFile.load(path("small.h5"))
        var untrainedError = 0.0, noisyError = 0.0
        for index in 30..<40 {
            let pair = try data.pair(index)
            let x = Tensor(shape: [1, 16, 16, 1], storage: pair.noisy), y = Tensor(shape: [1, 16, 16, 1], storage: pair.clean)
            untrainedError += Loss.mse.sum(prediction: initial.trainingOutput(x, context: .inference, workspace: Workspace()), target: y) / 2560
            noisyError += Loss.mse.sum(prediction: x, target: y) / 2560
        }
        let result = try CommandRunner.run([
            "train", "--noisy", path("noisy.npy"), "--clean", path("clean.npy"), "--init", path("small.h5"),
            "-o", path("trained.keras"), "--epochs", "12", "--batch-size", "4", "--validation", "0.25",
            "--learning-rate", "0.003", "--seed", "9", "--quiet"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        let rows = try String(contentsOfFile: path("trained.history.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        let finalValidation = Double(rows.last!.split(separator: ",", omittingEmptySubsequences: false)[2])!
        XCTAssertLessThan(finalValidation, untrainedError / 2, "untrained \(untrainedError), noisy \(noisyError)\n\(rows.joined(separator: "\n"))")
        XCTAssertLessThan(finalValidation, noisyError, "untrained \(untrainedError), noisy \(noisyError)\n\(rows.joined(separator: "\n"))")
        XCTAssertNoThrow(try KerasModelFile.load(path("trained.keras")))
    }

    /// Runs `arguments("whole.h5")` in one go, then `arguments("resumed.h5")` killed by SIGKILL
    /// once its checkpoint exists and resumed: both models must have the same weights exactly.
    private func assertResumedRunEqualsTheWholeOne(_ arguments: (String) -> [String], file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        let whole = try CommandRunner.run(arguments("whole.h5"))
        XCTAssertEqual(whole.status, 0, whole.standardError, file: file, line: line)

        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments("resumed.h5")
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: path("resumed.checkpoint")) && process.isRunning && Date() < deadline {
            usleep(2000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, "the run finished before it could be killed", file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("resumed.h5")), file: file, line: line)

        let resumed = try CommandRunner.run(arguments("resumed.h5") + ["--resume"])
        XCTAssertEqual(resumed.status, 0, resumed.standardError, file: file, line: line)
        XCTAssertTrue(resumed.standardOutput.contains("resuming after epoch"), resumed.standardOutput, file: file, line: line)
        assertSameWeights(try KerasModelFile.load(path("resumed.h5")), try KerasModelFile.load(path("whole.h5")), tolerance: 0, file: file, line: line)
    }

    /// A run killed by SIGKILL after a checkpoint and resumed ends with exactly the weights of an
    /// uninterrupted run: shuffling, random crops, dropout and Adam's state all continue.
    func testResumeAfterAKillGivesTheUninterruptedWeights() throws {
        try writePairs(count: 24, size: 20)
        try writeSmallModel("small.h5", size: 20, dropout: true)
        func arguments(_ output: String) -> [String] {
            [
                "train", "--noisy", path("noisy.npy"), "--clean", path("clean.npy"), "--init", path("small.h5"), "-o", path(output),
                "--epochs", "8", "--batch-size", "5", "--crop", "12", "--validation", "0.2", "--seed", "77", "--threads", "2", "--quiet"
            ]
        }
        try assertResumedRunEqualsTheWholeOne(arguments)
        let wholeHistory = try String(contentsOfFile: path("whole.history.csv"), encoding: .utf8)
        let resumedHistory = try String(contentsOfFile: path("resumed.history.csv"), encoding: .utf8)
        func losses(_ text: String) -> [String] { text.split(separator: "\n").map { $0.split(separator: ",").prefix(3).joined(separator: ",") } }
        XCTAssertEqual(losses(resumedHistory), losses(wholeHistory))
    }

    func testEarlyStoppingAndDecay() throws {
        try writePairs(count: 12, size: 12)
        try writeSmallModel("small.h5", size: 12)
        let result = try CommandRunner.run([
            "train", "--noisy", path("noisy.npy"), "--clean", path("clean.npy"), "--init", path("small.h5"),
            "-o", path("m.h5"), "--epochs", "30", "--batch-size", "4", "--validation", "0.25",
            "--learning-rate", "0.5", "--patience", "2", "--decay", "exponential:0.5", "--quiet"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("stopping early"), result.standardOutput)
        let rows = try String(contentsOfFile: path("m.history.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        XCTAssertLessThan(rows.count, 30)
        XCTAssertEqual(rows.map { Double($0.split(separator: ",", omittingEmptySubsequences: false)[3])! }.prefix(3), [0.5, 0.25, 0.125])
    }

    /// `--simulate N` trains on simulated pairs written beside the model, and removes them once
    /// the model is saved; the choice of inputs is checked.
    func testTrainsOnSimulatedPairs() throws {
        let out = path("simulated.h5")
        let result = try CommandRunner.run([
            "train", "--simulate", "6", "--size", "16x16", "--phases", "al", "--architecture",
            "ebsd-autoencoder", "--epochs", "1", "--batch-size", "3", "-o", out, "--quiet"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        let model = try KerasModelFile.load(out)
        XCTAssertEqual(model.inputShape, FeatureShape(height: 16, width: 16, channels: 1))
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("simulated.history.csv")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("simulated.simulated-noisy.h5")), "the pairs are removed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("simulated.simulated-clean.h5")))

        try writePairs(count: 4, size: 12)
        let given = ["--noisy", path("noisy.npy"), "--clean", path("clean.npy")]
        try assertFailsCleanly(
            ["train", "--simulate", "4", "-o", path("both.h5")] + given, status: 2,
            mentions: ["give --noisy and --clean, or --simulate N"], output: path("both.h5"), inputs: [path("noisy.npy")])
        try assertFailsCleanly(
            ["train", "--noisy", path("noisy.npy"), "-o", path("half.h5")], status: 2,
            mentions: ["give --noisy and --clean, or --simulate N"], output: path("half.h5"), inputs: [path("noisy.npy")])
        try assertFailsCleanly(
            ["train", "-o", path("master.h5"), "--master", path("noisy.npy")] + given, status: 2,
            mentions: ["--master goes with --simulate"], output: path("master.h5"), inputs: [path("noisy.npy")])
        try assertFailsCleanly(
            ["train", "--simulate", "4", "--dose-range", "0:3", "-o", path("dose.h5")], status: 2,
            mentions: ["--dose-range", "'0:3'"], output: path("dose.h5"), inputs: [])
    }

    /// `--architecture ebsd-unet` trains the built-in U-Net, fitted to the patterns' size, and
    /// saves it as a Functional Keras model with its skip connections.
    func testTrainsTheBuiltInUNet() throws {
        try writePairs(count: 8, size: 28)
        let out = path("unet.h5")
        let result = try CommandRunner.run([
            "train", "--noisy", path("noisy.npy"), "--clean", path("clean.npy"), "--architecture",
            "ebsd-unet", "--crop", "12", "--epochs", "1", "--batch-size", "4", "-o", out, "--quiet"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        let model = try KerasModelFile.load(out)
        XCTAssertEqual(model.kind, .functional)
        XCTAssertEqual(model.inputShape, FeatureShape(height: 28, width: 28, channels: 1))
        XCTAssertEqual(model.layers.filter { $0 is Concatenate }.count, EBSDUNet.levels)
        XCTAssertEqual(model.parameterCount, 1_940_817)
        XCTAssertTrue(model.layers.contains { $0.parameters.contains { $0.values.contains { $0 != 0 } } }, "trained weights")
    }

    /// `--neighbours` trains the built-in neighbour-unet on whole maps (one --noisy and one --clean
    /// each), and `denoise --method nlpar-network` runs what it saved; the maps must pair up.
    func testTrainsANeighbourNetworkOnMaps() throws {
        var maps: [String] = []
        for m in 0..<2 {
            for (kind, seed) in [("noisy", 30), ("clean", 40)] {
                let path = path("\(kind)\(m).up2")
                try SyntheticPatterns.write(
                    SyntheticPatterns.batch(width: 16, height: 16, count: 12, pixelType: .uint16, seed: UInt64(seed + m)),
                    to: path, geometry: MapGeometry(columns: 4, rows: 3))
                maps.append(path)
            }
        }
        let out = path("neighbours.h5")
        let result = try CommandRunner.run([
            "train", "--neighbours", "--noisy", maps[0], "--clean", maps[1], "--noisy", maps[2],
            "--clean", maps[3], "--architecture", "neighbour-unet", "--radius", "2", "--epochs", "1",
            "--batch-size", "6", "--validation", "0.25", "-o", out, "--quiet"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        let model = try KerasModelFile.load(out)
        XCTAssertEqual(model.inputShape, FeatureShape(height: 16, width: 16, channels: 10))
        let denoised = try CommandRunner.run([
            "denoise", maps[0], "-o", path("denoised.up2"), "--method", "nlpar-network",
            "--model", out, "--quiet"
        ])
        XCTAssertEqual(denoised.status, 0, denoised.standardError)
        XCTAssertEqual(try ScanIO.openReader(path("denoised.up2")).scan.count, 12)

        // Beside region averaging, for `--method regions-network`.
        let regions = try CommandRunner.run([
            "train", "--neighbours", "--averaging", "regions", "--noisy", maps[0], "--clean", maps[1],
            "--architecture", "neighbour-unet", "--epochs", "1", "--batch-size", "6",
            "-o", path("regions.h5"), "--quiet"
        ])
        XCTAssertEqual(regions.status, 0, regions.standardError)
        let regionsDenoised = try CommandRunner.run([
            "denoise", maps[0], "-o", path("regions.up2"), "--method", "regions-network",
            "--model", path("regions.h5"), "--quiet"
        ])
        XCTAssertEqual(regionsDenoised.status, 0, regionsDenoised.standardError)
        XCTAssertEqual(try ScanIO.openReader(path("regions.up2")).scan.count, 12)
        try assertFailsCleanly(
            [
                "train", "--neighbours", "--averaging", "pca", "--noisy", maps[0], "--clean", maps[1], "-o", path("n.h5"),
                "--architecture", "neighbour-unet"
            ], status: 2,
            mentions: ["'pca'", "--averaging"], output: path("n.h5"), inputs: maps)

        try assertFailsCleanly(
            [
                "train", "--neighbours", "--noisy", maps[0], "--noisy", maps[2], "--clean", maps[1], "-o", path("n.h5"),
                "--architecture", "neighbour-unet"
            ], status: 2,
            mentions: ["give one --clean for each --noisy map"], output: path("n.h5"), inputs: maps)
        try assertFailsCleanly(
            [
                "train", "--noisy", maps[0], "--noisy", maps[2], "--clean", maps[1], "--clean", maps[3], "-o", path("n.h5"),
                "--architecture", "neighbour-unet"
            ], status: 2,
            mentions: ["give --noisy and --clean, or --simulate N"], output: path("n.h5"), inputs: maps)
        try assertFailsCleanly(
            [
                "train", "--neighbours", "--noisy", maps[0], "--clean", maps[1], "-o", path("n.h5"),
                "--architecture", "ebsd-unet"
            ], status: 2,
            mentions: ["ebsd-unet", "takes 1 channels; the samples have 10"], output: path("n.h5"), inputs: maps)

        // The residual network starts from the plain one and trains; denoise runs what it saved.
        let residual = try CommandRunner.run([
            "train", "--neighbours", "--noisy", maps[0], "--clean", maps[1], "--radius", "2", "--init", out,
            "--architecture", "neighbour-unet-residual", "--epochs", "1", "--batch-size", "6", "-o", path("residual.h5"), "--quiet"
        ])
        XCTAssertEqual(residual.status, 0, residual.standardError)
        let residualModel = try KerasModelFile.load(path("residual.h5"))
        XCTAssertEqual(residualModel.layers.last?.className, "Add")
        XCTAssertEqual(residualModel.parameterCount, try KerasModelFile.load(out).parameterCount + 11)
        let residualDenoised = try CommandRunner.run([
            "denoise", maps[0], "-o", path("residual.up2"), "--method", "nlpar-network", "--radius", "2", "--model", path("residual.h5"), "--quiet"
        ])
        XCTAssertEqual(residualDenoised.status, 0, residualDenoised.standardError)
        // A model of another kind does not start one.
        try KerasModelFile.save(try EBSDUNet.make(inputSize: 16), to: path("one-channel.h5"))
        try assertFailsCleanly(
            [
                "train", "--neighbours", "--noisy", maps[0], "--clean", maps[1], "--init", path("one-channel.h5"),
                "--architecture", "neighbour-unet-residual", "-o", path("n.h5")
            ], status: 2,
            mentions: ["one-channel.h5", "starts from a square neighbour-unet model of 10 channels"], output: path("n.h5"),
            inputs: maps + [path("one-channel.h5")])
    }

    /// The one grain's smooth 16 x 16 pattern, `oneGrainMap`'s signal at amplitude 1.
    private static func grainShape(_ p: Int) -> Double { sin(Double(p % 16) / 3) * cos(Double(p / 16) / 4) }

    /// A map of one grain: a smooth 16 x 16 pattern (amplitude `signal`) with a small mark of its
    /// own in each and, with `noise`, independent noise of that deviation in every pixel.
    private func oneGrainMap(columns: Int, rows: Int, name: String, signal: Double = 300, noise: Double = 0) throws -> String {
        var batch = PatternBatch(width: 16, height: 16, pixelType: .uint16, count: columns * rows)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        for index in 0..<batch.count {
            var values = [Float](repeating: 0, count: 256)
            for p in 0..<256 {
                let gaussian = noise > 0 ? (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform()) : 0
                values[p] = Float(1000 + signal * Self.grainShape(p) + noise * gaussian)
            }
            values[(index * 37) % 256] += 50
            batch.setPattern(index, from: values)
        }
        let path = path(name)
        try SyntheticPatterns.write(batch, to: path, geometry: MapGeometry(columns: columns, rows: rows))
        return path
    }

    /// `--self-supervised` learns a neighbour network from a map alone, its targets the
    /// region-mates; it takes no --clean and needs patterns with mates.
    func testSelfSupervisedTrainingLearnsFromTheMapAlone() throws {
        let map = try oneGrainMap(columns: 8, rows: 8, name: "one-grain.up2")
        let out = path("self.h5")
        let result = try CommandRunner.run([
            "train", "--neighbours", "--self-supervised", "--averaging", "regions", "--radius", "2", "--noisy", map,
            "--architecture", "neighbour-unet", "--epochs", "1", "--batch-size", "8", "-o", out, "--quiet"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        let learned = result.standardOutput.split(separator: "\n").first { $0.hasPrefix("self-supervised: ") }
        let count = try XCTUnwrap(learned.flatMap { Int($0.split(separator: " ")[1]) }, result.standardOutput)
        XCTAssertGreaterThan(count, 20)
        XCTAssertLessThanOrEqual(count, 64)
        XCTAssertEqual(try KerasModelFile.load(out).inputShape.channels, 10)

        try assertFailsCleanly(
            ["train", "--neighbours", "--self-supervised", "--noisy", map, "--clean", map, "-o", path("n.h5"), "--architecture", "neighbour-unet"],
            status: 2, mentions: ["--self-supervised", "no --clean"], output: path("n.h5"), inputs: [map])
        try assertFailsCleanly(
            ["train", "--self-supervised", "--noisy", map, "-o", path("n.h5"), "--architecture", "neighbour-unet"],
            status: 2, mentions: ["give --neighbours"], output: path("n.h5"), inputs: [map])
        let tiny = try oneGrainMap(columns: 3, rows: 3, name: "tiny.up2")
        try assertFailsCleanly(
            ["train", "--neighbours", "--self-supervised", "--averaging", "regions", "--noisy", tiny, "-o", path("n.h5"), "--architecture", "neighbour-unet"],
            status: 2, mentions: ["tiny.up2", "no pattern has 2 region-mates to learn from"], output: path("n.h5"), inputs: [tiny])
    }

    /// Self-supervised training on a map of pure noise learns no pattern: the network's outputs
    /// correlate with the grain pattern no more than noise does, where the same training on a
    /// noisy map of that pattern returns it.
    func testSelfSupervisedTrainingOnPureNoiseInventsNoPattern() throws {
        func correlations(trainingOn map: String, name: String) throws -> [Double] {
            let model = path("\(name).h5"), out = path("\(name)-out.h5")
            let trained = try CommandRunner.run([
                "train", "--neighbours", "--self-supervised", "--averaging", "regions", "--radius", "2", "--noisy", map,
                "--architecture", "neighbour-unet", "--epochs", "3", "--batch-size", "8", "--learning-rate", "0.003", "-o", model, "--quiet"
            ])
            XCTAssertEqual(trained.status, 0, trained.standardError)
            let denoised = try CommandRunner.run([
                "denoise", map, "-o", out, "--method", "regions-network", "--radius", "2", "--model", model, "--no-guard",
                "--output-type", "float32", "--quiet"
            ])
            XCTAssertEqual(denoised.status, 0, denoised.standardError)
            let reader = try ScanIO.openReader(out)
            let shape = (0..<256).map(Self.grainShape)
            return try (0..<reader.scan.count).map { index in
                let values = try reader.read(index).values()
                let mean = values.reduce(0, +) / 256, shapeMean = shape.reduce(0, +) / 256
                let (x, y) = (values.map { $0 - mean }, shape.map { $0 - shapeMean })
                let xy = zip(x, y).reduce(0.0) { $0 + $1.0 * $1.1 }
                let xx = x.reduce(0.0) { $0 + $1 * $1 }, yy = y.reduce(0.0) { $0 + $1 * $1 }
                return xx > 0 ? xy / (xx * yy).squareRoot() : 0
            }
        }
        let noise = try correlations(trainingOn: try oneGrainMap(columns: 8, rows: 8, name: "noise.up2", signal: 0, noise: 40), name: "noise")
        let grain = try correlations(trainingOn: try oneGrainMap(columns: 8, rows: 8, name: "grain.up2", signal: 60, noise: 40), name: "grain")
        // 256 pixels: noise alone correlates within about 3 / sqrt(256) of zero.
        XCTAssertLessThan(noise.map(abs).max()!, 0.3, "\(noise)")
        XCTAssertGreaterThan(grain.reduce(0, +) / Double(grain.count), 0.8, "\(grain)")
    }

    /// Self-supervised training killed after a checkpoint and resumed ends with exactly the
    /// weights of a run in one go.
    func testSelfSupervisedResumeGivesTheUninterruptedWeights() throws {
        let map = try oneGrainMap(columns: 8, rows: 8, name: "grain.up2", signal: 60, noise: 40)
        func arguments(_ output: String) -> [String] {
            [
                "train", "--neighbours", "--self-supervised", "--averaging", "regions", "--radius", "2", "--noisy", map,
                "--architecture", "neighbour-unet", "--epochs", "6", "--batch-size", "8", "--validation", "0.25", "--seed", "5",
                "--threads", "2", "-o", path(output), "--quiet"
            ]
        }
        try assertResumedRunEqualsTheWholeOne(arguments)
    }

    func testBadInputsFailCleanly() throws {
        try writePairs(count: 8, size: 12)
        try writePairs(count: 6, size: 12, names: ("noisy6.npy", "clean6.npy"))
        try writePairs(count: 8, size: 10, names: ("noisy10.npy", "clean10.npy"))
        try writeSmallModel("small.h5", size: 12)
        let shrinking = try Model(
            sequentialNamed: "shrinking", inputShape: FeatureShape(height: 12, width: 12, channels: 1),
            layers: [Conv2D(name: "valid", filters: 1, kernelSize: (3, 3))])
        try KerasModelFile.save(shrinking, to: path("shrinking.h5"))
        let noisy = path("noisy.npy"), clean = path("clean.npy"), model = path("small.h5"), out = path("out.h5")
        let inputs = [noisy, clean, model]
        func train(_ extra: [String], noisy: String = noisy, clean: String = clean) -> [String] {
            ["train", "--noisy", noisy, "--clean", clean, "-o", out, "--quiet"] + extra
        }
        try assertFailsCleanly(
            train(["--init", model], clean: path("clean6.npy")), status: 2, mentions: ["clean6.npy", "6 patterns", "8"],
            output: out, inputs: inputs)
        try assertFailsCleanly(
            train(["--init", model], clean: path("clean10.npy")), status: 2, mentions: ["clean10.npy", "10x10", "12x12"],
            output: out, inputs: inputs)
        try assertFailsCleanly(
            train(["--init", model, "--crop", "13"]), status: 2, mentions: ["noisy.npy", "13x13 crop", "12x12"],
            output: out, inputs: inputs)
        try assertFailsCleanly(
            train(["--architecture", "ebsd-unet", "--crop", "10"]), status: 2,
            mentions: ["--crop", "ebsd-unet", "multiple of 16", "10 is not; 12 is"], output: out, inputs: inputs)
        try assertFailsCleanly(train(["--init", model, "--loss", "huber"]), status: 2, mentions: ["huber"], output: out, inputs: inputs)
        try assertFailsCleanly(train([]), status: 2, mentions: ["--init", "--architecture"], output: out, inputs: inputs)
        try assertFailsCleanly(
            train(["--init", model, "--patience", "3"]), status: 2, mentions: ["--patience", "--validation"],
            output: out, inputs: inputs)
        try assertFailsCleanly(
            train(["--init", model, "--validation", "1"]), status: 2, mentions: ["--validation", "[0, 1)"],
            output: out, inputs: inputs)
        try assertFailsCleanly(
            train(["--init", model, "--validation", "1e-20"]), status: 2, mentions: ["none of its 8 patterns for validation"],
            output: out, inputs: inputs)
        try assertFailsCleanly(
            train(["--init", model, "--decay", "cosine:1"]), status: 2, mentions: ["--decay", "cosine:1"],
            output: out, inputs: inputs)
        try assertFailsCleanly(
            train(["--init", model, "--batch-size", "0"]), status: 2, mentions: ["--batch-size", "at least 1"],
            output: out, inputs: inputs)
        try assertFailsCleanly(
            train(["--init", path("shrinking.h5")]), status: 2, mentions: ["shrinking.h5", "(None, 10, 10, 1)", "denoiser"],
            output: out, inputs: inputs)
        try assertFailsCleanly(
            train(["--init", model, "--resume"]), status: 2, mentions: ["out.checkpoint", "no checkpoint"],
            output: out, inputs: inputs)
        try assertFailsCleanly(train(["--init", path("missing.h5")]), status: 2, mentions: ["missing.h5"], output: out, inputs: inputs)

        // A checkpoint of an earlier run is neither overwritten silently nor resumed with other settings.
        let first = try CommandRunner.run(train(["--init", model, "--epochs", "1"]))
        XCTAssertEqual(first.status, 0, first.standardError)
        try FileManager.default.removeItem(atPath: out)
        try assertFailsCleanly(
            train(["--init", model]), status: 2, mentions: ["out.checkpoint", "--resume", "--overwrite"],
            output: out, inputs: inputs)
        try assertFailsCleanly(
            train(["--init", model, "--resume", "--batch-size", "3"]), status: 2, mentions: ["out.checkpoint", "other settings"],
            output: out, inputs: inputs)
    }
}
