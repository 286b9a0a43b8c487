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

    /// A 4 x 3 map (hex unless `square`) of kinematical Ni patterns, 40 x 40, with its true orientations.
    private func simulatedScan(square: Bool = false) throws -> (scan: String, truth: [EulerAngles]) {
        let result = try CommandRunner.run(
            [
                "simulate", "-o", path("scan.up2"), "--phase", "ni", "--map", "4x3", "--grains", "4", "--size", "40x40",
                "--pc", "0.52,0.45,0.6", "--dose", "200", "--orientations-out", path("truth.csv"), "--seed", "3", "--quiet"
            ] + (square ? [] : ["--hex"]))
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
            "--threads", "2", "--json", "--ipf-map", path("map.png")
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        // The IPF-Z picture: an RGB PNG of the 4 x 3 map, 60 pixels a position.
        let png = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path("map.png"))).prefix(26))
        XCTAssertEqual(png[16..<24].map { Int($0) }, [0, 0, 0, 240, 0, 0, 0, 180])
        XCTAssertEqual(png[25], 2, "RGB")
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

    /// -o map.ctf: Oxford's header (grid, phase line with Laue group 11 and space group 225) and
    /// one tab-separated line per position with Bunge angles in degrees, the truth's within a degree.
    func testIndexesASquareScanIntoACtf() throws {
        let (scan, truth) = try simulatedScan(square: true)
        let result = try CommandRunner.run([
            "index", scan, "-o", path("map.ctf"), "--phase", "ni", "--pc", "0.52,0.45,0.6", "--resolution", "6", "--refine",
            "--threads", "2", "--quiet"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        let lines = try String(contentsOfFile: path("map.ctf"), encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "Channel Text File")
        for expected in ["XCells\t4", "YCells\t3", "Phases\t1", "3.5236;3.5236;3.5236\t90.0000;90.0000;90.0000\tNi\t11\t225"] {
            XCTAssertTrue(lines.contains(expected), "no line '\(expected)': \(lines)")
        }
        let start = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("Phase\tX\tY\tBands\tError\tEuler1") }) + 1
        let rows = lines[start...].map { $0.split(separator: "\t").compactMap { Double($0) } }
        XCTAssertEqual(rows.count, 12)
        let cubic = PointGroup(name: "432")!
        for (k, row) in rows.enumerated() {
            XCTAssertEqual(row.count, 11)
            XCTAssertEqual(row[0], 1, "phase")
            XCTAssertEqual(row[1], Double(k % 4) * 1, accuracy: 1e-4, "x")
            XCTAssertEqual(row[2], Double(k / 4) * 1, accuracy: 1e-4, "y")
            XCTAssertEqual(row[4], 0, "no error")
            let found = UnitQuaternion(EulerAngles(phi1: row[5], Phi: row[6], phi2: row[7]))
            XCTAssertLessThan(cubic.disorientation(found, UnitQuaternion(truth[k])) * 180 / .pi, 1, "pattern \(k)")
            XCTAssertTrue((0...255).contains(row[9]) && (0...255).contains(row[10]), "BC and BS are 8-bit")
        }
        XCTAssertTrue(rows.allSatisfy { $0[9] > 0 }, "BC: the image quality times 255")
    }

    /// --shard K/N parts, merged in any order, are byte for byte the unsharded map; a missing,
    /// repeated or foreign part, or an output of the wrong kind, is refused by name, nothing written.
    func testShardsMergeIntoTheMapByteForByte() throws {
        let (scan, _) = try simulatedScan()
        let common = ["--phase", "ni", "--pc", "0.52,0.45,0.6", "--resolution", "8", "--refine", "--threads", "2", "--quiet"]
        XCTAssertEqual(try CommandRunner.run(["index", scan, "-o", path("whole.ang")] + common).status, 0)
        for k in 1...3 {
            let result = try CommandRunner.run(["index", scan, "-o", path("map.\(k).ang.mappart"), "--shard", "\(k)/3"] + common)
            XCTAssertEqual(result.status, 0, result.standardError)
        }
        let parts = [3, 1, 2].map { path("map.\($0).ang.mappart") }
        let merged = try CommandRunner.run(["merge"] + parts + ["-o", path("merged.ang")])
        XCTAssertEqual(merged.status, 0, merged.standardError)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("merged.ang"))), try Data(contentsOf: URL(fileURLWithPath: path("whole.ang"))))

        let (one, two, three) = (path("map.1.ang.mappart"), path("map.2.ang.mappart"), path("map.3.ang.mappart"))
        try assertFailsCleanly(
            ["merge", two, one, "-o", path("short.ang")], status: 2, mentions: ["map.2.ang.mappart", "later shards are missing"],
            output: path("short.ang"), inputs: parts)
        try assertFailsCleanly(
            ["merge", three, one, "-o", path("gap.ang")], status: 2, mentions: ["map.3.ang.mappart", "missing shard 2 of 3"],
            output: path("gap.ang"), inputs: parts)
        try assertFailsCleanly(
            ["merge", one, two, two, three, "-o", path("again.ang")], status: 2, mentions: ["map.2.ang.mappart", "shard 2 again"],
            output: path("again.ang"), inputs: parts)
        try assertFailsCleanly(
            ["merge"] + parts + ["-o", path("merged.ctf")], status: 2, mentions: ["merged.ctf", "join into a .ang"],
            output: path("merged.ctf"), inputs: parts)
        try Data("not a part\n".utf8).write(to: URL(fileURLWithPath: path("junk.ang.mappart")))
        try assertFailsCleanly(
            ["merge", one, path("junk.ang.mappart"), three, "-o", path("junk.ang")], status: 2,
            mentions: ["junk.ang.mappart", "is not a part of 'kikuchi index --shard K/N'"], output: path("junk.ang"), inputs: parts)
        let cut = try String(contentsOfFile: two, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).dropLast(2)
        try Data((cut.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path("cut.2.ang.mappart")))
        try assertFailsCleanly(
            ["merge", one, path("cut.2.ang.mappart"), three, "-o", path("cut.ang")], status: 2,
            mentions: ["cut.2.ang.mappart", "incomplete"], output: path("cut.ang"), inputs: parts)
        var other = common
        other[other.firstIndex(of: "8")!] = "9"
        XCTAssertEqual(try CommandRunner.run(["index", scan, "-o", path("other.2.ang.mappart"), "--shard", "2/3"] + other).status, 0)
        try assertFailsCleanly(
            ["merge", one, path("other.2.ang.mappart"), three, "-o", path("mixed.ang")], status: 2,
            mentions: ["other.2.ang.mappart", "another run"], output: path("mixed.ang"), inputs: parts + [path("other.2.ang.mappart")])
        try assertFailsCleanly(
            ["index", scan, "-o", path("map.ang"), "--shard", "1/2"] + common, status: 2,
            mentions: ["PART.ang.mappart"], output: path("map.ang"), inputs: [scan])
    }

    /// --refine-pc from a pattern centre 0.02 off in each coordinate: the header's mean refined
    /// centre within 0.01 of the truth, the orientations within 2 degrees (on 40 x 40 patterns a
    /// small shift of the centre and a small rotation look alike, so each pattern's pair trades
    /// one for the other; re-indexing at the mean centre removes it), the figures in --json.
    func testRefinesThePatternCentre() throws {
        let (scan, truth) = try simulatedScan(square: true)
        let result = try CommandRunner.run([
            "index", scan, "-o", path("map.ang"), "--phase", "ni", "--pc", "0.54,0.43,0.62", "--resolution", "6", "--refine-pc",
            "--threads", "2", "--json"
        ])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("\"patternCentre\""), result.standardOutput)
        let (header, rows) = try readAng(path("map.ang"))
        for (name, expected) in [("x-star", 0.52), ("y-star", 0.45), ("z-star", 0.6)] {
            let line = try XCTUnwrap(header.first { $0.hasPrefix("# \(name)") })
            let value = try XCTUnwrap(Double(line.split(separator: " ").last ?? ""))
            XCTAssertEqual(value, expected, accuracy: 0.01, name)
        }
        let cubic = PointGroup(name: "432")!
        for (k, row) in rows.enumerated() {
            let d = 180 / Double.pi
            let found = UnitQuaternion(EulerAngles(phi1: row[0] * d, Phi: row[1] * d, phi2: row[2] * d))
            XCTAssertLessThan(cubic.disorientation(found, UnitQuaternion(truth[k])) * d, 2, "pattern \(k)")
        }
        try assertFailsCleanly(
            ["index", scan, "-o", path("p.ang.mappart"), "--phase", "ni", "--pc", "0.5,0.5,0.6", "--refine-pc", "--shard", "1/2"],
            status: 2, mentions: ["--refine-pc", "unsharded"], output: path("p.ang.mappart"), inputs: [scan])
    }

    func testACtfCannotHoldAHexMap() throws {
        let (scan, _) = try simulatedScan()
        try assertFailsCleanly(
            ["index", scan, "-o", path("map.ctf"), "--phase", "ni", "--pc", "0.52,0.45,0.6", "--resolution", "10"], status: 2,
            mentions: ["scan.up2", "hexagonal-grid", "write an .ang"], output: path("map.ctf"), inputs: [scan])
    }

    func testUnknownPhase() throws {
        let input = TestPaths.fixture("index/scan.npy").path
        try assertFailsCleanly(
            ["index", input, "-o", path("out.ang"), "--phase", "zr", "--pc", "0.5,0.5,0.5", "--map", "5x4"], status: 2,
            mentions: ["unknown phase 'zr'", "ni, al, cu, fe, si, ti"], output: path("out.ang"), inputs: [input])
    }

    func testCandidatesNeedRefinementAndABoundedCount() throws {
        let input = TestPaths.fixture("index/scan.npy").path
        let base = ["index", input, "-o", path("out.ang"), "--phase", "ni", "--pc", "0.5,0.5,0.5", "--map", "5x4"]
        try assertFailsCleanly(
            base + ["--candidates", "3"], status: 2, mentions: ["--candidates", "give --refine too"], output: path("out.ang"),
            inputs: [input])
        for count in ["0", "21"] {
            try assertFailsCleanly(
                base + ["--refine", "--candidates", count], status: 2, mentions: ["--candidates must be between 1 and 20, not \(count)"],
                output: path("out.ang"), inputs: [input])
        }
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
            mentions: ["-o must name an .ang or .ctf file"], output: path("out.h5"), inputs: [input])
        try assertFailsCleanly(
            ["index", input, "-o", path("out.ang"), "--phase", "ni", "--pc", "0.5,0.5,0.5", "--map", "5x4", "--ipf-map", path("map.jpg")],
            status: 2, mentions: ["--ipf-map must name a .png file"], output: path("out.ang"), inputs: [input])
        try Data("keep".utf8).write(to: URL(fileURLWithPath: path("old.ang")))
        try assertFailsCleanly(
            ["index", input, "-o", path("old.ang"), "--phase", "ni", "--pc", "0.5,0.5,0.5", "--map", "5x4"], status: 2,
            mentions: ["old.ang", "already exists", "--overwrite"], output: nil, inputs: [input, path("old.ang")])
    }
}
