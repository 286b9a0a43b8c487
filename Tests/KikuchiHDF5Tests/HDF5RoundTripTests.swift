import KikuchiHDF5
import KikuchiTestSupport
import XCTest

/// Files created by the wrapper and read back: groups, datasets, hyperslabs, attributes.
final class HDF5RoundTripTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try TestPaths.scratchFolder("kikuchi-hdf5")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func testGroupsAndMembersAreListedByName() throws {
        let file = try HDF5File(path("groups.h5"), mode: .create)
        _ = try file.root.createGroup("Scan 2/EBSD/Data")
        _ = try file.root.createGroup("Scan 1")
        try file.root.createDataset("values", values: [Int32(1), 2, 3])
        XCTAssertEqual(try file.root.memberNames(), ["Scan 1", "Scan 2", "values"])
        XCTAssertEqual(try file.root.groupNames(), ["Scan 1", "Scan 2"])
        XCTAssertEqual(try file.root.datasetNames(), ["values"])
        XCTAssertTrue(try file.exists("Scan 2/EBSD/Data"))
        XCTAssertFalse(try file.exists("Scan 2/EBSD/Header"))
        XCTAssertFalse(try file.exists("Scan 3/EBSD"))
        XCTAssertEqual(try file.root.kind(of: "/Scan 2/EBSD"), .group)
        XCTAssertEqual(try file.root.kind(of: "values"), .dataset)
        XCTAssertNil(try file.root.kind(of: "missing"))
        XCTAssertEqual(try file.group("Scan 2").group("EBSD/Data").objectPath, "/Scan 2/EBSD/Data")
    }

    func testChunkedCompressedDatasetWritesAndReadsRowRanges() throws {
        let name = path("rows.h5")
        do {
            let file = try HDF5File(name, mode: .create)
            let dataset = try file.root.createDataset(
                "Scan 1/EBSD/Data/patterns", type: .uint16, shape: [5, 3, 2],
                chunkShape: [1, 3, 2], gzipLevel: 4)
            // Rows written out of order; row 4 is never written and stays zero.
            try dataset.writeRows(at: 2, (0..<12).map { UInt16(200 + $0) })
            try dataset.writeRows(at: 0, (0..<12).map { UInt16(100 + $0) })
            try file.close()
        }
        let file = try HDF5File(name)
        let dataset = try file.dataset("/Scan 1/EBSD/Data/patterns")
        XCTAssertEqual(dataset.shape, [5, 3, 2])
        XCTAssertEqual(dataset.elementType, HDF5ElementType(kind: .integer, size: 2))
        XCTAssertEqual(try dataset.chunkShape(), [1, 3, 2])
        XCTAssertEqual(try dataset.readRows(1..<3, as: UInt16.self), (106..<112).map(UInt16.init) + (200..<206).map(UInt16.init))
        XCTAssertEqual(try dataset.readRows(4..<5, as: UInt16.self), [UInt16](repeating: 0, count: 6))
        // Conversion by HDF5 to another native type.
        XCTAssertEqual(try dataset.readRows(3..<4, as: Float.self), (206..<212).map(Float.init))
        XCTAssertEqual(try dataset.read(as: Int64.self).count, 30)
    }

    func testUnionOfBlocksIsReadInRowMajorOrder() throws {
        let file = try HDF5File(path("blocks.h5"), mode: .create)
        let values = (0..<24).map { Int32($0) }
        let dataset = try file.root.createDataset("grid", values: values, shape: [2, 3, 2, 2])
        XCTAssertNil(try dataset.chunkShape())
        var out = [Int32](repeating: -1, count: 12)
        // Patterns (row 1, column 2) and (row 0, columns 1...2), given in reverse order.
        try out.withUnsafeMutableBytes {
            try dataset.readSelection(
                [
                    HDF5Hyperslab(start: [1, 2, 0, 0], count: [1, 1, 2, 2]),
                    HDF5Hyperslab(start: [0, 1, 0, 0], count: [1, 2, 2, 2])
                ], into: $0, as: .int32)
        }
        XCTAssertEqual(out, Array(values[4..<12]) + Array(values[20..<24]))
    }

    func testAttributesRoundTripStringsAndNumbers() throws {
        let name = path("attributes.h5")
        do {
            let file = try HDF5File(name, mode: .create)
            let group = try file.root.createGroup("model_weights/dense")
            try file.root.writeStringAttribute("model_config", "{\"layers\": []}")
            try file.root.writeStringAttribute("backend", "tensorflow", variableLength: false)
            try group.writeStringArrayAttribute("weight_names", ["dense/kernel:0", "dense/bias:0"], variableLength: false)
            try group.writeStringArrayAttribute("vlen_names", ["a", "bc"], variableLength: true)
            try group.writeNumericAttribute("empty", [Float]())
            try group.writeNumericAttribute("size", [Int64(42)], shape: [])
            try group.writeNumericAttribute("scale", [0.25, 4.0])
            try group.writeNumericAttribute("size", [Int64(43)], shape: [])  // replaces
        }
        let file = try HDF5File(name)
        XCTAssertEqual(try file.root.attributeNames(), ["backend", "model_config"])
        XCTAssertEqual(try file.root.readStringAttribute("model_config"), "{\"layers\": []}")
        XCTAssertEqual(try file.root.readStringAttribute("backend"), "tensorflow")
        XCTAssertFalse(try file.root.attributeInfo("backend").type.isVariableLengthString)
        XCTAssertTrue(try file.root.attributeInfo("model_config").type.isVariableLengthString)
        let group = try file.group("model_weights/dense")
        XCTAssertEqual(try group.attributeNames(), ["empty", "scale", "size", "vlen_names", "weight_names"])
        XCTAssertEqual(try group.readStringArrayAttribute("weight_names"), ["dense/kernel:0", "dense/bias:0"])
        XCTAssertEqual(try group.readStringArrayAttribute("vlen_names"), ["a", "bc"])
        XCTAssertEqual(try group.readStringArrayAttribute("empty"), [])
        XCTAssertEqual(try group.readNumericAttribute("size", as: Int64.self), [43])
        XCTAssertEqual(try group.attributeInfo("size").shape, [])
        XCTAssertEqual(try group.readNumericAttribute("scale", as: Float.self), [0.25, 4])
        XCTAssertTrue(try group.hasAttribute("scale"))
        XCTAssertFalse(try group.hasAttribute("missing"))
    }

    func testStringDatasetsRoundTrip() throws {
        let file = try HDF5File(path("strings.h5"), mode: .create)
        try file.root.createStringDataset("manufacturer", values: ["kikuchipy"])
        try file.root.createStringDataset("names", values: ["x", "", "long name"], variableLength: true)
        try file.root.createStringDataset("scalar", values: ["one"], shape: [])
        let manufacturer = try file.dataset("manufacturer")
        XCTAssertEqual(manufacturer.shape, [1])
        // kikuchipy's header strings: NUL-padded, one byte longer than the text.
        XCTAssertEqual(manufacturer.elementType, HDF5ElementType(kind: .string, size: 10))
        XCTAssertEqual(try manufacturer.readString(), "kikuchipy")
        XCTAssertEqual(try file.dataset("names").readStrings(), ["x", "", "long name"])
        XCTAssertEqual(try file.dataset("scalar").readStrings(), ["one"])
    }
}
