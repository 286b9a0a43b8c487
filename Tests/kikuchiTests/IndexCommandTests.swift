import Foundation
import KikuchiIO
import KikuchiIndex
import KikuchiSim
import KikuchiTestSupport
import XCTest

/// `kikuchi index` through the command line: a simulated scan indexed and refined into an `.ang`
/// whose orientations are the truth's, and every bad input with its one-line message.
final class IndexCommandTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("index") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A 4 x 3 hex map of kinematical Ni patterns, 40 x 40, with its true orientations.
    private func simulatedScan() throws -> (scan: String, truth: [EulerAngles]) {
        let result = try CommandRunner.run([
            "simulate", "-o", path("scan.up2"), "--phase", "ni", "--map", "4x3", "--hex", "--grains", "4", "--size", "40x40",
            "--pc", "0.52,0.45,0.6", "--dose", "200", "--orientations-out", path("truth.csv"), "--seed", "3", "--quiet"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        return (path("scan.up2"), try OrientationsCSV.read(path("truth.csv")))
    }

    /// The data lines of an `.ang` as numbers, and its header lines.
    private func readAng(_ path: String) throws -> (header: [String], rows: [[Double]]) {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines.filter { $0.hasPrefix("#") }
        let rows = lines.filter { !$0.hasPrefix("#") }.map { $0.split(separator: " ").compactMap { Double($0) } }
        return (header, rows)
    }

    func testIndexesASimulatedHexScanIntoAnAng() throws {
        let (scan, truth) = try simulatedScan()
        let result = try CommandRunner.run([
            "index", scan, "-o", path("map.ang"), "--phase", "ni", "--pc", "0.52,0.45,0.6", "--resolution", "6", "--refine",
            "--threads", "2", "--json"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("\"dictionarySize\""), result.standardOutput)
        let (header, rows) = try readAng(path("map.ang"))
        for expected in ["# GRID: HexGrid", "# NCOLS_ODD: 4", "# NCOLS_EVEN: 3", "# NROWS: 3", "# x-star                0.520000"] {
            XCTAssertTrue(header.contains(expected), "header lacks '\(expected)': \(header)")
        }
        XCTAssertTrue(header.contains { $0.hasPrefix("# Symmetry") && $0.hasSuffix(" 43") })
        XCTAssertTrue(header.contains { $0.hasPrefix("# LatticeConstants") && $0.contains("3.524") })
        XCTAssertEqual(rows.count, 11, "4 + 3 + 4 positions")
        let cubic = PointGroup(name: "432")!
        for (k, row) in rows.enumerated() {
            XCTAssertEqual(row.count, 10)
            let d = 180 / Double.pi
            let found = UnitQuaternion(EulerAngles(phi1: row[0] * d, Phi: row[1] * d, phi2: row[2] * d))
            let error = cubic.disorientation(found, UnitQuaternion(truth[k])) * d
            XCTAssertLessThan(error, 1, "pattern \(k)")
            XCTAssertGreaterThan(row[6], 0.3, "CI: the match's cross-correlation")
            XCTAssertEqual(row[7], 1, "phase")
        }
        // Hex positions: the second row is shifted by half a step and sqrt(3)/2 of a step down.
        XCTAssertEqual(rows[4][3], 0.5, accuracy: 1e-5)
        XCTAssertEqual(rows[4][4], 3.0.squareRoot() / 2, accuracy: 1e-5)
        XCTAssertEqual(rows[7][3], 0, accuracy: 1e-5)
    }

    func testUnknownPhase() throws {
        let input = TestPaths.fixture("index/scan.npy").path
        try assertFailsCleanly(
            ["index", input, "-o", path("out.ang"), "--phase", "zr", "--pc", "0.5,0.5,0.5", "--map", "5x4"], status: 2,
            mentions: ["unknown phase 'zr'", "ni, al, cu, fe, si, ti"], output: path("out.ang"), inputs: [input])
    }

    func testPatternCentreOutsideTheDetector() throws {
        let input = TestPaths.fixture("index/scan.npy").path
        for pc in ["1.3,0.5,0.5", "0.5,-0.2,0.5", "0.5,0.5,0"] {
            try assertFailsCleanly(
                ["index", input, "-o", path("out.ang"), "--phase", "ni", "--pc", pc, "--map", "5x4"], status: 2,
                mentions: ["--pc", "outside the 60 x 60 detector"],
                output: path("out.ang"), inputs: [input])
        }
    }

    func testMasterOfTheWrongEnergyOrKind() throws {
        guard let data = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        let input = TestPaths.fixture("index/scan.npy").path
        let master = data.appendingPathComponent("kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5").path
        try assertFailsCleanly(
            ["index", input, "-o", path("out.ang"), "--master", master, "--kv", "15", "--pc", "0.5,0.5,0.5", "--map", "5x4"], status: 2,
            mentions: ["ni_mc_mp_20kv", "no master pattern at 15 kV", "energies: 20"], output: path("out.ang"), inputs: [input, master])
        let scan = data.appendingPathComponent("kikuchipy/kikuchipy_h5ebsd/patterns.h5").path
        try assertFailsCleanly(
            ["index", input, "-o", path("out.ang"), "--master", scan, "--pc", "0.5,0.5,0.5", "--map", "5x4"], status: 2,
            mentions: ["patterns.h5", "not an EMsoft master pattern file"], output: path("out.ang"), inputs: [input, scan])
    }

    func testScanWithoutMapGeometry() throws {
        let input = TestPaths.fixture("index/scan.npy").path
        try assertFailsCleanly(
            ["index", input, "-o", path("out.ang"), "--phase", "ni", "--pc", "0.5,0.5,0.5"], status: 2,
            mentions: ["scan.npy", "no map geometry", "--map"], output: path("out.ang"), inputs: [input])
        try assertFailsCleanly(
            ["index", input, "-o", path("out.ang"), "--phase", "ni", "--pc", "0.5,0.5,0.5", "--map", "4x4"], status: 2,
            mentions: ["scan.npy", "20 patterns", "16 positions"], output: path("out.ang"), inputs: [input])
    }

    func testOutputMustBeAnAngAndNotExist() throws {
        let input = TestPaths.fixture("index/scan.npy").path
        try assertFailsCleanly(
            ["index", input, "-o", path("out.h5"), "--phase", "ni", "--pc", "0.5,0.5,0.5", "--map", "5x4"], status: 2,
            mentions: ["-o must name an .ang file"], output: path("out.h5"), inputs: [input])
        try Data("keep".utf8).write(to: URL(fileURLWithPath: path("old.ang")))
        try assertFailsCleanly(
            ["index", input, "-o", path("old.ang"), "--phase", "ni", "--pc", "0.5,0.5,0.5", "--map", "5x4"], status: 2,
            mentions: ["old.ang", "already exists", "--overwrite"], output: nil, inputs: [input, path("old.ang")])
    }
}
