import KikuchiCore
import KikuchiHDF5
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// Reading h5ebsd files of every supported layout, checked against the EDAX UP1 file that holds
/// the same nine Ni patterns, and against the formulas of the committed fixtures.
final class H5EBSDReaderTests: XCTestCase {
    private func sample(_ relative: String) throws -> String {
        guard let root = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        return root.appendingPathComponent(relative).path
    }

    /// The nine Ni patterns (60 x 60 uint8) of edax_binary.up1: raw bytes after its 16-byte header.
    private func niPatterns() throws -> [UInt8] {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: try sample("kikuchipy/edax_binary/edax_binary.up1"))))
        XCTAssertEqual(bytes.count, 16 + 9 * 60 * 60)
        return Array(bytes[16...])
    }

    private func sum(_ batch: PatternBatch) -> Double { batch.values().reduce(0, +) }

    /// Pixels of `count` patterns in scan order, pattern by pattern, row by row.
    private func formulaPatterns<T>(count: Int, height: Int, width: Int, _ value: (Int, Int, Int) -> T) -> [T] {
        var out: [T] = []
        for index in 0..<count {
            for y in 0..<height {
                for x in 0..<width { out.append(value(index, y, x)) }
            }
        }
        return out
    }

    // MARK: - Real files

    func testKikuchipyFileMatchesUP1AndListsItsScans() throws {
        let reader = try H5EBSDReader(path: try sample("kikuchipy/kikuchipy_h5ebsd/patterns.h5"), options: ReadOptions())
        let scan = reader.scan
        XCTAssertEqual([scan.width, scan.height, scan.count], [60, 60, 9])
        XCTAssertEqual(scan.pixelType, .uint8)
        XCTAssertEqual(scan.geometry, MapGeometry(columns: 3, rows: 3, stepX: 1.5, stepY: 1.5))
        XCTAssertEqual(scan.format, .h5ebsd)
        XCTAssertEqual(scan.details["layout"], "kikuchipy")
        XCTAssertEqual(scan.details["scanGroup"], "Scan 1")
        XCTAssertEqual(scan.details["scans"], "Scan 1, Scan 2")
        XCTAssertEqual(scan.details["patternsDataset"], "/Scan 1/EBSD/Data/patterns")
        XCTAssertEqual(scan.details["sampleTilt"], "70")
        XCTAssertEqual(scan.details["pcConvention"], "bruker")
        XCTAssertTrue(scan.details["pcx"]?.hasPrefix("per pattern (9 values, first 0.42148439") ?? false, "\(scan.details)")
        XCTAssertEqual(try reader.read(0..<9).bytes, try niPatterns())
        let background = try XCTUnwrap(try reader.staticBackground())
        XCTAssertEqual([background.width, background.height, background.count], [60, 60, 1])
        XCTAssertEqual(background.pixelType, .uint8)
        XCTAssertEqual(sum(background), 497117)  // h5py: static_background.sum()
    }

    func testScanSelectionByNameOrNumber() throws {
        let path = try sample("kikuchipy/kikuchipy_h5ebsd/patterns.h5")
        for name in ["Scan 2", "2"] {
            let reader = try H5EBSDReader(path: path, options: ReadOptions(scanGroup: name))
            XCTAssertEqual(reader.scan.details["scanGroup"], "Scan 2")
            XCTAssertEqual(reader.scan.details["patternsDataset"], "/Scan 2/EBSD/Data/patterns")
            XCTAssertEqual(try reader.read(0..<9).bytes, try niPatterns())
        }
        XCTAssertThrowsError(try H5EBSDReader(path: path, options: ReadOptions(scanGroup: "Scan 3"))) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput(path, "no scan 'Scan 3' (scans in the file: Scan 1, Scan 2)"))
        }
    }

    func testUnchunkedKikuchipyFile() throws {
        let reader = try H5EBSDReader(path: try sample("kikuchipy/kikuchipy_h5ebsd/patterns_nochunks.h5"), options: ReadOptions())
        XCTAssertEqual(reader.scan.count, 1)
        XCTAssertEqual(reader.scan.geometry, MapGeometry(columns: 1, rows: 1, stepX: 1.5, stepY: 1.5))
        XCTAssertNil(reader.scan.details["scans"])
        XCTAssertEqual(try reader.read(0).bytes, Array(try niPatterns()[0..<3600]))
    }

    func testEDAXFileMatchesUP1() throws {
        let reader = try H5EBSDReader(path: try sample("kikuchipy/edax_h5ebsd/patterns.h5"), options: ReadOptions())
        XCTAssertEqual(reader.scan.details["layout"], "edax")
        XCTAssertEqual(reader.scan.details["patternsDataset"], "/Scan 1/EBSD/Data/Pattern")
        XCTAssertEqual(reader.scan.details["pcConvention"], "edax")
        XCTAssertEqual(reader.scan.geometry, MapGeometry(columns: 3, rows: 3, stepX: 1.5, stepY: 1.5))
        XCTAssertEqual(Double(reader.scan.details["sampleTilt"] ?? "") ?? 0, 75.7, accuracy: 1e-5)
        XCTAssertEqual(try reader.read(0..<9).bytes, try niPatterns())
        XCTAssertNil(try reader.staticBackground())
    }

    func testEMsoftSimulatedPattern() throws {
        let reader = try H5EBSDReader(path: try sample("kikuchipy/emsoft_ebsd/EBSD_TEST_Ni.h5"), options: ReadOptions())
        let scan = reader.scan
        XCTAssertEqual([scan.width, scan.height, scan.count], [640, 480, 1])
        XCTAssertEqual(scan.details["layout"], "emsoft")
        XCTAssertEqual(scan.details["pcx"], "20")
        XCTAssertEqual(scan.details["detectorDistance"], "15000")
        let pattern = try reader.read(0)
        // h5py: EBSDPatterns.sum() and pixels [0, 0], [240, 320], [479, 639].
        XCTAssertEqual(sum(pattern), 19_452_729)
        XCTAssertEqual([pattern.bytes[0], pattern.bytes[240 * 640 + 320], pattern.bytes[479 * 640 + 639]], [41, 82, 47])
        let path = try sample("kikuchipy/emsoft_ebsd/EBSD_TEST_Ni.h5")
        XCTAssertThrowsError(try H5EBSDReader(path: path, options: ReadOptions(scanGroup: "Scan 1"))) { error in
            XCTAssertTrue("\(error)".hasSuffix("no scan 'Scan 1': an EMsoft pattern file has a single scan and no scan groups"), "\(error)")
        }
    }

    func testSiliconPatternWithStaticBackground() throws {
        let reader = try H5EBSDReader(path: try sample("kikuchipy-data/si_in.h5"), options: ReadOptions())
        XCTAssertEqual([reader.scan.width, reader.scan.height, reader.scan.count], [480, 480, 1])
        // h5py: patterns.sum() and static_background.sum().
        XCTAssertEqual(sum(try reader.read(0)), 15_453_480)
        XCTAssertEqual(sum(try XCTUnwrap(try reader.staticBackground())), 15_412_209)
    }

    func testRandomRangesEqualSlicesOfTheWhole() throws {
        let reader = try H5EBSDReader(path: try sample("kikuchipy/kikuchipy_h5ebsd/patterns.h5"), options: ReadOptions())
        let all = try reader.read(0..<9)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let start = Int.random(in: 0..<9, using: &generator)
            let end = Int.random(in: start...9, using: &generator)
            XCTAssertEqual(try reader.read(start..<end), all.slice(start..<end), "range \(start)..<\(end)")
        }
    }

    // MARK: - Fixtures (make_fixtures.py)

    func testBrukerRegionOfInterestIsPutInMapOrder() throws {
        let reader = try H5EBSDReader(path: TestPaths.fixture("h5ebsd/bruker_roi.h5").path, options: ReadOptions())
        let scan = reader.scan
        XCTAssertEqual(scan.details["layout"], "bruker")
        XCTAssertEqual(scan.details["scanGroup"], "Scan 0")
        XCTAssertEqual(scan.details["regionOfInterest"], "4 x 3 from column 2, row 1")
        XCTAssertEqual(scan.geometry, MapGeometry(columns: 4, rows: 3, stepX: 0.5, stepY: 0.25))
        XCTAssertEqual([scan.width, scan.height, scan.count], [7, 5, 12])
        XCTAssertEqual(scan.pixelType, .uint16)
        XCTAssertEqual(scan.details["cameraTilt"], "3")
        // make_fixtures.py bruker_value: 1000 + 100 * index + 10 * y + x.
        let expected = formulaPatterns(count: 12, height: 5, width: 7) { index, y, x in Double(1000 + 100 * index + 10 * y + x) }
        XCTAssertEqual(try reader.read(0..<12).values(), expected)
        XCTAssertEqual(try reader.read(5..<9).values(), Array(expected[5 * 35..<9 * 35]))
        XCTAssertEqual(try XCTUnwrap(try reader.staticBackground()).values(), [Double](repeating: 900, count: 35))
    }

    /// Positions far apart (the fuzzer's find): refused before a table of columns x rows is made.
    func testBrukerRegionSpanningBillionsOfPositionsIsRefused() throws {
        let folder = try TestPaths.scratchFolder("kikuchi-h5ebsd-read")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("spread.h5").path
        try FileManager.default.copyItem(atPath: TestPaths.fixture("h5ebsd/bruker_roi.h5").path, toPath: path)
        let file = try HDF5File(path, mode: .readWrite)
        try file.dataset("Scan 0/EBSD/SEM/IX").write([Int32.min, Int32.max] + [Int32](repeating: 0, count: 10))
        try file.close()
        XCTAssertThrowsError(try H5EBSDReader(path: path, options: ReadOptions())) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput(path, "only a rectangular Bruker region of interest is supported"))
        }
    }

    /// The fuzzer's input (from oxford.h5oina): a patterns dataset of shape
    /// [1688849860263942, 0, 4] whose maximum is 6 patterns. libhdf5 1.10 opens it; reading its
    /// 10^15 patterns of no pixels used to run for hours.
    func testDatasetBeyondItsMaximumShapeIsRefused() throws {
        let path = TestPaths.fixture("fuzz/h5ebsd/patterns-without-rows.h5").path
        XCTAssertThrowsError(try ScanIO.openReader(path)) { error in
            XCTAssertEqual("\(error)", "\(path): damaged file: '/1/EBSD/Data/Processed Patterns' has dimension 0 of 1688849860263942, beyond its maximum of 6")
        }
    }

    func testPatternsWithoutPixelsAreRefused() throws {
        let folder = try TestPaths.scratchFolder("kikuchi-h5ebsd-read")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("empty-rows.h5").path
        let file = try HDF5File(path, mode: .create)
        _ = try file.root.createDataset("Scan 1/EBSD/Data/patterns", type: .uint8, shape: [3, 0, 4])
        try file.close()
        XCTAssertThrowsError(try ScanIO.openReader(path)) { error in
            XCTAssertEqual(
                error as? KikuchiError, .badInput(path, "patterns dataset /Scan 1/EBSD/Data/patterns of shape [3, 0, 4] holds patterns of 4 x 0 pixels"))
        }
    }

    func testOxfordProcessedPatterns() throws {
        let reader = try H5EBSDReader(path: TestPaths.fixture("h5ebsd/oxford.h5oina").path, options: ReadOptions(scanGroup: "1"))
        let scan = reader.scan
        XCTAssertEqual(scan.details["layout"], "oxford")
        XCTAssertEqual(scan.details["patternsDataset"], "/1/EBSD/Data/Processed Patterns")
        XCTAssertEqual(scan.geometry, MapGeometry(columns: 3, rows: 2, stepX: 1.5, stepY: 2))
        XCTAssertEqual(Double(scan.details["sampleTilt"] ?? "") ?? 0, 70, accuracy: 1e-4)
        XCTAssertEqual(scan.details["pcConvention"], "oxford")
        // make_fixtures.py oxford_value: (24 * index + 4 * y + x) mod 256.
        let expected = formulaPatterns(count: 6, height: 6, width: 4) { index, y, x in UInt8((24 * index + 4 * y + x) % 256) }
        XCTAssertEqual(try reader.read(0..<6).bytes, expected)
        XCTAssertEqual(try XCTUnwrap(try reader.staticBackground()).bytes, [UInt8](repeating: 17, count: 24))
    }

    // MARK: - Errors

    func testNonEBSDHDF5FileIsRefusedInOneLine() throws {
        let folder = try TestPaths.scratchFolder("kikuchi-h5ebsd-read")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("other.h5").path
        do {
            let file = try HDF5File(path, mode: .create)
            try file.root.createDataset("Scan 1/values", values: [1.0, 2.0])
        }
        XCTAssertThrowsError(try ScanIO.openReader(path)) { error in
            XCTAssertEqual(
                error as? KikuchiError,
                .badInput(path, "not an EBSD HDF5 file: no patterns dataset in any known h5ebsd layout (kikuchipy, EDAX, Bruker, Oxford, EMsoft)"))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["other.h5"])
    }

    func testNonHDF5FileIsRefusedInOneLine() throws {
        let folder = try TestPaths.scratchFolder("kikuchi-h5ebsd-read")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("scan.h5").path
        try Data(repeating: 7, count: 1000).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ScanIO.openReader(path)) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput(path, "not an HDF5 file"))
            XCTAssertEqual((error as? KikuchiError)?.exitStatus, 2)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["scan.h5"])
    }

    func testTruncatedScanNeedsAllowPartial() throws {
        let folder = try TestPaths.scratchFolder("kikuchi-h5ebsd-read")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("short.h5").path
        do {
            let file = try HDF5File(path, mode: .create)
            try file.root.createDataset("Scan 1/EBSD/Data/patterns", values: (0..<5 * 4).map { UInt8($0) }, shape: [5, 2, 2])
            try file.root.createDataset("Scan 1/EBSD/Header/n_columns", values: [Int64(3)])
            try file.root.createDataset("Scan 1/EBSD/Header/n_rows", values: [Int64(2)])
        }
        XCTAssertThrowsError(try H5EBSDReader(path: path, options: ReadOptions())) { error in
            XCTAssertEqual(
                error as? KikuchiError,
                .badInput(
                    path, "/Scan 1/EBSD/Data/patterns holds 5 patterns but the header describes a 3 x 2 map of 6; pass --allow-partial to read the 5 there are")
            )
        }
        let reader = try H5EBSDReader(path: path, options: ReadOptions(allowPartial: true))
        XCTAssertEqual(reader.scan.count, 5)
        XCTAssertEqual(reader.scan.details["partial"], "5 of 6 patterns")
        XCTAssertEqual(try reader.read(3..<5).bytes, (12..<20).map { UInt8($0) })
    }

    func testFourDimensionalStorageReadsAcrossMapRows() throws {
        let folder = try TestPaths.scratchFolder("kikuchi-h5ebsd-read")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("map.h5").path
        let values = (0..<3 * 4 * 2 * 3).map { Float($0) / 8 }
        do {
            let file = try HDF5File(path, mode: .create)
            try file.root.createDataset("Scan 1/EBSD/Data/patterns", values: values, shape: [3, 4, 2, 3])
        }
        let reader = try H5EBSDReader(path: path, options: ReadOptions())
        XCTAssertEqual(reader.scan.geometry, MapGeometry(columns: 4, rows: 3))
        XCTAssertEqual(reader.scan.pixelType, .float32)
        for range in [0..<12, 2..<9, 3..<4, 7..<12] {
            XCTAssertEqual(try reader.read(range).values(), values[range.lowerBound * 6..<range.upperBound * 6].map(Double.init), "\(range)")
        }
    }
}
