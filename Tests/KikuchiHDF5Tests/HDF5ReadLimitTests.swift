import KikuchiHDF5
import KikuchiTestSupport
import XCTest

/// A dataset or chunk whose header asks for more than the file can hold (deflate expands at most
/// 1032 times) is refused before anything is allocated, by kikuchi or by libhdf5.
final class HDF5ReadLimitTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("kikuchi-hdf5-limit") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }

    func testNeverWrittenDatasetLargerThanTheFileIsRefused() throws {
        let name = folder.appendingPathComponent("fill.h5").path
        let file = try HDF5File(name, mode: .create)
        _ = try file.root.createDataset("patterns", type: .float32, shape: [4000, 500, 500], chunkShape: [1, 500, 500])
        _ = try file.root.createDataset("small", type: .uint16, shape: [3, 8, 8], chunkShape: [1, 8, 8])
        try file.close()

        let reopened = try HDF5File(name)
        let patterns = try reopened.dataset("patterns")
        XCTAssertEqual(
            message { _ = try patterns.read(as: Float.self) },
            "\(name): damaged file: a read of '/patterns' of shape [4000, 500, 500] would take 4000000000 bytes, more than a file of this size can hold")
        // One pattern (1 MB) is within 1032 x the file size: a fill-valued chunk reads.
        XCTAssertEqual(try patterns.readRows(0..<1, as: Float.self).count, 250_000)
        XCTAssertTrue(message { _ = try patterns.readRows(0..<3000, as: Float.self) }.contains("damaged file: a read of '/patterns' of shape [3000, 500, 500]"))
        // An ordinary small dataset of the same file is untouched.
        XCTAssertEqual(try reopened.dataset("small").read(as: UInt16.self), [UInt16](repeating: 0, count: 192))
    }

    /// A refused read leaves nothing open: every id is closed once its wrapper is released.
    func testRefusedReadsLeaveNoObjectOpen() throws {
        let name = folder.appendingPathComponent("open.h5").path
        let before = HDF5Library.openObjectCount
        try {
            let file = try HDF5File(name, mode: .create)
            _ = try file.root.createDataset("patterns", type: .float32, shape: [4000, 500, 500], chunkShape: [1, 500, 500])
            XCTAssertGreaterThan(HDF5Library.openObjectCount, before)
            try file.close()
        }()
        try {
            let dataset = try HDF5File(name).dataset("patterns")
            XCTAssertThrowsError(try dataset.read(as: Float.self))
            XCTAssertThrowsError(try dataset.readRows(0..<4000, as: Float.self))
        }()
        XCTAssertEqual(HDF5Library.openObjectCount, before)
    }

    func testChunkLargerThanTheFileIsRefusedEvenForOneRow() throws {
        let name = folder.appendingPathComponent("chunk.h5").path
        let file = try HDF5File(name, mode: .create)
        _ = try file.root.createDataset("weights", type: .float32, shape: [200, 500, 500], chunkShape: [200, 500, 500])
        try file.close()
        let dataset = try HDF5File(name).dataset("weights")
        XCTAssertEqual(
            message { _ = try dataset.readRows(0..<1, as: Float.self) },
            "\(name): damaged file: a chunk of '/weights' of shape [200, 500, 500] would take 200000000 bytes, more than a file of this size can hold")
    }
}
