import Foundation
import KikuchiCore
import KikuchiTestSupport
import XCTest

final class KikuchiErrorTests: XCTestCase {
    func testAttributionFillsOnlyAnEmptyFile() {
        let anonymous = KikuchiError.badInput("", "input of the wrong shape")
        XCTAssertEqual(anonymous.attributed(to: "in.npy").description, "in.npy: input of the wrong shape")
        let named = KikuchiError.processing("model.h5", "cannot write")
        XCTAssertEqual(named.attributed(to: "other"), named)
        XCTAssertEqual(anonymous.exitStatus, 2)
        XCTAssertEqual(named.exitStatus, 1)
        XCTAssertEqual(named.file, "model.h5")
        XCTAssertEqual(named.problem, "cannot write")
    }
}

final class CheckedSizeTests: XCTestCase {
    func testOverflowingProductIsRefusedWithTheFormula() {
        XCTAssertThrowsError(try CheckedSize.product([Int(UInt32.max), Int(UInt32.max), 4], of: "map", in: "scan.up2", fileSize: 42)) {
            XCTAssertEqual("\($0)", "scan.up2: damaged header: its map (4294967295 x 4294967295 x 4) comes to more than 2^63; the file has 42 bytes")
        }
        XCTAssertEqual(try CheckedSize.product([3, 5, 7], of: "map", in: "scan.up2"), 105)
    }

    func testNegativeTermIsRefused() {
        XCTAssertThrowsError(try CheckedSize.sum([16, -1], of: "offset", in: "f")) {
            XCTAssertEqual("\($0)", "f: damaged header: its offset (16 + -1) comes to a negative term")
        }
        XCTAssertEqual(try CheckedSize.sum([Int.max - 1, 1], of: "offset", in: "f"), Int.max)
        XCTAssertThrowsError(try CheckedSize.sum([Int.max, 1], of: "offset", in: "f"))
    }
}

final class BoundedQueueTests: XCTestCase {
    /// Two producers and two consumers through a queue of two: every item arrives once, and the
    /// queue never holds more than its capacity.
    func testManyProducersAndConsumersLoseNothing() {
        let queue = BoundedQueue<Int>(capacity: 2)
        let seen = Received()
        let group = DispatchGroup()
        for _ in 0..<2 {
            DispatchQueue.global().async(group: group) {
                while let item = queue.pop() {
                    seen.append(item)
                }
            }
        }
        let producers = DispatchGroup()
        for producer in 0..<2 {
            DispatchQueue.global().async(group: producers) {
                for i in 0..<500 { XCTAssertTrue(queue.push(producer * 1000 + i)) }
            }
        }
        producers.wait()
        queue.close()
        group.wait()
        XCTAssertEqual(seen.items.sorted(), (0..<500).map { $0 } + (0..<500).map { 1000 + $0 })
        XCTAssertFalse(queue.push(7), "a closed queue takes nothing")
    }
}

/// Items taken from a queue by several threads.
private final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var taken: [Int] = []

    func append(_ item: Int) { lock.lock(); taken.append(item); lock.unlock() }
    var items: [Int] { lock.lock(); defer { lock.unlock() }; return taken }
}

final class OutputPathTests: XCTestCase {
    func testWrittenUnderATemporaryNameUntilCommitted() throws {
        let folder = try TestPaths.scratchFolder("output-path").path
        let final = (folder as NSString).appendingPathComponent("out.up2")
        let output = try OutputPath(final, overwrite: false)
        XCTAssertNotEqual(output.temporaryPath, final)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: output.temporaryPath))
        XCTAssertFalse(FileManager.default.fileExists(atPath: final), "nothing at the final name before commit")
        try output.commit()
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: final)), Data([1, 2, 3]))
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.temporaryPath))
    }

    func testTheInputIsNeverTheOutput() throws {
        let folder = try TestPaths.scratchFolder("output-path-input").path
        let input = (folder as NSString).appendingPathComponent("scan.up2")
        try Data([9]).write(to: URL(fileURLWithPath: input))
        XCTAssertThrowsError(try OutputPath(input, overwrite: true, inputs: [input])) {
            XCTAssertEqual("\($0)", "\(input): the output is the input; choose another output name (the input is never modified)")
        }
        XCTAssertThrowsError(try OutputPath(input, overwrite: false)) {
            XCTAssertEqual("\($0)", "\(input): already exists; pass --overwrite to replace it")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: input)), Data([9]), "the input is untouched")
    }

    /// A bare one-letter name (`-o r`) once trapped inside Foundation.
    func testBareShortNamesHaveNoFolder() {
        XCTAssertEqual(OutputPath.folder(of: "r"), "")
        XCTAssertEqual(OutputPath.folder(of: "ab"), "")
        XCTAssertEqual(OutputPath.folder(of: "a/r"), "a")
        XCTAssertEqual(OutputPath.folder(of: "/r"), "/")
        XCTAssertEqual(OutputPath.hiddenSibling(of: "r", suffix: ".partial"), ".r.partial")
        XCTAssertEqual(OutputPath.hiddenSibling(of: "x/r", suffix: ".partial"), "x/.r.partial")
    }
}
