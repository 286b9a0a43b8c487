import KikuchiCore
import KikuchiHDF5
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// Writing the kikuchipy h5ebsd layout: round trips, any write order, the committed file that
/// kikuchipy and PyEBSDIndex validated, and the temporary-name discipline.
final class H5EBSDWriterTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try TestPaths.scratchFolder("kikuchi-h5ebsd-write")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A batch whose pattern i holds `value(i, pixel)` for every pixel.
    private func batch(_ scan: ScanDescription, _ value: (Int, Int) -> Float) -> PatternBatch {
        var batch = PatternBatch(width: scan.width, height: scan.height, pixelType: scan.pixelType, count: scan.count)
        for index in 0..<scan.count {
            batch.setPattern(index, from: (0..<scan.pixelsPerPattern).map { value(index, $0) })
        }
        return batch
    }

    /// Writes `patterns` in shuffled batches of at most three, then finishes.
    private func write(
        _ scan: ScanDescription, _ patterns: PatternBatch, to path: String,
        background: PatternBatch? = nil
    ) throws {
        let writer = try H5EBSDWriter(path: path, scan: scan, options: WriteOptions())
        let starts = Array(stride(from: 0, to: scan.count, by: 3)).shuffled()
        for start in starts {
            try writer.write(patterns.slice(start..<min(start + 3, scan.count)), at: start)
        }
        if let background { try writer.setStaticBackground(background) }
        try writer.finish()
    }

    // MARK: - Round trips

    func testRoundTripOfEveryPixelType() throws {
        for pixelType in PixelType.allCases {
            let geometry = MapGeometry(columns: 4, rows: 2, stepX: 0.5, stepY: 0.75)
            let scan = ScanDescription(width: 5, height: 3, count: 8, pixelType: pixelType, geometry: geometry)
            let patterns = batch(scan) { index, pixel in pixelType == .float32 ? Float(index) - Float(pixel) / 7 : Float(index * 15 + pixel) }
            let name = path("round-\(pixelType.rawValue).h5")
            try write(scan, patterns, to: name)
            let reader = try ScanIO.openReader(name)
            XCTAssertEqual(reader.scan.pixelType, pixelType)
            XCTAssertEqual(reader.scan.geometry, geometry)
            XCTAssertEqual(reader.scan.details["layout"], "kikuchipy")
            XCTAssertEqual(try reader.read(0..<8), patterns, "\(pixelType)")
            XCTAssertEqual(try reader.read(3..<6), patterns.slice(3..<6))
            XCTAssertNil(try (reader as? H5EBSDReader)?.staticBackground())
            XCTAssertEqual(try HDF5File(name).dataset("Scan 1/EBSD/Data/patterns").chunkShape(), [1, 3, 5])
            // For validate_written_h5.py: KIKUCHI_H5EBSD_EXPORT_DIR=/some/folder keeps a copy.
            if let export = ProcessInfo.processInfo.environment["KIKUCHI_H5EBSD_EXPORT_DIR"] {
                let copy = URL(fileURLWithPath: export).appendingPathComponent("round-\(pixelType.rawValue).h5")
                try? FileManager.default.removeItem(at: copy)
                try FileManager.default.copyItem(at: URL(fileURLWithPath: name), to: copy)
            }
        }
    }

    func testHexGeometryAndStaticBackgroundRoundTrip() throws {
        // EDAX hex without extra patterns: odd rows hold one pattern fewer.
        let geometry = MapGeometry(columns: 3, rows: 3, stepX: 1, stepY: 0.866, grid: .hex)
        XCTAssertEqual(geometry.patternCount, 8)
        let scan = ScanDescription(
            width: 4, height: 4, count: 8, pixelType: .uint16, geometry: geometry,
            details: ["sampleTilt": "70", "pcConvention": "bruker", "pcx": "0.4", "pcy": "0.2", "pcz": "0.5"])
        let patterns = batch(scan) { index, pixel in Float(1000 * index + pixel) }
        var backgroundValues = PatternBatch(width: 4, height: 4, pixelType: .float32, count: 1)
        backgroundValues.setPattern(0, from: (0..<16).map { Float($0) * 2.5 })
        let name = path("hex.h5")
        try write(scan, patterns, to: name, background: backgroundValues)
        let reader = try H5EBSDReader(path: name, options: ReadOptions())
        XCTAssertEqual(reader.scan.geometry, geometry)
        XCTAssertEqual(try reader.read(0..<8), patterns)
        XCTAssertEqual(try reader.staticBackground(), backgroundValues)
        XCTAssertEqual(reader.scan.details["sampleTilt"], "70")
        XCTAssertEqual(reader.scan.details["pcx"], "0.4")
        let header = try HDF5File(name).group("Scan 1/EBSD/Header")
        XCTAssertEqual(try header.dataset("grid_type").readString(), "hexagonal")
        XCTAssertEqual(try header.dataset("pcz").read(as: Double.self), [0.5])
    }

    // MARK: - The file kikuchipy and PyEBSDIndex validated

    /// The committed file: a 3 x 2 map of 8 x 6 uint16 patterns with a static background,
    /// written by this writer and checked by validate_written_h5.py with kikuchipy and
    /// PyEBSDIndex. Set KIKUCHI_WRITE_H5EBSD_FIXTURE=1 to rewrite it after a deliberate change
    /// (then run the validator on it again).
    private let validatedFixture = "h5ebsd/kikuchi_written_3x2_uint16.h5"

    private func writeValidatedScan(to path: String) throws {
        let scan = ScanDescription(
            width: 8, height: 6, count: 6, pixelType: .uint16,
            geometry: MapGeometry(columns: 3, rows: 2, stepX: 0.5, stepY: 0.75))
        let patterns = batch(scan) { index, pixel in Float(40000 + 1000 * index + 50 * (pixel / 8) + pixel % 8) }
        var background = PatternBatch(width: 8, height: 6, pixelType: .uint16, count: 1)
        background.setPattern(0, from: (0..<48).map { Float(30000 + $0) })
        try write(scan, patterns, to: path, background: background)
    }

    func testWriterStillProducesTheValidatedFile() throws {
        let fixture = TestPaths.fixture(validatedFixture).path
        if ProcessInfo.processInfo.environment["KIKUCHI_WRITE_H5EBSD_FIXTURE"] == "1" {
            try? FileManager.default.removeItem(atPath: fixture)
            try writeValidatedScan(to: fixture)
        }
        let fresh = path("fresh.h5")
        try writeValidatedScan(to: fresh)
        let expected = try HDF5File(fixture), actual = try HDF5File(fresh)
        XCTAssertEqual(try describe(actual.root), try describe(expected.root))
        XCTAssertEqual(
            try H5EBSDReader(path: fresh, options: ReadOptions()).read(0..<6),
            try H5EBSDReader(path: fixture, options: ReadOptions()).read(0..<6))
    }

    /// Every object under `group`: path, kind, shape, element type, chunks, attribute names
    /// and values (numbers as Double, strings as text).
    private func describe(_ group: HDF5Group) throws -> [String] {
        var lines: [String] = []
        for name in try group.memberNames() {
            switch try group.kind(of: name) {
            case .group?:
                let child = try group.group(name)
                lines.append("\(child.objectPath)/ attributes \(try child.attributeNames())")
                lines += try describe(child)
            case .dataset?:
                let dataset = try group.dataset(name)
                let values =
                    dataset.elementType.kind == .string
                    ? try dataset.readStrings().description : try dataset.read(as: Double.self).description
                lines.append(
                    "\(dataset.objectPath) \(dataset.shape) \(dataset.elementType) chunks \(String(describing: try dataset.chunkShape())) attributes \(try dataset.attributeNames()) \(values)"
                )
            default:
                lines.append("\(name) other")
            }
        }
        return lines
    }

    func testKikuchipyHeaderNamesAndTypes() throws {
        let header = try HDF5File(TestPaths.fixture(validatedFixture).path).group("Scan 1/EBSD/Header")
        XCTAssertEqual(
            try header.memberNames().sorted(),
            ["grid_type", "n_columns", "n_rows", "pattern_height", "pattern_width", "static_background", "step_x", "step_y"])
        for key in ["n_columns", "n_rows", "pattern_height", "pattern_width"] {
            XCTAssertEqual(try header.dataset(key).shape, [1])
            XCTAssertEqual(try header.dataset(key).elementType.nativeType, .int64)
        }
        XCTAssertEqual(try header.dataset("step_y").read(as: Double.self), [0.75])
        XCTAssertEqual(try header.dataset("grid_type").readString(), "square")
        let root = try HDF5File(TestPaths.fixture(validatedFixture).path).root
        XCTAssertEqual(try root.dataset("manufacturer").readString(), "kikuchipy")
        XCTAssertEqual(try root.dataset("version").readString(), H5EBSDWriter.formatVersion)
        XCTAssertTrue(try root.hasGroup("Scan 1/SEM/Header"))
    }

    // MARK: - Temporary name, abort, errors

    func testNothingUnderTheFinalNameUntilFinish() throws {
        let name = path("out.h5")
        let scan = ScanDescription(width: 2, height: 2, count: 2, pixelType: .uint8)
        let writer = try H5EBSDWriter(path: name, scan: scan, options: WriteOptions())
        try writer.write(PatternBatch(width: 2, height: 2, pixelType: .uint8, count: 2), at: 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: name))
        XCTAssertTrue(FileManager.default.fileExists(atPath: path(".out.h5.partial")))
        try writer.finish()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["out.h5"])
    }

    func testAbortRemovesThePartialOutput() throws {
        let scan = ScanDescription(width: 2, height: 2, count: 4, pixelType: .uint16)
        let writer = try H5EBSDWriter(path: path("out.h5"), scan: scan, options: WriteOptions())
        try writer.write(PatternBatch(width: 2, height: 2, pixelType: .uint16, count: 2), at: 0)
        writer.abort()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
        do {
            // Released without finish: also removed.
            let unfinished = try H5EBSDWriter(path: path("other.h5"), scan: scan, options: WriteOptions())
            try unfinished.write(PatternBatch(width: 2, height: 2, pixelType: .uint16, count: 1), at: 3)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    func testFinishRefusesMissingPatterns() throws {
        let name = path("gap.h5")
        let scan = ScanDescription(width: 2, height: 1, count: 5, pixelType: .uint8)
        let writer = try H5EBSDWriter(path: name, scan: scan, options: WriteOptions())
        try writer.write(PatternBatch(width: 2, height: 1, pixelType: .uint8, count: 2), at: 0)
        try writer.write(PatternBatch(width: 2, height: 1, pixelType: .uint8, count: 2), at: 3)
        try writer.write(PatternBatch(width: 2, height: 1, pixelType: .uint8, count: 1), at: 0)
        XCTAssertThrowsError(try writer.finish()) { error in
            XCTAssertEqual(error as? KikuchiError, .processing(name, "1 of 5 patterns were never written (the first is pattern 2)"))
        }
        writer.abort()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }

    func testMismatchedBatchesAndRangesAreRefused() throws {
        let name = path("bad.h5")
        let scan = ScanDescription(width: 3, height: 2, count: 4, pixelType: .uint8)
        let writer = try H5EBSDWriter(path: name, scan: scan, options: WriteOptions())
        XCTAssertThrowsError(try writer.write(PatternBatch(width: 3, height: 2, pixelType: .uint16, count: 1), at: 0)) { error in
            XCTAssertEqual(error as? KikuchiError, .processing(name, "cannot write 3 x 2 uint16 patterns into a scan of 3 x 2 uint8"))
        }
        XCTAssertThrowsError(try writer.write(PatternBatch(width: 3, height: 2, pixelType: .uint8, count: 2), at: 3)) { error in
            XCTAssertEqual(error as? KikuchiError, .processing(name, "patterns 3..<5 are outside the scan's 0..<4"))
        }
        XCTAssertThrowsError(try writer.setStaticBackground(PatternBatch(width: 2, height: 3, pixelType: .uint8, count: 1))) { error in
            XCTAssertEqual(error as? KikuchiError, .processing(name, "a static background must be one 3 x 2 pattern, not 1 of 2 x 3"))
        }
        writer.abort()
        XCTAssertThrowsError(try writer.finish()) { error in
            XCTAssertEqual(error as? KikuchiError, .processing(name, "the h5ebsd file is already finished or aborted"))
        }
    }

    func testExistingOutputNeedsOverwrite() throws {
        let name = path("exists.h5")
        try Data("old".utf8).write(to: URL(fileURLWithPath: name))
        let scan = ScanDescription(width: 1, height: 1, count: 1, pixelType: .uint8)
        XCTAssertThrowsError(try H5EBSDWriter(path: name, scan: scan, options: WriteOptions())) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput(name, "already exists; pass --overwrite to replace it"))
        }
        XCTAssertThrowsError(
            try H5EBSDWriter(
                path: name, scan: ScanDescription(width: 0, height: 1, count: 1, pixelType: .uint8),
                options: WriteOptions(overwrite: true))
        ) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput(name, "cannot write an h5ebsd file of 1 patterns of 0 x 1"))
        }
        XCTAssertEqual(try String(contentsOfFile: name, encoding: .utf8), "old")
    }
}
