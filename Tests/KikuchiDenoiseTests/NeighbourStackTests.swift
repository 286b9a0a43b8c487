import KikuchiDenoise
import KikuchiHDF5
import KikuchiIO
import KikuchiNN
import KikuchiTestSupport
import XCTest

/// The neighbour network's input against Tests/Fixtures/keras/make_neighbour_fixture.py, which
/// builds it as the Keras prototype in training/neighbour-network was trained on.
final class NeighbourStackTests: XCTestCase {
    private let map = MapGeometry(columns: 4, rows: 3)

    func testNeighbourhoodInChannelOrderWithTheCentreOutsideTheMap() {
        // Interior pattern 5 (row 1, column 1) of the 4 x 3 map, then corner 0 and edge 7.
        XCTAssertEqual(NeighbourStack.neighbourhood(of: 5, geometry: map, count: 12), [0, 1, 2, 4, 5, 6, 8, 9, 10])
        XCTAssertEqual(NeighbourStack.neighbourhood(of: 0, geometry: map, count: 12), [0, 0, 0, 0, 0, 1, 0, 4, 5])
        XCTAssertEqual(NeighbourStack.neighbourhood(of: 7, geometry: map, count: 12), [2, 3, 7, 6, 7, 7, 10, 11, 7])
        // A scan cut short at 10 patterns: pattern 5 lacks its neighbour 10, and itself stands in.
        XCTAssertEqual(NeighbourStack.neighbourhood(of: 5, geometry: map, count: 10), [0, 1, 2, 4, 5, 6, 8, 9, 5])
    }

    func testInputAndNetworkMatchTheKerasPrototype() throws {
        let file = try HDF5File(TestPaths.fixture("keras/neighbour_io.h5").path)
        let raw = try file.dataset("raw").read(as: Float.self)
        let averaged = try file.dataset("averaged").read(as: Float.self)
        let expectedInput = try file.dataset("input").read(as: Float.self)
        let expectedOutput = try file.dataset("output").read(as: Float.self)
        let model = try KerasModelFile.load(TestPaths.fixture("keras/neighbour_model.h5").path)
        let pixels = 16 * 16
        func pattern(_ values: [Float], _ index: Int) -> [Float] { Array(values[index * pixels..<(index + 1) * pixels]) }
        for index in 0..<12 {
            let neighbours = NeighbourStack.neighbourhood(of: index, geometry: map, count: 12)
            let sample = NeighbourStack.sample(raw: neighbours.map { pattern(raw, $0) }, averaged: pattern(averaged, index))
            let wanted = Array(expectedInput[index * pixels * 10..<(index + 1) * pixels * 10])
            XCTAssertLessThan(zip(sample, wanted).map { abs($0 - $1) }.max()!, 1e-5, "input of pattern \(index)")
            let output = try model.predict(Tensor(shape: [1, 16, 16, 10], storage: sample), threads: 1)
            XCTAssertLessThan(
                zip(output.storage, pattern(expectedOutput, index)).map { abs($0 - $1) }.max()!, 1e-4,
                "output of pattern \(index)")
        }
    }

    /// The network reads each pattern's 3 x 3 neighbourhood from the averaging's inputs: an
    /// averaging of single patterns is refused before anything is written, naming the pattern.
    func testAnAveragingWithoutTheNeighbourhoodIsRefused() throws {
        let model = try KerasModelFile.load(TestPaths.fixture("keras/neighbour_model.h5").path)
        let scan = ScanDescription(width: 16, height: 16, count: 12, pixelType: .uint16, geometry: map)
        let alone = NeighbourNetwork(averaging: try DynamicBackgroundCorrection(sigma: nil, scanPath: "scan.up2"), model: model, modelPath: "model.h5")
        XCTAssertThrowsError(try alone.check(scan, path: "scan.up2")) {
            XCTAssertEqual(
                "\($0)",
                "scan.up2: a neighbour network needs an averaging that reads each pattern's 3 x 3 neighbourhood; DynamicBackgroundCorrection reads patterns 0 for pattern 0, without 1, 4, 5"
            )
        }
        let nlpar = NeighbourNetwork(
            averaging: try NonLocalPatternAveraging(lambda: 0.7, searchRadius: 1, scanPath: "scan.up2"), model: model, modelPath: "model.h5")
        XCTAssertNoThrow(try nlpar.check(scan, path: "scan.up2"))
    }
}
