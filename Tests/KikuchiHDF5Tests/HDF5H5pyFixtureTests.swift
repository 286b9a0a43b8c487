import KikuchiHDF5
import KikuchiTestSupport
import XCTest

/// The string and attribute forms h5py writes (Tests/Fixtures/h5ebsd/strings.h5, from
/// make_fixtures.py): what Keras model files hold.
final class HDF5H5pyFixtureTests: XCTestCase {
    private func open() throws -> HDF5File {
        try HDF5File(TestPaths.fixture("h5ebsd/strings.h5").path)
    }

    func testVariableAndFixedLengthStringAttributes() throws {
        let file = try open()
        XCTAssertEqual(try file.root.readStringAttribute("model_config"), "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"net\"}}")
        XCTAssertTrue(try file.root.attributeInfo("model_config").type.isVariableLengthString)
        XCTAssertEqual(try file.root.readStringAttribute("keras_version"), "2.13.1")
        XCTAssertEqual(try file.root.readStringArrayAttribute("layer_names"), ["conv2d", "dense_1", "up"])
        XCTAssertEqual(try file.root.attributeInfo("layer_names").type, HDF5ElementType(kind: .string, size: 7))
        XCTAssertEqual(try file.root.readStringArrayAttribute("vlen_names"), ["kernel:0", "bias:0"])
        XCTAssertEqual(
            try file.group("model_weights/conv2d").readStringArrayAttribute("weight_names"),
            ["conv2d/kernel:0", "conv2d/bias:0"])
    }

    func testEmptyFloatArrayIsAnEmptyStringList() throws {
        let file = try open()
        XCTAssertEqual(try file.root.attributeInfo("weight_names").type.kind, .float)
        XCTAssertEqual(try file.root.readStringArrayAttribute("weight_names"), [])
    }

    func testNumericAttributes() throws {
        let file = try open()
        XCTAssertEqual(try file.root.readNumericAttribute("epochs", as: Int64.self), [12])
        XCTAssertEqual(try file.root.readNumericAttribute("scale", as: Double.self), [0.5, 1.5, -2.0])
        XCTAssertThrowsError(try file.root.readNumericAttribute("model_config", as: Double.self)) { error in
            XCTAssertTrue("\(error)".hasSuffix("attribute 'model_config' of '/' is not numeric (it is variable-length string)"), "\(error)")
        }
    }

    func testStringDatasets() throws {
        let file = try open()
        XCTAssertEqual(try file.dataset("fixed_strings").readStrings(), ["a", "bcd", ""])
        XCTAssertEqual(try file.dataset("vlen_strings").readStrings(), ["first", "second", "third line"])
        XCTAssertEqual(try file.dataset("scalar_vlen").readString(), "only one")
        XCTAssertEqual(try file.dataset("scalar_fixed").readString(), "fixed")
        XCTAssertThrowsError(try file.dataset("int16_matrix").readStrings()) { error in
            XCTAssertTrue("\(error)".hasSuffix("'/int16_matrix' is not a string (it is int16)"), "\(error)")
        }
    }

    func testSignedIntegersConvert() throws {
        let dataset = try open().dataset("int16_matrix")
        XCTAssertEqual(dataset.shape, [3, 4])
        XCTAssertEqual(dataset.elementType.nativeType, .int16)
        XCTAssertEqual(try dataset.readRows(1..<3, as: Double.self), (-2..<6).map(Double.init))
    }
}
