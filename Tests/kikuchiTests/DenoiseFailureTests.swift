import Foundation
import KikuchiDenoise
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// Bad input to `kikuchi denoise` and `kikuchi merge`: one line naming the file and the
/// problem, nothing at OUT, the inputs unchanged.
final class DenoiseFailureTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("denoise-bad") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func fixture(_ name: String) -> String { TestPaths.fixture("denoise/\(name)").path }
    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    private var model: String { fixture("small_ae.h5") }

    private func makeScan(_ name: String, width: Int = 40, height: Int = 36, count: Int = 6) throws -> String {
        let batch = SyntheticPatterns.batch(width: width, height: height, count: count, pixelType: .uint16, seed: 2)
        try SyntheticPatterns.write(batch, to: path(name), geometry: MapGeometry(columns: count, rows: 1))
        return path(name)
    }

    func testAModelWithThreeInputChannelsIsRefused() throws {
        let input = try makeScan("scan.up2")
        try assertFailsCleanly(
            ["denoise", "--method", "autoencoder", input, "-o", path("out.up2"), "--model", fixture("rgb_input.h5")], status: 2,
            mentions: ["rgb_input.h5", "3 input channels"], output: path("out.up2"), inputs: [input])
    }

    func testPatternsSmallerThanEightPixelsAreRefused() throws {
        let input = try makeScan("tiny.up2", width: 7, height: 12)
        try assertFailsCleanly(
            ["denoise", "--method", "autoencoder", input, "-o", path("out.up2"), "--model", model], status: 2,
            mentions: ["tiny.up2", "7 x 12", "at least 8 x 8"], output: path("out.up2"), inputs: [input])
    }

    func testOutputEqualToInputIsRefused() throws {
        let input = try makeScan("scan.up2")
        try assertFailsCleanly(
            ["denoise", "--method", "autoencoder", input, "-o", input, "--model", model, "--overwrite"], status: 2,
            mentions: ["the output is the input"], output: nil, inputs: [input])
    }

    func testAFullDiskFailsWithAMessageAndNoOutput() throws {
        let input = try makeScan("scan.up2", width: 64, height: 64, count: 200)
        let before = try Fingerprint.of(input)
        // A 64 KB file-size limit stands in for a full disk: the work file cannot grow past it.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", "ulimit -f 64; exec \"$0\" \"$@\"", CommandRunner.executable.path,
            "denoise", "--method", "autoencoder", input, "-o", path("out.up2"), "--model", model, "--quiet"
        ]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1, message)
        XCTAssertTrue(message.hasPrefix("kikuchi: error: "), message)
        XCTAssertTrue(message.contains("cannot write"), message)
        XCTAssertTrue(message.contains("--resume"), "the note tells how to go on: \(message)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out.up2")))
        XCTAssertEqual(try Fingerprint.of(input), before)
    }

    func testAShardMustGoToAPartFile() throws {
        let input = try makeScan("scan.up2")
        try assertFailsCleanly(
            ["denoise", "--method", "autoencoder", input, "-o", path("out.up2"), "--model", model, "--shard", "1/2"], status: 2,
            mentions: ["out.up2", ".kpart"], output: path("out.up2"), inputs: [input])
        try assertFailsCleanly(
            ["denoise", "--method", "autoencoder", input, "-o", path("out.kpart"), "--model", model, "--shard", "3/2"], status: 2,
            mentions: ["--shard"], output: path("out.kpart"), inputs: [input])
    }

    func testMergeRefusesMissingForeignAndRepeatedParts() throws {
        let input = try makeScan("scan.up2")
        for k in 1...3 {
            let run = try CommandRunner.run([
                "denoise", "--method", "autoencoder", input, "-o", path("p\(k).kpart"), "--model", model, "--shard", "\(k)/3", "--quiet"
            ])
            XCTAssertEqual(run.status, 0, run.standardError)
        }
        let other = try CommandRunner.run([
            "denoise", "--method", "autoencoder", input, "-o", path("q1.kpart"), "--model", model, "--shard", "1/3",
            "--output-range", "stretch", "--quiet"
        ])
        XCTAssertEqual(other.status, 0, other.standardError)
        let parts = ["p1.kpart", "p2.kpart", "p3.kpart", "q1.kpart"].map(path)
        try assertFailsCleanly(
            ["merge", path("p1.kpart"), path("p3.kpart"), "-o", path("out.up2")], status: 2,
            mentions: ["missing"], output: path("out.up2"), inputs: parts)
        try assertFailsCleanly(
            ["merge", path("q1.kpart"), path("p2.kpart"), path("p3.kpart"), "-o", path("out.up2")], status: 2,
            mentions: ["another run"], output: path("out.up2"), inputs: parts)
        try assertFailsCleanly(
            ["merge", path("p1.kpart"), path("p1.kpart"), path("p2.kpart"), path("p3.kpart"), "-o", path("out.up2")],
            status: 2, mentions: ["given twice"], output: path("out.up2"), inputs: parts)
        try assertFailsCleanly(
            ["merge", input, "-o", path("out.up2")], status: 2,
            mentions: ["scan.up2", "not a kikuchi part file"], output: path("out.up2"), inputs: parts + [input])
    }

    func testResumingWithOtherSettingsIsRefused() throws {
        let input = try makeScan("scan.up2")
        // An interrupted run of the same input with other settings left its work file.
        let scan = try ScanIO.openReader(input).scan
        _ = try ScanPart(
            creating: path(".out.up2.work"),
            manifest: ScanPartManifest(
                scan: scan.with(pixelType: .float32), inputPixelType: scan.pixelType,
                encoding: OutputEncoding(), shard: .whole, identity: "another run"))
        try assertFailsCleanly(
            ["denoise", "--method", "autoencoder", input, "-o", path("out.up2"), "--model", model, "--resume"], status: 2,
            mentions: ["out.up2", "another input, shard or settings"], output: path("out.up2"), inputs: [input])
    }

    /// No --model and no bundled model where $KIKUCHI_MODEL says it is.
    /// The default method has no network: a --model without a network method is refused, not ignored.
    func testAModelWithoutANetworkMethodIsRefused() throws {
        let input = try makeScan("scan.up2")
        try assertFailsCleanly(
            ["denoise", input, "-o", path("out.up2"), "--model", model], status: 2,
            mentions: ["--method regions takes no model", "--model goes with autoencoder, nlpar-autoencoder, nlpar-network or regions-network"],
            output: path("out.up2"), inputs: [input])
    }

    func testMissingModelIsBadUsage() throws {
        let input = try makeScan("scan.up2")
        try assertFailsCleanly(
            ["denoise", "--method", "autoencoder", input, "-o", path("out.up2")], status: 2,
            mentions: ["no bundled model found", "--model"], output: path("out.up2"), inputs: [input],
            environment: ["KIKUCHI_MODEL": path("absent.h5")])
    }
}
