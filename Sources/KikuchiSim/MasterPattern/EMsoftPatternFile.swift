import Foundation
import KikuchiCore
import KikuchiHDF5
import KikuchiIO

/// The detector, orientations and patterns of an EMsoft EBSD simulation (EMEBSD output):
/// what a projection of the same master pattern must reproduce.
///
/// Facts taken from the file: `NMLparameters/EBSDNameList` numsx, numsy (pattern size), xpc, ypc
/// (pattern centre in unbinned pixels from the detector centre), L (detector distance, um),
/// delta (unbinned pixel size, um), binning, thetac (camera elevation, degrees);
/// `EMData/EBSD/EulerAngles` (radians, TSL convention); `EMData/EBSD/EBSDPatterns`. EMsoft
/// before version 5 (`EMheader/EBSD/Version`) counted x_pc the other way. The sample tilt is
/// not stored in this file (it belongs to the Monte Carlo run) and is given by the caller.
public struct EMsoftPatternFile {
    public var detector: DetectorGeometry
    public var orientations: [EulerAngles]
    /// Patterns, row-major, one after the other.
    public var patterns: [[Float]]

    public init(path: String, sampleTilt: Double = 70) throws {
        do {
            let file = try HDF5File(path)
            defer { try? file.close() }
            let list = "NMLparameters/EBSDNameList"
            func number(_ name: String) throws -> Double {
                guard try file.root.hasDataset("\(list)/\(name)") else {
                    throw KikuchiError.badInput(path, "not an EMsoft EBSD pattern file: no \(list)/\(name)")
                }
                guard let value = try file.dataset("\(list)/\(name)").read(as: Double.self).first else {
                    throw KikuchiError.badInput(path, "\(list)/\(name) is empty")
                }
                return value
            }
            func size(_ name: String) throws -> Int {
                let value = try number(name)
                guard let size = Int(exactly: value), size > 0, size <= 1 << 16 else {
                    throw KikuchiError.badInput(path, "\(list)/\(name) is \(value), not a pattern size in pixels")
                }
                return size
            }
            let width = try size("numsx"), height = try size("numsy")
            let binning = try file.root.hasDataset("\(list)/binning") ? try size("binning") : 1
            var version = ""
            if try file.root.hasDataset("EMheader/EBSD/Version") {
                version = try file.dataset("EMheader/EBSD/Version").readString()
            }
            let major = Int(version.prefix { $0.isNumber }) ?? 5
            let convention: PatternCentreConvention = major < 5 ? .emsoft4 : .emsoft
            let centre = PatternCentre(
                try number("xpc"), try number("ypc"), try number("L"), convention: convention,
                width: width / max(binning, 1), height: height / max(binning, 1),
                binning: binning, pixelSize: try number("delta"))
            detector = DetectorGeometry(
                width: width / max(binning, 1), height: height / max(binning, 1),
                patternCentre: centre, sampleTilt: sampleTilt, elevation: try number("thetac"))
            let angles = try file.dataset("EMData/EBSD/EulerAngles").read(as: Double.self)
            let d = 180 / Double.pi
            orientations = stride(from: 0, to: angles.count - 2, by: 3).map {
                EulerAngles(phi1: angles[$0] * d, Phi: angles[$0 + 1] * d, phi2: angles[$0 + 2] * d)
            }
            let data = try file.dataset("EMData/EBSD/EBSDPatterns")
            let pixels = detector.width * detector.height
            let values = try data.read(as: Float.self)
            guard values.count == pixels * orientations.count else {
                throw KikuchiError.badInput(
                    path, "EBSDPatterns holds \(values.count) values, not \(orientations.count) patterns of \(detector.width) x \(detector.height)")
            }
            patterns = (0..<orientations.count).map { Array(values[$0 * pixels..<($0 + 1) * pixels]) }
        } catch let error as HDF5Error {
            throw KikuchiError.badInput(path, error.message)
        }
    }
}
