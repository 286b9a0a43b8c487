import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiSim
import XCTest

/// The noise model's statistics, the grain map, and a simulated scan's independence from batching
/// and threads.
final class SimulatedScanTests: XCTestCase {
    private func smallScan(
        dose: Double?, orientations: SimulatedScan.Orientations? = nil,
        geometry: MapGeometry = MapGeometry(columns: 4, rows: 3)
    ) throws -> SimulatedScan {
        let master = KinematicalMasterPattern(phase: CrystalPhase(name: "fe")!, kilovolts: 20).lambert(side: 151)
        let detector = DetectorGeometry(width: 40, height: 30, patternCentre: PatternCentre(0.5, 0.5, 0.5, convention: .edax, width: 40, height: 30))
        return try SimulatedScan(
            projector: PatternProjector(master: master, detector: detector), noise: NoiseModel(dose: dose),
            geometry: geometry, orientations: orientations ?? .grains(GrainMap(geometry: geometry, grains: 3, seed: 4)),
            pixelType: .uint16, seed: 11)
    }

    func testShotNoiseIsPoissonAtTheDose() throws {
        var noise = NoiseModel(dose: 40)
        (noise.contrast, noise.backgroundFloor, noise.blurSigma, noise.readNoise) = (0, 1, 0, 0)
        let flat = [Float](repeating: 0.5, count: 10_000)
        var generator = SeededGenerator(seed: 3)
        let result = noise.record(
            flat, illumination: [Float](repeating: 1, count: flat.count), width: 100, height: 100,
            blur: nil, generator: &generator)
        let mean = result.recorded.reduce(0.0) { $0 + Double($1) } / 10_000
        let variance = result.recorded.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / 9_999
        XCTAssertEqual(mean, 40, accuracy: 0.4)
        XCTAssertEqual(variance, 40, accuracy: 2.5)
        XCTAssertTrue(result.recorded.allSatisfy { $0 == $0.rounded() }, "counts are whole numbers")
        XCTAssertTrue(try XCTUnwrap(result.clean).allSatisfy { abs($0 - 40) < 1e-3 })
    }

    func testCleanPatternsHaveTheMeanDoseAndNoisyOnesScatterAroundThem() throws {
        let scan = try smallScan(dose: 25)
        let (noisy, truth) = scan.patterns(0..<12)
        let clean = try XCTUnwrap(truth)
        XCTAssertNil(scan.patterns(0..<2, withClean: false).clean)
        for i in 0..<12 {
            let c = clean.floats(of: i), n = noisy.floats(of: i)
            XCTAssertEqual(Double(c.reduce(0, +)) / Double(c.count), 25, accuracy: 0.6)
            XCTAssertEqual(Double(n.reduce(0, +)) / Double(n.count), 25, accuracy: 1.5)
            XCTAssertNotEqual(c, n)
            XCTAssertGreaterThan(NormalizedCrossCorrelation.of(c, n), 0.2)
        }
        let noiseFree = try smallScan(dose: nil).patterns(0..<2)
        XCTAssertEqual(noiseFree.recorded, noiseFree.clean)
    }

    func testPatternsDoNotDependOnBatchesOrThreads() throws {
        let scan = try smallScan(dose: 10)
        let whole = scan.patterns(0..<12, threads: 1)
        var pieces = scan.patterns(0..<5, threads: 2)
        let rest = scan.patterns(5..<12, threads: 2)
        pieces.recorded.append(rest.recorded)
        pieces.clean!.append(rest.clean!)
        XCTAssertEqual(whole.recorded, pieces.recorded)
        XCTAssertEqual(whole.clean, pieces.clean)
    }

    /// Neighbouring patterns of one grain (the same clean pattern) carry independent noise: their
    /// noise correlates with none of the other's at shifts of 0 to 3 pixels along the rows.
    /// (Per-pattern generators once started one draw apart, which gave each pattern its
    /// neighbour's noise moved by one pixel: correlation 0.52 at a shift of 1.)
    func testNeighbouringPatternsHaveIndependentNoise() throws {
        let geometry = MapGeometry(columns: 4, rows: 2)
        let scan = try smallScan(dose: 5, orientations: .grains(GrainMap(geometry: geometry, grains: 1, seed: 2)), geometry: geometry)
        let (noisy, truth) = scan.patterns(0..<8)
        let clean = try XCTUnwrap(truth)
        let noise = (0..<8).map { index in zip(noisy.floats(of: index), clean.floats(of: index)).map { Double($0 - $1) } }
        func correlation(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Double {
            let meanA = a.reduce(0, +) / Double(a.count), meanB = b.reduce(0, +) / Double(b.count)
            var ab = 0.0, aa = 0.0, bb = 0.0
            for (x, y) in zip(a, b) {
                ab += (x - meanA) * (y - meanB)
                aa += (x - meanA) * (x - meanA)
                bb += (y - meanB) * (y - meanB)
            }
            return ab / (aa * bb).squareRoot()
        }
        for (first, second) in [(0, 1), (1, 2), (0, 4), (5, 6)] {
            for shift in 0...3 {
                let a = noise[first][shift...], b = noise[second][..<(noise[second].count - shift)]
                XCTAssertLessThan(abs(correlation(a, b)), 0.08, "patterns \(first) and \(second), shift \(shift)")
            }
        }
    }

    func testGrainMapGivesNearestSeedOrientations() throws {
        let geometry = MapGeometry(columns: 9, rows: 7, stepX: 2, stepY: 3.0.squareRoot(), grid: .hex)
        let map = GrainMap(geometry: geometry, grains: 4, seed: 2)
        XCTAssertEqual(map.orientations.count, 4)
        XCTAssertEqual(map.position(of: 9), SIMD2(1, 3.0.squareRoot()), "the first odd-row pattern is shifted half a step")
        XCTAssertEqual(map.position(of: 10), SIMD2(3, 3.0.squareRoot()))
        var seen = Set<Int>()
        for index in 0..<geometry.patternCount {
            let grain = map.grain(of: index)
            seen.insert(grain)
            let p = map.position(of: index)
            let distances = map.seeds.map { (($0 - p) * ($0 - p)).sum() }
            XCTAssertEqual(distances[grain], distances.min())
        }
        XCTAssertGreaterThan(seen.count, 1)
        let scan = try smallScan(dose: nil, orientations: .grains(map), geometry: geometry)
        XCTAssertEqual(scan.orientation(of: 9), map.orientations[map.grain(of: 9)])
    }

    func testOneCallGrainMapForDemos() throws {
        let scan = try SimulatedScan.kinematicalGrainMap(
            phase: "cu", geometry: MapGeometry(columns: 3, rows: 2), width: 24, height: 20,
            grains: 2, dose: 15)
        XCTAssertEqual(scan.scan.count, 6)
        XCTAssertEqual(scan.patterns(0..<6).recorded.count, 6)
        XCTAssertThrowsError(
            try SimulatedScan.kinematicalGrainMap(
                phase: "zr", geometry: MapGeometry(columns: 1, rows: 1), width: 8,
                height: 8, grains: 1, dose: nil)
        ) { error in
            XCTAssertEqual((error as? KikuchiError)?.description, "unknown phase 'zr'; choose one of ni, al, cu, fe, si, ti")
        }
    }

    func testPerPatternOrientationsMustFillTheMap() throws {
        let given = [EulerAngles](repeating: EulerAngles(phi1: 0, Phi: 0, phi2: 0), count: 5)
        XCTAssertThrowsError(try smallScan(dose: nil, orientations: .perPattern(given))) { error in
            XCTAssertEqual((error as? KikuchiError)?.description, "5 orientations given for 12 patterns")
        }
    }

    func testOrientationsCSVRoundTripsAndNamesBadLines() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sim-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let angles = [EulerAngles(phi1: 1.5, Phi: 20, phi2: 300.25), EulerAngles(phi1: 0, Phi: 180, phi2: 0)]
        let good = folder.appendingPathComponent("good.csv").path
        try (OrientationsCSV.header + "\n" + OrientationsCSV.lines(angles)).write(toFile: good, atomically: true, encoding: .utf8)
        XCTAssertEqual(try OrientationsCSV.read(good), angles)
        let bad = folder.appendingPathComponent("bad.csv").path
        try "phi1,Phi,phi2\n1,2,3\n4,five,6\n".write(toFile: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try OrientationsCSV.read(bad)) { error in
            XCTAssertEqual((error as? KikuchiError)?.description, "\(bad): line 3 is not three numbers phi1,Phi,phi2: '4,five,6'")
        }
        let headless = folder.appendingPathComponent("headless.csv").path
        try "1,2,3\n".write(toFile: headless, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try OrientationsCSV.read(headless)) { error in
            XCTAssertEqual((error as? KikuchiError)?.description, "\(headless): the first line must be the header 'phi1,Phi,phi2'")
        }
    }
}
