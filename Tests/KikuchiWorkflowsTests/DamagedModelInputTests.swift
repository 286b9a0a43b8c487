import Foundation
import KikuchiCore
import KikuchiDenoise
import KikuchiIO
import KikuchiNN
import KikuchiTestSupport
import KikuchiWorkflows
import XCTest

/// Model-side files whose headers ask for more than they hold (found by fuzz/): refused with one
/// line naming the file, where they used to trap or allocate gigabytes.
final class DamagedModelInputTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TestPaths.scratchFolder("kikuchi-damaged-model") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func write(_ bytes: [UInt8], _ name: String) throws -> String {
        try TestPaths.write(bytes, named: name, in: folder)
    }

    private func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }

    func testZipEntryLargerThanItsStoredBytes() throws {
        var zip = ZipWriter()
        zip.add("config.json", Array("{}".utf8))
        var bytes = zip.archive()
        // The central directory entry (signature PK\1\2): uncompressed size at +24.
        let entry = (0..<bytes.count - 3).first { bytes[$0..<$0 + 4] == [0x50, 0x4b, 0x01, 0x02] }!
        bytes.replaceSubrange(entry + 24..<entry + 28, with: [0xff, 0xff, 0xff, 0x7f])
        let path = try write(bytes, "model.keras")
        let archive = try ZipArchive(path: path)
        XCTAssertEqual(
            message { _ = try archive.contents(of: "config.json") },
            "\(path): the zip directory gives 'config.json' 2147483647 bytes, more than its 2 stored bytes can hold")
    }

    func testTensorShapeBeyondSixtyFourBits() throws {
        let text = "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296, 1), }"
        let dict = text + String(repeating: " ", count: 117 - text.utf8.count) + "\n"
        let path = try write([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(dict.utf8.count), 0] + Array(dict.utf8), "input.npy")
        let message = message { _ = try TensorFile.read(path) }
        XCTAssertTrue(message.hasPrefix("\(path): damaged header: its shape [4294967296, 4294967296, 4294967296, 1]"), message)
    }

    private func trainer() throws -> Trainer {
        let fixture = { (name: String) in TestPaths.fixture("training/\(name)").path }
        return try Trainer(
            model: KerasModelFile.load(fixture("conv_pool_transpose_initial.h5")),
            data: TrainingPairs(noisy: fixture("noisy.npy"), clean: fixture("clean.npy")),
            configuration: TrainingConfiguration())
    }

    /// The checkpoint `trainer` writes, split into its magic line, header JSON and values.
    private func checkpoint(of trainer: Trainer) throws -> (magic: [UInt8], header: [String: Any], values: [UInt8]) {
        let path = folder.appendingPathComponent("good.checkpoint").path
        try trainer.writeCheckpoint(to: path)
        let bytes = RawFile.contents(of: path)!
        let lines = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
        let length = Int(String(decoding: lines[1], as: UTF8.self))!
        let start = lines[0].count + lines[1].count + 2
        let header = try JSONSerialization.jsonObject(with: Data(bytes[start..<start + length])) as! [String: Any]
        return (Array(lines[0]), header, Array(bytes[(start + length)...]))
    }

    private func checkpointBytes(magic: [UInt8], header: [String: Any], values: [UInt8], length: String? = nil) throws -> [UInt8] {
        let json = [UInt8](try JSONSerialization.data(withJSONObject: header))
        return magic + [10] + Array((length ?? String(json.count)).utf8) + [10] + json + values
    }

    func testCheckpointWithNegativeHeaderLength() throws {
        let trainer = try trainer()
        let good = try checkpoint(of: trainer)
        let path = try write(try checkpointBytes(magic: good.magic, header: good.header, values: good.values, length: "-20"), "negative.checkpoint")
        XCTAssertEqual(message { try trainer.restoreCheckpoint(from: path) }, "\(path): not a kikuchi training checkpoint")
    }

    func testCheckpointWithDamagedHistoryRow() throws {
        let trainer = try trainer()
        let good = try checkpoint(of: trainer)
        for history: [[Any]] in [[[]], [[Double.greatestFiniteMagnitude, 1, 1, 1, 1]]] {
            var header = good.header
            header["history"] = history
            let path = try write(try checkpointBytes(magic: good.magic, header: header, values: good.values), "history.checkpoint")
            XCTAssertEqual(
                message { try trainer.restoreCheckpoint(from: path) },
                "\(path): the checkpoint's header is damaged (negative counts, or a history row that is not epoch, loss, validation loss, learning rate, seconds)"
            )
        }
        // The untouched checkpoint still restores.
        let path = try write(try checkpointBytes(magic: good.magic, header: good.header, values: good.values), "good-again.checkpoint")
        XCTAssertNoThrow(try trainer.restoreCheckpoint(from: path))
    }
}
