import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// `kikuchi simulate --training-set`: varied noisy / clean pairs prepared as the denoiser
/// prepares patterns, their conditions CSV, and the bad inputs of the training-set options.
final class TrainingSetCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("training-set") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func simulate(_ name: String, doses: String, seed: Int = 3, phases: String = "al") throws -> (noisy: PatternBatch, clean: PatternBatch) {
        try CommandRunner.run([
            "simulate", "--training-set", "6", "--size", "40x40", "--phases", phases, "--dose-range", doses,
            "--seed", "\(seed)", "-o", path("\(name)-noisy.npy"), "--clean", path("\(name)-clean.npy"),
            "--parameters-out", path("\(name).csv"), "--quiet"
        ]).assertSucceeded()
        return (try ScanIO.openReader(path("\(name)-noisy.npy")).read(0..<6), try ScanIO.openReader(path("\(name)-clean.npy")).read(0..<6))
    }

    private func correlation(_ a: [Float], _ b: [Float]) -> Double {
        let ma = a.reduce(0, +) / Float(a.count), mb = b.reduce(0, +) / Float(b.count)
        var ab = 0.0, aa = 0.0, bb = 0.0
        for i in 0..<a.count {
            let x = Double(a[i] - ma), y = Double(b[i] - mb)
            ab += x * y
            aa += x * x
            bb += y * y
        }
        return ab / (aa * bb).squareRoot()
    }

    func testPairsAreNormalisedResizedAndNoisierAtLowDose() throws {
        let bright = try simulate("bright", doses: "200:400")
        XCTAssertEqual(bright.noisy.width, 40)
        XCTAssertEqual(bright.noisy.height, 40)
        XCTAssertEqual(bright.noisy.pixelType, .uint16)
        for index in 0..<6 {
            // Each pattern is scaled to its own [0, 1] (times 65535) before the resize to 40 x 40,
            // which may only pull the extremes inwards.
            for pattern in [bright.noisy.floats(of: index), bright.clean.floats(of: index)] {
                XCTAssertLessThan(pattern.min()!, 0.25 * 65535)
                XCTAssertGreaterThan(pattern.max()!, 0.75 * 65535)
            }
        }
        let dim = try simulate("dim", doses: "1:1.001")
        let brightCorrelations = (0..<6).map { correlation(bright.noisy.floats(of: $0), bright.clean.floats(of: $0)) }
        let dimCorrelations = (0..<6).map { correlation(dim.noisy.floats(of: $0), dim.clean.floats(of: $0)) }
        XCTAssertGreaterThan(brightCorrelations.min()!, 0.6, "\(brightCorrelations)")
        XCTAssertLessThan(dimCorrelations.max()!, brightCorrelations.min()!, "\(dimCorrelations) vs \(brightCorrelations)")

        let lines = try String(contentsOfFile: path("bright.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 7)
        XCTAssertTrue(lines[0].hasPrefix("source,phi1,Phi,phi2,width,height,pcx,pcy,pcz,elevation,dose,"))
        let doseColumn = lines[0].split(separator: ",").firstIndex(of: "dose")!
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",")
            XCTAssertTrue(["al", "fe"].contains(fields[0]), String(line))
            XCTAssertTrue((200...400).contains(Double(fields[doseColumn])!), String(line))
        }
    }

    func testTheSeedDecidesEverything() throws {
        let first = try simulate("first", doses: "1:100")
        let again = try simulate("again", doses: "1:100")
        let other = try simulate("other", doses: "1:100", seed: 4)
        XCTAssertEqual(first.noisy.bytes, again.noisy.bytes)
        XCTAssertEqual(first.clean.bytes, again.clean.bytes)
        XCTAssertEqual(try String(contentsOfFile: path("first.csv"), encoding: .utf8), try String(contentsOfFile: path("again.csv"), encoding: .utf8))
        XCTAssertNotEqual(first.clean.bytes, other.clean.bytes)
    }

    func testBadTrainingSetOptions() throws {
        let out = path("out.npy")
        try assertFailsCleanly(
            ["simulate", "--training-set", "4", "-o", out], status: 2,
            mentions: ["--training-set needs --clean"], output: out, inputs: [])
        try assertFailsCleanly(
            ["simulate", "--training-set", "0", "-o", out, "--clean", path("c.npy")], status: 2,
            mentions: ["--training-set must be at least 1"], output: out, inputs: [])
        try assertFailsCleanly(
            ["simulate", "--training-set", "4", "-o", out, "--clean", path("c.npy"), "--dose-range", "5:2"], status: 2,
            mentions: ["--dose-range", "'5:2'"], output: out, inputs: [])
        try assertFailsCleanly(
            ["simulate", "--training-set", "4", "-o", out, "--clean", path("c.npy"), "--phases", "ni,zr"], status: 2,
            mentions: ["unknown phase 'zr' in --phases"], output: out, inputs: [])
        try assertFailsCleanly(
            ["simulate", "-o", out, "--parameters-out", path("p.csv")], status: 2,
            mentions: ["--parameters-out needs --training-set"], output: out, inputs: [])
        let orientations = path("given.csv")
        try Data("phi1,Phi,phi2\n0,0,0\n".utf8).write(to: URL(fileURLWithPath: orientations))
        try assertFailsCleanly(
            ["simulate", "--training-set", "4", "-o", out, "--clean", path("c.npy"), "--orientations", orientations],
            status: 2, mentions: ["leave out --orientations"], output: out, inputs: [orientations])
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("c.npy")))
    }

    func testGainAndContrastOfAScan() throws {
        try CommandRunner.run([
            "simulate", "-o", path("gain.npy"), "--map", "2x2", "--size", "32x32", "--dose", "10", "--gain", "50",
            "--contrast", "0.25", "--clean", path("gain-clean.npy"), "--quiet"
        ]).assertSucceeded()
        let clean = try ScanIO.openReader(path("gain-clean.npy")).read(0..<4).values()
        XCTAssertEqual(clean.reduce(0, +) / Double(clean.count), 500, accuracy: 5, "dose 10 at 50 units per count")
        try assertFailsCleanly(
            ["simulate", "-o", path("out.npy"), "--gain", "0"], status: 2,
            mentions: ["--gain must be a positive number"], output: path("out.npy"), inputs: [])
        try assertFailsCleanly(
            ["simulate", "-o", path("out.npy"), "--contrast", "1.5"], status: 2,
            mentions: ["--contrast must be in (0, 1]"], output: path("out.npy"), inputs: [])
    }
}
