import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiIO
import KikuchiTestSupport
import XCTest

/// A denoiser whose output pattern i is the sum of input patterns i - 1, i and i + 1 (clamped
/// at the ends): it needs neighbours, so batching mistakes show up as wrong numbers.
private final class NeighbourSum: PatternDenoiser, PatternDenoisingWorker {
    var failAt: Int?

    func inputs(for outputs: ScanSelection, of scan: ScanDescription) -> ScanSelection {
        ScanSelection(runs: outputs.runs.map { max(0, $0.lowerBound - 1)..<min(scan.count, $0.upperBound + 1) })
    }

    func makeWorker() throws -> PatternDenoisingWorker { self }

    func denoise(_ input: PatternBatch, holding inputs: ScanSelection, outputs: ScanSelection) throws -> PatternBatch {
        var result = PatternBatch(width: input.width, height: input.height, pixelType: input.pixelType, count: outputs.count)
        for (slot, index) in outputs.enumerated() {
            if index == failAt { throw KikuchiError.processing("pattern \(index)", "failed on purpose") }
            var sum = [Float](repeating: 0, count: input.pixelsPerPattern)
            for neighbour in index - 1...index + 1 {
                guard let held = inputs.slot(of: neighbour) else { continue }
                for (offset, value) in input.floats(of: held).enumerated() { sum[offset] += value }
            }
            result.setPattern(slot, from: sum)
        }
        return result
    }
}

/// A denoiser that prefers one batch for any scan and records the batches it was given.
private final class BatchRecorder: PatternDenoiser, PatternDenoisingWorker {
    private let lock = NSLock()
    private(set) var batches: [Range<Int>] = []

    func batchShape(for scan: ScanDescription) -> BatchShape { .runs(1_000) }
    func makeWorker() throws -> PatternDenoisingWorker { self }

    func denoise(_ input: PatternBatch, holding inputs: ScanSelection, outputs: ScanSelection) throws -> PatternBatch {
        lock.lock()
        batches += outputs.runs
        lock.unlock()
        return PatternBatch(width: input.width, height: input.height, pixelType: input.pixelType, count: outputs.count)
    }
}

private final class MemoryWriter: PatternWriter {
    let scan: ScanDescription
    var patterns: PatternBatch
    var finished = false, aborted = false

    init(scan: ScanDescription) {
        self.scan = scan
        patterns = PatternBatch(width: scan.width, height: scan.height, pixelType: scan.pixelType, count: scan.count)
    }

    func write(_ batch: PatternBatch, at start: Int) throws {
        patterns.bytes.replaceSubrange(start * scan.bytesPerPattern..<(start + batch.count) * scan.bytesPerPattern, with: batch.bytes)
    }

    func finish() throws { finished = true }
    func abort() { aborted = true }
}

final class DenoiseJobTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("denoise-job") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func scan(count: Int) throws -> PatternReader {
        let path = folder.appendingPathComponent("in.npy").path
        if !FileManager.default.fileExists(atPath: path) {
            try SyntheticPatterns.write(SyntheticPatterns.batch(width: 9, height: 8, count: count, pixelType: .float32), to: path)
        }
        return try ScanIO.openReader(path)
    }

    func testNeighbourInputsAreRightWhateverTheBatchingAndThreads() throws {
        let reader = try scan(count: 23)
        var expected = PatternBatch(width: 9, height: 8, pixelType: .float32, count: 23)
        let all = try reader.read(0..<23)
        for index in 0..<23 {
            var sum = [Float](repeating: 0, count: 72)
            for neighbour in max(0, index - 1)...min(22, index + 1) {
                for (offset, value) in all.floats(of: neighbour).enumerated() { sum[offset] += value }
            }
            expected.setPattern(index, from: sum)
        }
        for (batchSize, threads) in [(1, 1), (5, 2), (7, 3), (64, 2)] {
            let writer = MemoryWriter(scan: reader.scan)
            var reported: [Int] = []
            let job = DenoiseJob(denoiser: NeighbourSum(), batchSize: batchSize, threads: threads) { done, _ in reported.append(done) }
            try job.run(from: reader, to: writer)
            XCTAssertEqual(writer.patterns, expected, "batch \(batchSize), threads \(threads)")
            XCTAssertTrue(writer.finished)
            XCTAssertEqual(reported.last, 23)
            XCTAssertEqual(reported, reported.sorted())
        }
    }

    func testASmallScanIsCutSoThatEveryWorkerGetsABatch() throws {
        let reader = try scan(count: 23)
        for (threads, largest) in [(1, 23), (2, 12), (3, 8)] {
            let recorder = BatchRecorder()
            try DenoiseJob(denoiser: recorder, threads: threads).run(from: reader, to: MemoryWriter(scan: reader.scan))
            XCTAssertEqual(recorder.batches.count, threads, "threads \(threads)")
            XCTAssertEqual(recorder.batches.map(\.count).max(), largest, "threads \(threads)")
            XCTAssertEqual(recorder.batches.sorted { $0.lowerBound < $1.lowerBound }.flatMap { Array($0) }, Array(0..<23))
        }
    }

    func testAFailingWorkerStopsTheJobAndAbortsTheOutput() throws {
        let reader = try scan(count: 23)
        let denoiser = NeighbourSum()
        denoiser.failAt = 17
        let writer = MemoryWriter(scan: reader.scan)
        XCTAssertThrowsError(try DenoiseJob(denoiser: denoiser, batchSize: 4, threads: 2).run(from: reader, to: writer)) {
            XCTAssertEqual(($0 as? KikuchiError)?.description, "pattern 17: failed on purpose")
        }
        XCTAssertTrue(writer.aborted)
        XCTAssertFalse(writer.finished)
    }

    func testResumingTakesOverOnlyTheRecordedPatterns() throws {
        let reader = try scan(count: 23)
        let output = folder.appendingPathComponent("out.npy").path
        let options = WriteOptions(inputs: [folder.appendingPathComponent("in.npy").path])
        let destination = DenoiseDestination(path: output, resume: true, identity: "test", writeOptions: options)
        // An interrupted run: patterns 0..<10 of the right values recorded, 10..<15 written but not recorded.
        let complete = DenoiseJob(denoiser: NeighbourSum(), batchSize: 5, threads: 1)
        try complete.run(
            from: reader,
            to: DenoiseDestination(
                path: folder.appendingPathComponent("reference.npy").path,
                identity: "test", writeOptions: options))
        let reference = try ScanIO.openReader(folder.appendingPathComponent("reference.npy").path).read(0..<23)
        let workPath = folder.appendingPathComponent(".out.npy.work").path
        let part = try ScanPart(
            creating: workPath,
            manifest: ScanPartManifest(
                scan: reader.scan, inputPixelType: .float32, encoding: OutputEncoding(),
                shard: .whole, identity: "test"))
        try part.write(reference.slice(0..<10), at: 0)
        try part.write(PatternBatch(width: 9, height: 8, pixelType: .float32, count: 5), at: 10)
        var checkpoint = DenoiseCheckpoint(partPath: workPath, identity: "test")
        checkpoint.insert(0..<10)
        try checkpoint.save()

        let resumed = try complete.run(from: reader, to: destination).resumed
        XCTAssertEqual(resumed, 10)
        XCTAssertEqual(try ScanIO.openReader(output).read(0..<23), reference)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workPath))
        XCTAssertFalse(FileManager.default.fileExists(atPath: checkpoint.path))
    }

    func testShardsSplitTheScanIntoContiguousNearlyEqualParts() throws {
        for total in [0, 1, 7, 31, 1000] {
            for count in 1...5 {
                let ranges = (1...count).map { Shard(index: $0, count: count)!.range(of: total) }
                XCTAssertEqual(ranges.first?.lowerBound, 0)
                XCTAssertEqual(ranges.last?.upperBound, total)
                for (a, b) in zip(ranges, ranges.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
                let sizes = ranges.map(\.count)
                XCTAssertLessThanOrEqual(sizes.max()! - sizes.min()!, 1)
            }
        }
        XCTAssertEqual(Shard("2/3"), Shard(index: 2, count: 3))
        for bad in ["0/3", "4/3", "1/0", "a/b", "2", "1/2/3"] { XCTAssertNil(Shard(bad), bad) }
    }

    func testCheckpointListsTheGapsAndIgnoresAnotherRun() throws {
        let partPath = folder.appendingPathComponent("p.kpart").path
        var checkpoint = DenoiseCheckpoint(partPath: partPath, identity: "run A")
        checkpoint.insert(3..<5)
        checkpoint.insert(8..<12)
        XCTAssertEqual(checkpoint.missing(in: 0..<10), [0..<3, 5..<8])
        XCTAssertEqual(checkpoint.missing(in: 4..<20), [5..<8, 12..<20])
        try checkpoint.save()
        XCTAssertEqual(DenoiseCheckpoint.load(partPath: partPath, identity: "run A").doneCount, 6)
        XCTAssertEqual(DenoiseCheckpoint.load(partPath: partPath, identity: "run B").doneCount, 0)
    }

    func testPartFilesKeepTheirManifestAndPatternsAndRefuseOtherFiles() throws {
        let reader = try scan(count: 23)
        let manifest = ScanPartManifest(
            scan: reader.scan, inputPixelType: .float32, encoding: OutputEncoding(),
            shard: Shard(index: 2, count: 3)!, identity: "x")
        XCTAssertEqual(manifest.range, 7..<15)
        let path = folder.appendingPathComponent("p.kpart").path
        let part = try ScanPart(creating: path, manifest: manifest)
        XCTAssertFalse(part.hasAllBytes)
        try part.write(try reader.read(7..<15), at: 7)
        let reopened = try ScanPart(opening: path)
        XCTAssertEqual(reopened.manifest, manifest)
        XCTAssertTrue(reopened.hasAllBytes)
        XCTAssertEqual(try reopened.read(9..<12), try reader.read(9..<12))
        XCTAssertThrowsError(try ScanPart(opening: folder.appendingPathComponent("in.npy").path)) {
            XCTAssertTrue("\($0)".contains("not a kikuchi part file"), "\($0)")
        }
    }
}
