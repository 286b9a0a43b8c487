import Foundation
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// `kikuchi simulate` through the command line: the scan, its truth and orientations, given
/// orientations, and every bad input with its one-line message.
final class SimulateCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("simulate") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func testWritesNoisyAndCleanScansAndTheOrientations() throws {
        let result = try CommandRunner.run([
            "simulate", "-o", path("noisy.up2"), "--phase", "al", "--map", "5x4", "--hex",
            "--grains", "3", "--size", "48x40", "--dose", "30", "--clean", path("clean.h5"),
            "--orientations-out", path("truth.csv"), "--seed", "7", "--quiet"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        let noisy = try ScanIO.openReader(path("noisy.up2")), clean = try ScanIO.openReader(path("clean.h5"))
        XCTAssertEqual(noisy.scan.count, 18, "5 x 4 hex: 5 + 4 + 5 + 4")
        XCTAssertEqual(noisy.scan.geometry.grid, .hex)
        XCTAssertEqual(noisy.scan.geometry.stepY, 3.0.squareRoot() / 2, accuracy: 1e-12)
        XCTAssertEqual(noisy.scan.width, 48)
        XCTAssertEqual(noisy.scan.height, 40)
        XCTAssertEqual(noisy.scan.pixelType, .uint16)
        XCTAssertEqual(clean.scan.count, 18)
        let n = try noisy.read(0..<18).values(), c = try clean.read(0..<18).values()
        XCTAssertEqual(n.reduce(0, +) / Double(n.count), 30, accuracy: 1)
        XCTAssertEqual(c.reduce(0, +) / Double(c.count), 30, accuracy: 0.5)
        let lines = try String(contentsOfFile: path("truth.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "phi1,Phi,phi2")
        XCTAssertEqual(lines.count, 19)
        XCTAssertLessThanOrEqual(Set(lines.dropFirst()).count, 3, "three grains")

        // The same seed gives the same scan; the orientations read back give the same clean patterns.
        let again = try CommandRunner.run([
            "simulate", "-o", path("again.npy"), "--phase", "al", "--map", "5x4", "--hex",
            "--grains", "3", "--size", "48x40", "--orientations", path("truth.csv"), "--quiet"
        ])
        XCTAssertEqual(again.status, 0, again.standardError)
        let replay = try ScanIO.openReader(path("again.npy")).read(0..<18).values()
        XCTAssertEqual(replay.count, c.count)
        // Without --dose the pattern is noise-free at the nominal 1000 counts; the shapes agree.
        let scaled = replay.map { $0 * 30 / 1000 }
        XCTAssertLessThan(zip(scaled, c).map { abs($0 - $1) }.max()!, 1.0)
    }

    func testEightBitOutputFromUP1() throws {
        let result = try CommandRunner.run(["simulate", "-o", path("scan.up1"), "--map", "3x2", "--size", "32x32", "--dose", "20", "--quiet"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(try ScanIO.openReader(path("scan.up1")).scan.pixelType, .uint8)
    }

    func testUnknownPhase() throws {
        try assertFailsCleanly(
            ["simulate", "-o", path("out.npy"), "--phase", "zr"], status: 2,
            mentions: ["unknown phase 'zr'", "ni, al, cu, fe, si, ti"], output: path("out.npy"), inputs: [])
    }

    func testBadPatternCentre() throws {
        try assertFailsCleanly(
            ["simulate", "-o", path("out.npy"), "--pc", "0.5,0.5"], status: 2,
            mentions: ["--pc", "0.5,0.5"], output: path("out.npy"), inputs: [])
        try assertFailsCleanly(
            ["simulate", "-o", path("out.npy"), "--pc", "0.5,0.5,-1"], status: 2,
            mentions: ["--pc", "distance Z must be positive"], output: path("out.npy"), inputs: [])
        try assertFailsCleanly(
            ["simulate", "-o", path("out.npy"), "--pc-convention", "hkl"], status: 2,
            mentions: ["unknown --pc-convention 'hkl'"], output: path("out.npy"), inputs: [])
    }

    func testDetectorOptionsShapeTheScanAndKeepHotPixelsOutOfTheTruth() throws {
        let result = try CommandRunner.run([
            "simulate", "-o", path("detector.npy"), "--map", "2x1", "--grains", "1", "--size", "40x40", "--dose", "50",
            "--screen", "0.9", "--camera-offset", "3", "--hot-pixels", "0.02", "--blur", "0", "--read-noise", "0",
            "--clean", path("detector-clean.npy"), "--quiet"
        ])
        result.assertSucceeded()
        let noisy = try ScanIO.openReader(path("detector.npy")).read(0..<2), clean = try ScanIO.openReader(path("detector-clean.npy")).read(0..<2)
        let truth = clean.floats(of: 0)
        XCTAssertEqual(truth[0], 3, "a corner is outside the screen: the dark level alone")
        XCTAssertGreaterThan(truth[20 * 40 + 20], 20, "the centre is lit")
        let first = noisy.floats(of: 0), second = noisy.floats(of: 1)
        let hot = first.indices.filter { first[$0] == 403 }
        XCTAssertGreaterThan(hot.count, 10, "8 times the dose, plus the dark level")
        XCTAssertTrue(hot.allSatisfy { second[$0] == 403 }, "the same hot pixels in every pattern")
        XCTAssertTrue(hot.allSatisfy { truth[$0] < 200 })
    }

    func testBadDetectorOptions() throws {
        for (arguments, fragment) in [
            (["--shadow", "30,0.2"], "--shadow must be angle,offset,depth"),
            (["--shadow", "30,0.2,1.5"], "the depth in [0, 1], not '30,0.2,1.5'"),
            (["--screen", "0"], "--screen must be a positive radius"),
            (["--vignetting", "1"], "--vignetting must be in [0, 1)"),
            (["--gamma=-1"], "--gamma must be positive"),
            (["--hot-pixels", "2"], "--hot-pixels must be a fraction"),
            (["--blur=-0.5"], "--blur must be a sigma of 0 or more"),
            (["--training-set", "4", "--clean", path("pairs-clean.npy"), "--screen", "0.9"], "the detector options are for a scan")
        ] {
            try assertFailsCleanly(
                ["simulate", "-o", path("out.npy")] + arguments, status: 2, mentions: [fragment], output: path("out.npy"), inputs: [])
        }
    }

    func testOutputsMustDiffer() throws {
        let message = "-o, --clean, --orientations-out and --parameters-out must be different files"
        try assertFailsCleanly(
            ["simulate", "-o", path("out.npy"), "--clean", path("out.npy")], status: 2,
            mentions: [message], output: path("out.npy"), inputs: [])
        try assertFailsCleanly(
            [
                "simulate", "--training-set", "2", "-o", path("pairs.h5"), "--clean", path("clean.h5"),
                "--parameters-out", path("clean.h5")
            ], status: 2,
            mentions: [message], output: path("pairs.h5"), inputs: [])
    }

    func testBadMasterFile() throws {
        let notHDF5 = path("master.h5")
        try Data("not an HDF5 file".utf8).write(to: URL(fileURLWithPath: notHDF5))
        try assertFailsCleanly(
            ["simulate", "-o", path("out.npy"), "--master", notHDF5, "--map", "2x2"], status: 2,
            mentions: ["master.h5", "not a readable HDF5 file"], output: path("out.npy"), inputs: [notHDF5])
        // An HDF5 file without the master pattern datasets: a kikuchipy h5ebsd scan.
        try CommandRunner.run(["simulate", "-o", path("scan.h5"), "--map", "2x1", "--size", "16x16", "--quiet"]).assertSucceeded()
        try assertFailsCleanly(
            ["simulate", "-o", path("out.npy"), "--master", path("scan.h5"), "--map", "2x2"], status: 2,
            mentions: ["scan.h5", "not an EMsoft EBSD master pattern file", "mLPNH"], output: path("out.npy"),
            inputs: [path("scan.h5")])
    }

    func testMasterEnergyThatIsNotInTheFile() throws {
        guard let data = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        let master = data.appendingPathComponent("kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5").path
        try assertFailsCleanly(
            ["simulate", "-o", path("out.npy"), "--master", master, "--kv", "15", "--map", "2x2"], status: 2,
            mentions: ["ni_mc_mp_20kv_uint8_gzip_opts9.h5", "no master pattern at 15 kV", "energies: 20"],
            output: path("out.npy"), inputs: [master])
        let ok = try CommandRunner.run(["simulate", "-o", path("ni.npy"), "--master", master, "--map", "2x2", "--size", "60x60", "--quiet"])
        XCTAssertEqual(ok.status, 0, ok.standardError)
    }

    func testOrientationCountMustMatchTheMap() throws {
        let csv = path("three.csv")
        try "phi1,Phi,phi2\n0,0,0\n10,20,30\n40,50,60\n".write(toFile: csv, atomically: true, encoding: .utf8)
        try assertFailsCleanly(
            [
                "simulate", "-o", path("out.npy"), "--orientations", csv, "--map", "2x2", "--clean", path("clean.npy"),
                "--orientations-out", path("out.csv")
            ], status: 2,
            mentions: ["three.csv", "holds 3 orientations", "2 x 2 square map has 4 patterns"],
            output: path("out.npy"), inputs: [csv])
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("clean.npy")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out.csv")))
        try assertFailsCleanly(
            ["simulate", "-o", path("out.npy"), "--orientations", path("missing.csv")], status: 2,
            mentions: ["missing.csv", "cannot read the orientations file"], output: path("out.npy"), inputs: [])
    }

    func testExistingOutputIsKept() throws {
        try Data("keep".utf8).write(to: URL(fileURLWithPath: path("taken.npy")))
        let result = try CommandRunner.run(["simulate", "-o", path("taken.npy"), "--map", "2x2"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.standardError.contains("already exists; pass --overwrite"), result.standardError)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("taken.npy"))), Data("keep".utf8))
    }
}
