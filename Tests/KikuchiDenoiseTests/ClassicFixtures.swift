import KikuchiDenoise
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// A scan held in memory, with any geometry: the classic denoisers' tests feed fixtures through it.
final class MemoryScanReader: PatternReader {
    let scan: ScanDescription
    let patterns: PatternBatch
    /// Every range read, to check what a denoiser asks for.
    private(set) var reads: [Range<Int>] = []

    init(_ patterns: PatternBatch, geometry: MapGeometry? = nil) {
        self.patterns = patterns
        scan = ScanDescription(
            width: patterns.width, height: patterns.height, count: patterns.count,
            pixelType: patterns.pixelType, geometry: geometry)
    }

    func read(_ range: Range<Int>) throws -> PatternBatch {
        reads.append(range)
        return patterns.slice(range)
    }
}

/// Collects what a `DenoiseJob` writes.
final class MemoryScanWriter: PatternWriter {
    let scan: ScanDescription
    var patterns: PatternBatch
    private(set) var finished = false

    init(scan: ScanDescription) {
        self.scan = scan
        patterns = PatternBatch(width: scan.width, height: scan.height, pixelType: scan.pixelType, count: scan.count)
    }

    func write(_ batch: PatternBatch, at start: Int) throws {
        let bytes = batch.bytesPerPattern
        patterns.bytes.replaceSubrange(start * bytes..<(start + batch.count) * bytes, with: batch.bytes)
    }

    func finish() throws { finished = true }
    func abort() {}
}

/// The committed fixtures of Tests/Fixtures/classic (make_fixtures.py) and the checks on them.
enum ClassicFixtures {
    static let rows = 8, columns = 9
    static var square: MapGeometry { MapGeometry(columns: columns, rows: rows) }

    static func path(_ name: String) -> String { TestPaths.fixture("classic/\(name)").path }

    static func load(_ name: String) throws -> PatternBatch {
        let reader = try NPYReader(path: path(name))
        return try reader.read(0..<reader.scan.count)
    }

    /// Runs `denoiser` over the fixture `input` on the 8 x 9 map and returns the output.
    static func run(
        _ denoiser: PatternDenoiser, on input: String = "scan_uint8.npy", geometry: MapGeometry? = nil,
        batchSize: Int = 10
    ) throws -> PatternBatch {
        let reader = MemoryScanReader(try load(input), geometry: geometry ?? square)
        let writer = MemoryScanWriter(scan: denoiser.outputScan(for: reader.scan))
        try DenoiseJob(denoiser: denoiser, batchSize: batchSize).run(from: reader, to: writer)
        XCTAssertTrue(writer.finished)
        return writer.patterns
    }

    /// The normalised cross-correlation of two patterns.
    static func ncc(_ a: [Float], _ b: [Float]) -> Double { PatternCorrelation.ncc(a, b) }

    /// The smallest per-pattern NCC between two batches of the same shape.
    static func worstNCC(_ a: PatternBatch, _ b: PatternBatch) -> Double {
        precondition(a.count == b.count && a.pixelsPerPattern == b.pixelsPerPattern)
        return (0..<a.count).map { ncc(a.floats(of: $0), b.floats(of: $0)) }.min() ?? 1
    }

    /// `batch`'s values truncated toward zero, as NumPy's `astype` stores kikuchipy's and
    /// PyEBSDIndex's float results in integer types.
    static func truncated(_ batch: PatternBatch) -> PatternBatch {
        var out = batch
        for index in 0..<batch.count { out.setPattern(index, from: batch.floats(of: index).map { $0.rounded(.towardZero) }) }
        return out
    }

    /// The largest absolute pixel difference between two batches.
    static func maxDifference(_ a: PatternBatch, _ b: PatternBatch) -> Float {
        (0..<a.count).map { i in zip(a.floats(of: i), b.floats(of: i)).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
    }

    /// Checks the output keeps the input's size and count, is float32 (denoisers compute unrounded;
    /// the writer rounds) and matches `expected` with a per-pattern NCC of at least `minimumNCC`.
    static func assertMatches(
        _ output: PatternBatch, _ expected: String, minimumNCC: Double,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let reference = try load(expected)
        XCTAssertEqual([output.width, output.height, output.count], [reference.width, reference.height, reference.count], file: file, line: line)
        XCTAssertEqual(output.pixelType, .float32, file: file, line: line)
        let worst = worstNCC(output, reference)
        XCTAssertGreaterThanOrEqual(worst, minimumNCC, "\(expected): worst NCC \(worst)", file: file, line: line)
    }
}
