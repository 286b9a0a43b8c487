import Foundation

/// An EBSD detector looking at a tilted sample: pattern size, pattern centre, sample tilt and
/// camera elevation, as kikuchipy's `EBSDDetector` (azimuthal and twist zero) describes them.
///
/// The detector frame has X_d to the right on the pattern and Y_d up, both as seen from the
/// detector towards the sample, and Z_d along the detector normal. A pixel (row r, column c) of an
/// N_x x N_y pattern with Bruker pattern centre (x_B, y_B, z_B) is seen from the source point
/// along, in units of N_y,
///   d = ((c + 1/2 - x_B N_x) / N_y,  y_B - (r + 1/2) / N_y,  z_B),
/// kikuchipy's gnomonic pixel centres times z_B. The sample-to-detector matrix starts from the
/// detector axes (X_d, Y_d, Z_d) = (y_s, z_s, x_s) of the EDAX/TSL sample frame and turns them about
/// X_d by (elevation - tilt); its rows are the detector axes in sample coordinates, so a detector
/// direction d is d_x X_d + d_y Y_d + d_z Z_d in the sample frame.
public struct DetectorGeometry: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var patternCentre: PatternCentre
    /// Sample tilt about the microscope X axis, degrees (70 usually).
    public var sampleTilt: Double
    /// Camera elevation (kikuchipy's detector `tilt`, EMsoft's `thetac`), degrees.
    public var elevation: Double

    public init(width: Int, height: Int, patternCentre: PatternCentre, sampleTilt: Double = 70, elevation: Double = 0) {
        self.width = width
        self.height = height
        self.patternCentre = patternCentre
        self.sampleTilt = sampleTilt
        self.elevation = elevation
    }

    /// The detector axes X_d, Y_d, Z_d in sample coordinates (the rows of kikuchipy's
    /// `sample_to_detector` matrix): Rodrigues rotations of the starting axes about X_d, first by
    /// -sampleTilt then by elevation, as kikuchipy composes them.
    public var detectorAxesInSample: Matrix3 {
        var axes = [SIMD3<Double>(0, 1, 0), SIMD3<Double>(0, 0, 1), SIMD3<Double>(1, 0, 0)]
        for angle in [-sampleTilt, elevation] {
            let u = axes[0] / (axes[0] * axes[0]).sum().squareRoot()
            let a = angle * Double.pi / 180
            let (c, s) = (cos(a), sin(a))
            axes = axes.map { v in v * c + cross(u, v) * s + u * (u * v).sum() * (1 - c) }
        }
        return Matrix3(rows: axes[0], axes[1], axes[2])
    }

    /// The unit direction, in the sample frame, from the source point to each pixel, row-major
    /// (top row first).
    public func sampleDirections() -> [SIMD3<Double>] {
        let axes = detectorAxesInSample
        let nx = Double(width), ny = Double(height)
        let pc = patternCentre
        var directions = [SIMD3<Double>]()
        directions.reserveCapacity(width * height)
        for row in 0..<height {
            let dy = pc.y - (Double(row) + 0.5) / ny
            for column in 0..<width {
                let dx = (Double(column) + 0.5 - pc.x * nx) / ny
                let v = axes.row1 * dx + axes.row2 * dy + axes.row3 * pc.z
                directions.append(v / (v * v).sum().squareRoot())
            }
        }
        return directions
    }
}
