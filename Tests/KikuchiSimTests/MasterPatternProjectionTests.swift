import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiSim
import KikuchiTestSupport
import XCTest

/// kikuchi's projection of an EMsoft master pattern against kikuchipy's `get_patterns` (fixture
/// written by Tests/Fixtures/sim/make_projection_fixture.py) and against EMsoft's own pattern.
final class MasterPatternProjectionTests: XCTestCase {
    private struct Case: Decodable {
        var shape: [Int]
        var pc: [Double]
        var convention: String
        var sample_tilt: Double
        var tilt: Double
        var binning: Int
        var px_size: Double
        var euler: [Double]
    }

    private func nickelMaster() throws -> LambertMasterPattern {
        guard let data = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        let path = data.appendingPathComponent("kikuchipy/emsoft_ebsd_master_pattern/ni_mc_mp_20kv_uint8_gzip_opts9.h5").path
        let (master, energy) = try EMsoftMasterPatternFile.read(path)
        XCTAssertEqual(energy, 20)
        XCTAssertEqual(master.side, 401)
        return master
    }

    func testProjectionMatchesKikuchipyForEveryConvention() throws {
        let master = try nickelMaster()
        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: TestPaths.fixture("sim/projection_cases.json")))
        let expected = try ScanIO.openReader(TestPaths.fixture("sim/projection_kikuchipy.npy").path)
        let batch = try expected.read(0..<cases.count)
        XCTAssertEqual(cases.count, 8)
        for (index, c) in cases.enumerated() {
            let (height, width) = (c.shape[0], c.shape[1])
            let convention = try XCTUnwrap(PatternCentreConvention(name: c.convention))
            let centre = PatternCentre(
                c.pc[0], c.pc[1], c.pc[2], convention: convention, width: width, height: height,
                binning: c.binning, pixelSize: c.px_size)
            let detector = DetectorGeometry(
                width: width, height: height, patternCentre: centre,
                sampleTilt: c.sample_tilt, elevation: c.tilt)
            let ours = PatternProjector(master: master, detector: detector)
                .pattern(for: EulerAngles(phi1: c.euler[0], Phi: c.euler[1], phi2: c.euler[2]))
            let padded = batch.floats(of: index)
            let theirs = (0..<height).flatMap { row in padded[row * 120..<row * 120 + width] }
            let ncc = NormalizedCrossCorrelation.of(ours, theirs)
            XCTAssertGreaterThanOrEqual(ncc, 0.99, "case \(index) (\(c.convention), \(width) x \(height))")
            XCTAssertGreaterThanOrEqual(ncc, 0.999, "case \(index): geometry should agree to interpolation rounding")
        }
    }

    func testEMsoftNickelPatternIsReproduced() throws {
        let master = try nickelMaster()
        guard let data = TestPaths.sampleData else { throw XCTSkip(TestPaths.sampleDataMissing) }
        let simulation = try EMsoftPatternFile(path: data.appendingPathComponent("kikuchipy/emsoft_ebsd/EBSD_TEST_Ni.h5").path)
        XCTAssertEqual(simulation.detector.width, 640)
        XCTAssertEqual(simulation.detector.height, 480)
        XCTAssertEqual(simulation.detector.elevation, 10)
        XCTAssertEqual(simulation.orientations.count, 1)
        let ours = PatternProjector(master: master, detector: simulation.detector).pattern(for: simulation.orientations[0])
        let ncc = NormalizedCrossCorrelation.of(ours, simulation.patterns[0])
        XCTAssertGreaterThanOrEqual(ncc, 0.93)
    }
}

/// The EMsoft reader's energy choice and site sum on a small file of the same layout (written by
/// Tests/Fixtures/sim/make_emsoft_master_fixture.py: value = 100 energy + 10 site + pixel / 100).
final class EMsoftMasterPatternFileTests: XCTestCase {
    private let path = TestPaths.fixture("sim/tiny_master.h5").path

    func testHighestEnergyByDefaultAndSitesSummed() throws {
        let (master, energy) = try EMsoftMasterPatternFile.read(path)
        XCTAssertEqual(energy, 20)
        XCTAssertEqual(master.side, 5)
        // Energy index 2, sites 0 and 1: (200 + p / 100) + (210 + p / 100).
        for pixel in 0..<25 {
            XCTAssertEqual(master.northern[pixel], 410 + Float(pixel) / 50, accuracy: 1e-4)
            XCTAssertEqual(master.southern[pixel], -(410 + Float(pixel) / 50), accuracy: 1e-4)
        }
        // The pixel order: row (Y) major, X along the row; +z reads the northern square.
        XCTAssertEqual(master.intensity(along: SIMD3(0, 0, 1)), master.northern[12], accuracy: 1e-4)
        XCTAssertEqual(master.intensity(along: SIMD3(0, 0, -1)), master.southern[12], accuracy: 1e-4)
        XCTAssertEqual(master.intensity(along: SIMD3(1, 0, 0)), master.northern[2 * 5 + 4], accuracy: 1e-4, "+x is the right column")
        XCTAssertEqual(master.intensity(along: SIMD3(0, 1, 0)), master.northern[4 * 5 + 2], accuracy: 1e-4, "+y is the last row")
    }

    func testTheNearestEnergyWhenAskedAndAnErrorFarFromAll() throws {
        let (master, energy) = try EMsoftMasterPatternFile.read(path, energy: 15.2)
        XCTAssertEqual(energy, 15)
        XCTAssertEqual(master.northern[0], 100 + 110, accuracy: 1e-4)
        XCTAssertThrowsError(try EMsoftMasterPatternFile.read(path, energy: 12.5)) { error in
            XCTAssertEqual((error as? KikuchiError)?.description, "\(self.path): holds no master pattern at 12.5 kV (energies: 10, 15, 20)")
        }
    }
}
