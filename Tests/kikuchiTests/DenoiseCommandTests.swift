import Foundation
import KikuchiDenoise
import KikuchiIO
import KikuchiNN
import KikuchiTestSupport
import XCTest

/// `kikuchi denoise` and `kikuchi merge` end to end: the published pipeline's numbers, header
/// geometry kept, shards merged byte for byte, and a killed run resumed byte for byte.
final class DenoiseCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("denoise") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func fixture(_ name: String) -> String { TestPaths.fixture("denoise/\(name)").path }
    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    private var model: String { fixture("small_ae.h5") }

    private func denoise(_ arguments: [String]) throws {
        let result = try CommandRunner.run(["denoise"] + arguments + ["--quiet"])
        XCTAssertEqual(result.status, 0, result.standardError)
    }

    /// A UP2 of `count` 16-bit patterns of 50 x 44 on a map `columns` wide.
    private func makeUP2(_ name: String, count: Int, columns: Int) throws -> String {
        let batch = SyntheticPatterns.batch(width: 50, height: 44, count: count, pixelType: .uint16, seed: 5)
        let geometry = MapGeometry(columns: columns, rows: count / columns, stepX: 0.5, stepY: 0.5)
        try SyntheticPatterns.write(batch, to: path(name), geometry: geometry)
        return path(name)
    }

    private func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// The published script (cv2.resize, model.predict, cv2.resize back, x 255), reproduced in
    /// Tests/Fixtures/denoise/make_fixtures.py with OpenCV and Keras, agrees within one grey level.
    func testMatchesThePublishedScript() throws {
        try denoise([
            "--method", "autoencoder", fixture("patterns"), "-o", path("out"), "--model", model, "--input-range", "dtype", "--output-range", "dtype",
            "--no-guard"
        ])
        let reference = try NPYReader(path: fixture("published.npy")).read(0..<8)
        let output = try ScanIO.openReader(path("out")).read(0..<8)
        XCTAssertEqual(output.width, reference.width)
        XCTAssertEqual(output.height, reference.height)
        let pairs = zip(output.values(), reference.values())
        let withinOne = pairs.filter { abs($0 - $1) <= 1 }.count
        XCTAssertGreaterThanOrEqual(Double(withinOne) / Double(reference.values().count), 0.999)
        let exact = pairs.filter { $0 == $1 }.count
        XCTAssertGreaterThan(Double(exact) / Double(reference.values().count), 0.5, "the output should mostly equal the reference")
    }

    /// With the guard, each output is the network's or, where the guard gave way, the input
    /// pattern itself in the output's units (here the published script's 0..255).
    func testTheGuardKeepsTheInputPatternInTheOutputsUnits() throws {
        let arguments = ["--method", "autoencoder", fixture("patterns"), "--model", model, "--input-range", "dtype", "--output-range", "dtype"]
        try denoise(arguments + ["-o", path("network"), "--no-guard"])
        let guarded = try CommandRunner.run(["denoise"] + arguments + ["-o", path("guarded"), "--quiet"])
        XCTAssertEqual(guarded.status, 0, guarded.standardError)
        // Where the blend judged every pattern the guard has none left and keeps nothing.
        let lines = guarded.standardOutput.split(separator: "\n")
        let note = lines.first { $0.hasPrefix("guard: the pattern given to the network kept for ") }
        let kept =
            lines.contains("guard: no pattern left to it (the blend judged every one)")
            ? 0 : try XCTUnwrap(note.flatMap { Int($0.split(separator: " ")[9]) }, guarded.standardOutput)
        let input = try ScanIO.openReader(fixture("patterns")), network = try ScanIO.openReader(path("network"))
        let output = try ScanIO.openReader(path("guarded"))
        var inputs = 0
        for index in 0..<input.scan.count {
            let got = try output.read(index).values()
            if got == (try network.read(index).values()) { continue }
            XCTAssertLessThanOrEqual(zip(got, try input.read(index).values()).map { abs($0 - $1) }.max()!, 1, "pattern \(index)")
            inputs += 1
        }
        XCTAssertEqual(inputs, kept)
    }

    /// On a grain map the autoencoder's blend judges every pattern that has region-mates beyond its
    /// own reach, and the guard decides only the rest; the two lines say so and add up.
    func testTheBlendAndTheGuardShareTheMapsPatterns() throws {
        let simulated = try CommandRunner.run([
            "simulate", "-o", path("map.up2"), "--map", "8x6", "--grains", "2", "--size", "32x32", "--dose", "20",
            "--gain", "16", "--seed", "3", "--quiet"
        ])
        simulated.assertSucceeded()
        let result = try CommandRunner.run(["denoise", path("map.up2"), "-o", path("blended.up2"), "--method", "autoencoder", "--quiet"])
        result.assertSucceeded()
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        let blend = try XCTUnwrap(lines.first { $0.hasPrefix("blend: the network's output taken at ") }, result.standardOutput)
        let words = blend.split(separator: " ")
        let judged = try XCTUnwrap(words.firstIndex(of: "for").flatMap { Int(words[$0 + 1]) }, blend)
        let unjudged = try XCTUnwrap(words.firstIndex(of: "read;").flatMap { Int(words[$0 + 1]) }, blend)
        XCTAssertEqual(judged + unjudged, 48, blend)
        XCTAssertGreaterThan(judged, 24, "two large grains: most patterns have mates")
        let guardLine = try XCTUnwrap(lines.first { $0.hasPrefix("guard: ") }, result.standardOutput)
        if unjudged == 0 {
            XCTAssertEqual(guardLine, "guard: no pattern left to it (the blend judged every one)")
        } else {
            XCTAssertTrue(guardLine.contains(" of \(unjudged) patterns"), guardLine)
        }
    }

    func testUP2KeepsItsHeaderAndThreadsDoNotChangeTheBytes() throws {
        let input = try makeUP2("scan.up2", count: 24, columns: 6)
        try denoise(["--method", "autoencoder", input, "-o", path("one.up2"), "--model", model, "--threads", "1"])
        try denoise(["--method", "autoencoder", input, "-o", path("two.up2"), "--model", model, "--threads", "2"])
        let original = try bytes(input), one = try bytes(path("one.up2"))
        XCTAssertEqual(one.count, original.count)
        let headerSize = Int(original[12]) | Int(original[13]) << 8 | Int(original[14]) << 16 | Int(original[15]) << 24
        XCTAssertGreaterThan(headerSize, 0)
        XCTAssertEqual(one.prefix(headerSize), original.prefix(headerSize), "the header geometry is kept")
        XCTAssertNotEqual(one, original, "the patterns are denoised")
        XCTAssertEqual(one, try bytes(path("two.up2")))
        let scan = try ScanIO.openReader(path("one.up2")).scan
        XCTAssertEqual(scan.geometry, MapGeometry(columns: 6, rows: 4, stepX: 0.5, stepY: 0.5))
    }

    /// Without --model the bundled model is used: here the one $KIKUCHI_MODEL names (the repository's
    /// own is covered by the indexing benchmark); a missing one is an error that says where it looked.
    func testWithoutModelTheBundledModelIsUsed() throws {
        let input = try makeUP2("scan.up2", count: 6, columns: 3)
        try denoise(["--method", "autoencoder", input, "-o", path("given.up2"), "--model", model])
        let result = try CommandRunner.run(
            ["denoise", "--method", "autoencoder", input, "-o", path("bundled.up2"), "--quiet"], environment: ["KIKUCHI_MODEL": model])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(try bytes(path("bundled.up2")), try bytes(path("given.up2")))
        let missing = path("nowhere/ebsd-autoencoder.h5")
        try assertFailsCleanly(
            ["denoise", "--method", "autoencoder", input, "-o", path("none.up2")], mentions: ["no bundled model found", missing, "--model FILE"],
            output: path("none.up2"), inputs: [input], environment: ["KIKUCHI_MODEL": missing])
    }

    func testShardsMergedEqualTheOneShotOutput() throws {
        let input = try makeUP2("scan.up2", count: 31, columns: 1)
        try denoise(["--method", "autoencoder", input, "-o", path("whole.up2"), "--model", model])
        for k in 1...3 {
            try denoise(["--method", "autoencoder", input, "-o", path("part\(k).kpart"), "--model", model, "--shard", "\(k)/3"])
        }
        let merged = try CommandRunner.run(["merge", path("part3.kpart"), path("part1.kpart"), path("part2.kpart"), "-o", path("merged.up2"), "--quiet"])
        XCTAssertEqual(merged.status, 0, merged.standardError)
        XCTAssertEqual(try bytes(path("merged.up2")), try bytes(path("whole.up2")))
        // The same parts give the same scan in another kind too.
        let h5 = try CommandRunner.run(["merge", path("part1.kpart"), path("part2.kpart"), path("part3.kpart"), "-o", path("merged.h5"), "--quiet"])
        XCTAssertEqual(h5.status, 0, h5.standardError)
        XCTAssertEqual(try ScanIO.openReader(path("merged.h5")).read(0..<31), try ScanIO.openReader(path("whole.up2")).read(0..<31))
    }

    func testAKilledRunLeavesNothingAndResumesToTheSameBytes() throws {
        let count = 3000
        let batch = SyntheticPatterns.batch(width: 64, height: 64, count: count, pixelType: .uint16, seed: 9)
        try SyntheticPatterns.write(batch, to: path("big.up2"), geometry: MapGeometry(columns: 60, rows: 50))
        let output = path("out.up2")
        let checkpoint = folder.appendingPathComponent(".out.up2.work.progress").path

        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["denoise", "--method", "autoencoder", path("big.up2"), "-o", output, "--model", model, "--quiet"]
        try process.run()
        var done = 0
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline && done < count / 10 {
            usleep(20_000)
            done = doneCount(checkpoint)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, "the run should have been killed halfway")
        XCTAssertGreaterThan(done, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output), "a killed run leaves nothing at OUT")

        let resumed = try CommandRunner.run(["denoise", "--method", "autoencoder", path("big.up2"), "-o", output, "--model", model, "--resume", "--quiet"])
        XCTAssertEqual(resumed.status, 0, resumed.standardError)
        XCTAssertTrue(resumed.standardOutput.contains("resumed"), resumed.standardOutput)
        try denoise(["--method", "autoencoder", path("big.up2"), "-o", path("uninterrupted.up2"), "--model", model])
        XCTAssertEqual(try bytes(output), try bytes(path("uninterrupted.up2")))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(left, [], "the work files are removed once OUT is complete")
    }

    /// The patterns recorded in a checkpoint file (0 while there is none).
    private func doneCount(_ checkpoint: String) -> Int {
        guard let data = FileManager.default.contents(atPath: checkpoint),
            let record = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let ranges = record["done"] as? [[Int]]
        else { return 0 }
        return ranges.reduce(0) { $0 + $1[1] - $1[0] }
    }
}

/// `kikuchi denoise --method` for the classic methods: the same numbers as the library's
/// denoisers (checked against kikuchipy, PyEBSDIndex and scikit-learn in KikuchiDenoiseTests),
/// and neighbour methods sharded and merged byte for byte.
final class ClassicDenoiseCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("denoise-classic") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func makeScan() throws -> String {
        let batch = SyntheticPatterns.batch(width: 30, height: 26, count: 35, pixelType: .uint16, seed: 8)
        try SyntheticPatterns.write(batch, to: path("scan.up2"), geometry: MapGeometry(columns: 7, rows: 5))
        return path("scan.up2")
    }

    private func run(_ arguments: [String]) throws {
        let result = try CommandRunner.run(arguments + ["--quiet"])
        XCTAssertEqual(result.status, 0, result.standardError)
    }

    private func viaLibrary(_ denoiser: PatternDenoiser, _ input: String) throws -> PatternBatch {
        let reader = try ScanIO.openReader(input)
        let writer = try ScanIO.createWriter(path("library.npy"), scan: denoiser.outputScan(for: reader.scan), options: WriteOptions(overwrite: true))
        try DenoiseJob(denoiser: denoiser, threads: 1).run(from: reader, to: writer)
        return try ScanIO.openReader(path("library.npy")).read(0..<reader.scan.count)
    }

    func testEachMethodGivesTheLibrarysNumbers() throws {
        let input = try makeScan()
        let cases: [([String], PatternDenoiser)] = [
            (
                ["--method", "npa", "--window", "5x3", "--kernel", "gaussian"],
                NeighbourPatternAveraging(window: try AveragingWindow(kernel: .gaussian, size: "5x3"))
            ),
            (["--method", "nlpar", "--lambda", "0.9", "--radius", "2"], try NonLocalPatternAveraging(lambda: 0.9, searchRadius: 2)),
            (["--method", "pca", "--components", "4"], try PCADenoiser(components: 4)),
            (["--method", "dynamic", "--sigma", "3"], try DynamicBackgroundCorrection(sigma: 3)),
            (["--method", "static"], StaticBackgroundCorrection()),
            (["--method", "regions", "--radius", "2"], try RegionAveraging(radius: 2))
        ]
        for (options, denoiser) in cases {
            // The computed float32 patterns, as the library gives them.
            try run(["denoise", input, "-o", path("out.npy"), "--overwrite", "--output-type", "float32"] + options)
            let written = try ScanIO.openReader(path("out.npy")).read(0..<35)
            XCTAssertEqual(written.pixelType, .float32)
            let library = try viaLibrary(denoiser, input)
            let largest = zip(written.values(), library.values()).map { abs($0 - $1) }.max() ?? 0
            XCTAssertTrue(written == library, "\(options.joined(separator: " ")): largest difference \(largest)")
            XCTAssertTrue(written != (try ScanIO.openReader(input).read(0..<35)), options.joined(separator: " "))
        }
    }

    func testNeighbourMethodsShardAndMergeByteForByte() throws {
        let input = try makeScan()
        for method in [["--method", "nlpar", "--lambda", "auto"], ["--method", "regions"]] {
            try run(["denoise", input, "-o", path("whole.up2"), "--overwrite"] + method)
            for k in 1...3 {
                try run(["denoise", input, "-o", path("p\(k).kpart"), "--overwrite", "--shard", "\(k)/3"] + method)
            }
            try run(["merge", path("p1.kpart"), path("p2.kpart"), path("p3.kpart"), "-o", path("merged.up2"), "--overwrite"])
            XCTAssertEqual(
                try Data(contentsOf: URL(fileURLWithPath: path("merged.up2"))),
                try Data(contentsOf: URL(fileURLWithPath: path("whole.up2"))), method[1])
        }
    }

    func testRegionsRadiusBelowOneIsRefusedAndWritesNothing() throws {
        let input = try makeScan()
        try assertFailsCleanly(
            ["denoise", input, "-o", path("none.up2"), "--method", "regions", "--radius", "0"], status: 2,
            mentions: ["--radius must be at least 1 map step, not 0"], output: path("none.up2"), inputs: [input])
    }

    /// NLPAR, then the network, in one run equals the two runs one after the other byte for byte,
    /// and its shards merge to the same bytes.
    func testNLPARThenTheNetworkEqualsTheTwoRunsInARow() throws {
        let input = try makeScan()
        let model = TestPaths.fixture("denoise/small_ae.h5").path
        // Float32 between the two runs, as between the two methods of one run; the toy network
        // without the guard, which it fails here.
        try run(["denoise", input, "-o", path("averaged.h5"), "--method", "nlpar", "--lambda", "auto", "--output-type", "float32"])
        try run(["denoise", "--method", "autoencoder", path("averaged.h5"), "-o", path("two-runs.up2"), "--model", model, "--no-guard"])
        try run(["denoise", input, "-o", path("averaged.up2"), "--method", "nlpar", "--lambda", "auto"])
        try run(["denoise", input, "-o", path("one-run.up2"), "--method", "nlpar-autoencoder", "--lambda", "auto", "--model", model, "--no-guard"])
        let oneRun = try Data(contentsOf: URL(fileURLWithPath: path("one-run.up2")))
        XCTAssertEqual(oneRun, try Data(contentsOf: URL(fileURLWithPath: path("two-runs.up2"))))
        XCTAssertNotEqual(oneRun, try Data(contentsOf: URL(fileURLWithPath: path("averaged.up2"))))
        for k in 1...2 {
            try run([
                "denoise", input, "-o", path("c\(k).kpart"), "--method", "nlpar-autoencoder", "--lambda", "auto",
                "--model", model, "--shard", "\(k)/2", "--no-guard"
            ])
        }
        try run(["merge", path("c1.kpart"), path("c2.kpart"), "-o", path("merged.up2")])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("merged.up2"))), oneRun)
    }

    /// NLPAR (or region averaging), then a neighbour network: each output is the network's answer
    /// on its 3 x 3 neighbourhood and the averaging's output, given the averaging's mean and
    /// deviation; 3 shards merge to the same bytes (the neighbourhoods cross batch and shard
    /// boundaries); a run without a model (none bundled), or with one that does not take 10
    /// channels, is refused and writes nothing.
    func testNLPARNetworkSeesTheNeighboursAndShards() throws {
        try checkNeighbourNetwork(
            method: "nlpar-network", averaging: ["--method", "nlpar", "--lambda", "auto"],
            environment: ["KIKUCHI_NEIGHBOUR_MODEL": path("nowhere/nlpar-network.h5")])
    }

    func testRegionsNetworkSeesTheNeighboursAndShards() throws {
        try checkNeighbourNetwork(
            method: "regions-network", averaging: ["--method", "regions"],
            environment: ["KIKUCHI_REGIONS_MODEL": path("nowhere/nlpar-network.h5")])
    }

    private func checkNeighbourNetwork(method: String, averaging: [String], environment: [String: String]) throws {
        let input = try makeScan()
        let model = TestPaths.fixture("keras/neighbour_model.h5").path
        // The network's own numbers, without the guard (the fixture network fails it here, below).
        try run(["denoise", input, "-o", path("network.up2"), "--method", method, "--lambda", "auto", "--model", model, "--no-guard"])
        try run(["denoise", input, "-o", path("averaged.up2")] + averaging)
        // The computed float32 patterns, to check the numbers.
        try run([
            "denoise", input, "-o", path("network.npy"), "--method", method, "--lambda", "auto", "--model", model,
            "--output-type", "float32", "--no-guard"
        ])
        try run(["denoise", input, "-o", path("averaged.npy"), "--output-type", "float32"] + averaging)

        let raw = try ScanIO.openReader(input), averaged = try ScanIO.openReader(path("averaged.npy"))
        let output = try ScanIO.openReader(path("network.npy"))
        let network = try KerasModelFile.load(model)
        for index in [0, 10, 34] {
            let neighbours = NeighbourStack.neighbourhood(of: index, geometry: raw.scan.geometry, count: raw.scan.count)
            let smoothed = try averaged.read(index).floats(of: 0)
            let sample = NeighbourStack.sample(raw: try neighbours.map { try raw.read($0).floats(of: 0) }, averaged: smoothed)
            let answer = try network.predict(Tensor(shape: [1, 26, 30, 10], storage: sample), threads: 1).storage
            let mean = smoothed.reduce(0, +) / Float(smoothed.count)
            let deviation = (smoothed.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(smoothed.count)).squareRoot()
            let expected = answer.map { $0 * deviation + mean }
            let got = try output.read(index).floats(of: 0)
            XCTAssertLessThanOrEqual(
                zip(got, expected).map { abs($0 - $1) }.max()!, 1e-5 * (mean + 4 * deviation),
                "\(method): pattern \(index)")
        }

        let whole = try Data(contentsOf: URL(fileURLWithPath: path("network.up2")))
        XCTAssertNotEqual(whole, try Data(contentsOf: URL(fileURLWithPath: path("averaged.up2"))))
        for k in 1...3 {
            try run([
                "denoise", input, "-o", path("n\(k).kpart"), "--method", method, "--lambda", "auto",
                "--model", model, "--shard", "\(k)/3", "--no-guard"
            ])
        }
        try run(["merge", path("n1.kpart"), path("n2.kpart"), path("n3.kpart"), "-o", path("merged.up2")])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("merged.up2"))), whole)

        // With the guard (the default), every pattern the toy network changed beyond its noise keeps
        // the averaging's pattern, and the run says how many.
        let guarded = try CommandRunner.run([
            "denoise", input, "-o", path("guarded.npy"), "--method", method, "--lambda", "auto", "--model", model,
            "--output-type", "float32", "--quiet"
        ])
        XCTAssertEqual(guarded.status, 0, guarded.standardError)
        let count = raw.scan.count
        XCTAssertTrue(
            guarded.standardOutput.contains("guard: the averaging's pattern kept for \(count) of \(count) patterns"),
            guarded.standardOutput)
        let kept = try ScanIO.openReader(path("guarded.npy"))
        for index in [0, 10, 34] {
            XCTAssertEqual(try kept.read(index).floats(of: 0), try averaged.read(index).floats(of: 0), "\(method): pattern \(index)")
        }

        try assertFailsCleanly(
            ["denoise", input, "-o", path("none.up2"), "--method", method], status: 2,
            mentions: ["no bundled model found", "nowhere/nlpar-network.h5"], output: path("none.up2"), inputs: [input],
            environment: environment)
        let oneChannel = TestPaths.fixture("denoise/small_ae.h5").path
        try assertFailsCleanly(
            ["denoise", input, "-o", path("one.up2"), "--method", method, "--model", oneChannel],
            status: 2, mentions: ["small_ae.h5", "takes 1 input channels", "takes 10"],
            output: path("one.up2"), inputs: [input, oneChannel])
    }
}
