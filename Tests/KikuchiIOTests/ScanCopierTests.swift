import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiTestSupport
import XCTest

final class ScanCopierTests: XCTestCase {
    /// A reader whose patterns after `failAt` cannot be read, like a file cut short while copying.
    private final class FailingReader: PatternReader {
        let scan: ScanDescription
        let source: PatternBatch
        let failAt: Int
        init(_ source: PatternBatch, failAt: Int) {
            self.source = source
            self.failAt = failAt
            scan = ScanDescription(width: source.width, height: source.height, count: source.count, pixelType: source.pixelType)
        }
        func read(_ range: Range<Int>) throws -> PatternBatch {
            if range.upperBound > failAt { throw KikuchiError.badInput("source.up2", "cannot read pattern \(failAt)") }
            return source.slice(range)
        }
    }

    func testCopiesEveryPatternInOrderThroughTheTransform() throws {
        let folder = try TestPaths.scratchFolder("copier")
        defer { try? FileManager.default.removeItem(at: folder) }
        let batch = SyntheticPatterns.batch(width: 5, height: 4, count: 23, pixelType: .uint16)
        let reader = FailingReader(batch, failAt: .max)
        let output = folder.appendingPathComponent("out.npy").path
        let writer = try ScanIO.createWriter(output, scan: reader.scan.with(pixelType: .float32))
        var seen: [Int] = []
        let copier = ScanCopier(
            batchSize: 4, transform: { PixelConversion(target: .float32, gain: 2).apply(to: $0) },
            progress: { seen.append($0) })
        try copier.copy(from: reader, to: writer)
        XCTAssertEqual(seen, [4, 8, 12, 16, 20, 23])
        XCTAssertEqual(try NPYReader(path: output).read(0..<23).values(), batch.values().map { $0 * 2 })
    }

    func testAReadFailureRemovesThePartialOutput() throws {
        let folder = try TestPaths.scratchFolder("copier")
        defer { try? FileManager.default.removeItem(at: folder) }
        let batch = SyntheticPatterns.batch(width: 5, height: 4, count: 40, pixelType: .uint16)
        let reader = FailingReader(batch, failAt: 30)
        let output = folder.appendingPathComponent("out.up2").path
        let writer = try ScanIO.createWriter(output, scan: reader.scan)
        XCTAssertThrowsError(try ScanCopier(batchSize: 3).copy(from: reader, to: writer)) { error in
            XCTAssertEqual(error as? KikuchiError, .badInput("source.up2", "cannot read pattern 30"))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }
}
