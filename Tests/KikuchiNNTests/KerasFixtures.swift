import KikuchiCore
import KikuchiHDF5
import KikuchiNN
import KikuchiTestSupport
import XCTest

/// Access to the fixtures written by Tests/Fixtures/keras/make_fixtures.py.
enum KerasFixtures {
    static func path(_ name: String) -> String {
        TestPaths.fixture("keras/\(name)").path
    }

    /// A float dataset of an NHWC array as a tensor.
    static func tensor(_ dataset: HDF5Dataset) throws -> Tensor {
        Tensor(shape: dataset.shape, storage: try dataset.read(as: Float.self))
    }

    /// `input` and `output` of an `*_io.h5` fixture.
    static func inputOutput(_ name: String) throws -> (input: Tensor, output: Tensor) {
        let file = try HDF5File(path(name))
        return (try tensor(file.dataset("input")), try tensor(file.dataset("output")))
    }

    /// Asserts that `actual` equals Keras' `expected` within the contract's 1e-4.
    static func assertMatchesKeras(
        _ actual: Tensor, _ expected: Tensor, _ what: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(actual.shape, expected.shape, "\(what): shape", file: file, line: line)
        guard actual.shape == expected.shape else { return }
        let difference = actual.maximumAbsoluteDifference(from: expected)
        XCTAssertLessThanOrEqual(difference, 1e-4, "\(what): largest difference from Keras", file: file, line: line)
    }

    /// The message of the KikuchiError `body` throws (fails when it throws none or another error).
    static func message(file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) -> String {
        do {
            try body()
            XCTFail("no error thrown", file: file, line: line)
        } catch let error as KikuchiError {
            return error.description
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return ""
    }
}
