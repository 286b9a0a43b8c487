import KikuchiHDF5
import KikuchiTestSupport
import XCTest

/// Every failure is one thrown line naming the file and what failed; nothing is printed.
final class HDF5ErrorTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try TestPaths.scratchFolder("kikuchi-hdf5-errors")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testMissingFile() {
        let name = folder.appendingPathComponent("absent.h5").path
        XCTAssertEqual(message { _ = try HDF5File(name) }, "\(name): no such file")
    }

    func testNotHDF5() throws {
        let name = folder.appendingPathComponent("text.h5").path
        try Data("plain text, not HDF5\n".utf8).write(to: URL(fileURLWithPath: name))
        XCTAssertEqual(message { _ = try HDF5File(name) }, "\(name): not an HDF5 file")
    }

    func testMissingObjectsAndAttributes() throws {
        let name = folder.appendingPathComponent("small.h5").path
        let file = try HDF5File(name, mode: .create)
        try file.root.createDataset("values", values: [1.0, 2.0])
        XCTAssertEqual(message { _ = try file.dataset("Scan 1/patterns") }, "\(name): no dataset '/Scan 1/patterns'")
        XCTAssertEqual(message { _ = try file.group("values") }, "\(name): no group '/values'")
        XCTAssertEqual(message { _ = try file.root.readStringAttribute("model_config") }, "\(name): '/' has no attribute 'model_config'")
        XCTAssertEqual(
            message { _ = try file.dataset("values").readRows(1..<3, as: Double.self) },
            "\(name): rows 1..<3 are outside '/values' of shape [2]")
    }

    func testLibraryFailureCarriesHDF5Reason() throws {
        let name = folder.appendingPathComponent("twice.h5").path
        let file = try HDF5File(name, mode: .create)
        try file.root.createDataset("values", values: [Int32(1)])
        let text = message { try file.root.createDataset("values", values: [Int32(2)]) }
        XCTAssertTrue(text.hasPrefix("\(name): cannot create dataset '/values' ("), text)
        XCTAssertFalse(text.contains("\n"), text)
    }

    func testCreatingInMissingFolderFails() {
        let name = folder.appendingPathComponent("no/such/folder/out.h5").path
        let text = message { _ = try HDF5File(name, mode: .create) }
        XCTAssertTrue(text.hasPrefix("\(name): cannot create the HDF5 file"), text)
    }
}
