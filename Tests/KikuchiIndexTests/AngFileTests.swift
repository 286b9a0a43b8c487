import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiIndex
import KikuchiSim
import KikuchiTestSupport
import XCTest

final class AngFileTests: XCTestCase {
    private let phase = AngFile.Phase(name: "Ti", formula: "Ti", tslSymmetry: 62, lattice: (2.951, 2.951, 4.684, 90, 90, 120))

    func testHeaderAndLinesOfAHexMap() throws {
        let geometry = MapGeometry(columns: 3, rows: 3, stepX: 2, stepY: 3.0.squareRoot(), grid: .hex)
        let ang = AngFile(geometry: geometry, patternCentre: (0.5, 0.25, 0.75), phase: phase)
        let header = ang.header.split(separator: "\n").map(String.init)
        XCTAssertTrue(header.allSatisfy { $0.hasPrefix("#") })
        for expected in [
            "# y-star                0.250000", "# Symmetry              62", "# LatticeConstants      2.951 2.951 4.684 90.000 90.000 120.000",
            "# GRID: HexGrid", "# XSTEP: 2.000000", "# NCOLS_ODD: 3", "# NCOLS_EVEN: 2", "# NROWS: 3"
        ] {
            XCTAssertTrue(header.contains(expected), "lacks '\(expected)'")
        }
        // Scan order 0 1 2 / 3 4 / 5 6 7: pattern 3 starts the shifted row.
        XCTAssertEqual(ang.position(of: 3).x, 1, accuracy: 1e-12)
        XCTAssertEqual(ang.position(of: 3).y, 3.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(ang.position(of: 7).x, 4, accuracy: 1e-12)
        let row = AngFile.Row(
            orientation: EulerAngles(phi1: 90, Phi: 45, phi2: 180), imageQuality: 0.25, confidence: 0.5, detectorSignal: 12.5, fit: 0.75)
        let fields = ang.line(row, index: 4).split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        XCTAssertEqual(fields.count, 10)
        XCTAssertEqual(fields[0], Double.pi / 2, accuracy: 1e-5)
        XCTAssertEqual(fields[1], Double.pi / 4, accuracy: 1e-5)
        XCTAssertEqual(fields[2], Double.pi, accuracy: 1e-5)
        XCTAssertEqual(Array(fields[3...]), [3, 3.0.squareRoot(), 0.25, 0.5, 1, 12.5, 0.75].map { ($0 * 1000).rounded() / 1000 }, accuracy: 1e-3)
    }

    func testWritesUnderATemporaryNameAndRefusesAShortMap() throws {
        let folder = try TestPaths.scratchFolder("ang")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("map.ang").path
        let ang = AngFile(geometry: MapGeometry(columns: 2, rows: 1), patternCentre: (0.5, 0.5, 0.5), phase: phase)
        let row = AngFile.Row(orientation: EulerAngles(phi1: 0, Phi: 0, phi2: 0), imageQuality: 0, confidence: 1, detectorSignal: 0, fit: 0)
        XCTAssertThrowsError(try ang.write([row], to: OutputPath(path, overwrite: false))) { error in
            XCTAssertTrue("\(error)".contains("1 rows for a map of 2 positions"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "nothing left behind")
        try ang.write([row, row], to: OutputPath(path, overwrite: false))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.filter { !$0.hasPrefix("#") }.count, 2)
        XCTAssertEqual(AngFile.edaxPatternCentre(PatternCentre(brukerX: 0.4, y: 0.3, z: 0.6), width: 80, height: 60).1, 0.7, accuracy: 1e-12)
        XCTAssertEqual(AngFile.edaxPatternCentre(PatternCentre(brukerX: 0.4, y: 0.3, z: 0.6), width: 60, height: 80).2, 0.8, accuracy: 1e-12)
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
