import Foundation

/// Projects a Lambert master pattern onto a detector for crystal orientations: kikuchipy's
/// `EBSDMasterPattern.get_patterns` in geometry.
///
/// Each pixel's sample-frame direction (from `DetectorGeometry`) is taken into the crystal frame
/// by the orientation matrix g (v_crystal = g v_sample) and the master pattern is read there with
/// EMsoft's bilinear Lambert look-up. The directions are computed once per detector.
public struct PatternProjector: Sendable {
    public let master: LambertMasterPattern
    public let detector: DetectorGeometry
    private let directions: [SIMD3<Double>]

    public init(master: LambertMasterPattern, detector: DetectorGeometry) {
        self.master = master
        self.detector = detector
        directions = detector.sampleDirections()
    }

    /// The pattern for `orientation`, row-major, in the master pattern's units.
    public func pattern(for orientation: EulerAngles) -> [Float] {
        var out = [Float](repeating: 0, count: directions.count)
        project(orientation.sampleToCrystal, into: &out)
        return out
    }

    /// Writes the pattern for the orientation matrix `g` into `out` (width x height values).
    public func project(_ g: Matrix3, into out: inout [Float]) {
        precondition(out.count == directions.count)
        master.withSampler { sample in
            directions.withUnsafeBufferPointer { d in
                out.withUnsafeMutableBufferPointer { o in
                    for i in 0..<d.count { o[i] = sample(g * d[i]) }
                }
            }
        }
    }
}
