import Foundation

/// The pattern (projection) centre conventions of the EBSD vendors and EMsoft.
///
/// Every convention is turned into Bruker's, the one kikuchipy's `EBSDDetector` computes with:
/// (x_B, y_B) are fractions of the width N_x and height N_y from the top-left corner, z_B the
/// detector distance as a fraction of N_y. The conversions are kikuchipy's (EBSDDetector notes):
/// - EDAX/TSL (x*, y*, z*): from the bottom-left corner, z* a fraction of min(N_x, N_y):
///   x_B = x*, y_B = 1 - y*, z_B = z* min(N_x, N_y) / N_y.
/// - Oxford: fractions of N_x from the bottom-left corner:
///   x_B = x, y_B = 1 - y N_x / N_y, z_B = z N_x / N_y.
/// - EMsoft (x_pc, y_pc, L), pixels from the detector centre and L in micrometres, with binning b
///   and unbinned pixel size delta: x_B = 1/2 - x_pc / (N_x b), y_B = 1/2 - y_pc / (N_y b),
///   z_B = L / (N_y b delta). EMsoft before version 5 counted x_pc the other way: x_pc -> -x_pc.
public enum PatternCentreConvention: String, CaseIterable, Sendable {
    case edax, bruker, oxford, emsoft
    /// EMsoft versions before 5.
    case emsoft4

    /// The convention named `name` (case-insensitive; `tsl` is EDAX, `emsoft5` is EMsoft).
    public init?(name: String) {
        switch name.lowercased() {
        case "edax", "tsl": self = .edax
        case "bruker": self = .bruker
        case "oxford": self = .oxford
        case "emsoft", "emsoft5": self = .emsoft
        case "emsoft4": self = .emsoft4
        default: return nil
        }
    }
}

/// A pattern centre in Bruker's convention (see `PatternCentreConvention`).
public struct PatternCentre: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(brukerX x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The pattern centre `(a, b, c)` given in `convention` for a detector of `width` x `height`
    /// (binned) pixels, with `binning` and unbinned `pixelSize` (micrometres; EMsoft only).
    public init(
        _ a: Double, _ b: Double, _ c: Double, convention: PatternCentreConvention,
        width: Int, height: Int, binning: Int = 1, pixelSize: Double = 1
    ) {
        let nx = Double(width), ny = Double(height)
        switch convention {
        case .bruker:
            self.init(brukerX: a, y: b, z: c)
        case .edax:
            self.init(brukerX: a, y: 1 - b, z: c * min(nx, ny) / ny)
        case .oxford:
            self.init(brukerX: a, y: 1 - b * nx / ny, z: c * nx / ny)
        case .emsoft, .emsoft4:
            let xpc = convention == .emsoft4 ? -a : a
            let b0 = Double(binning)
            self.init(brukerX: 0.5 - xpc / (nx * b0), y: 0.5 - b / (ny * b0), z: c / (ny * b0 * pixelSize))
        }
    }
}
