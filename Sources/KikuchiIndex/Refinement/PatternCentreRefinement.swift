import Foundation
import KikuchiSim

/// Refinement of an indexed orientation together with the pattern centre, as kikuchipy's
/// `EBSD.refine_orientation_projection_center`: the normalised cross-correlation of the
/// experimental pattern with the pattern simulated at the orientation, seen from the pattern
/// centre, is maximised by Nelder-Mead over six numbers.
///
/// The orientation is varied as in `OrientationRefinement` (exp(delta) q0, delta a rotation vector
/// in radians, initial steps `initialStep`), the pattern centre as Bruker's (x, y, z) plus a
/// shift (initial steps `centreStep`, in units of the detector's width, height and height).
/// Each evaluation projects from a detector at the shifted centre; the centre found for each
/// pattern is its own (averaging them over a map gives the map's centre).
public struct PatternCentreRefinement: Sendable {
    public let master: LambertMasterPattern
    public let detector: DetectorGeometry
    public let standardisation: PatternStandardisation
    public let initialStep: Double
    public let centreStep: Double
    public let tolerance: Double
    public let maxEvaluations: Int

    public init(
        master: LambertMasterPattern, detector: DetectorGeometry, standardisation: PatternStandardisation, initialStep: Double,
        centreStep: Double = 0.01, tolerance: Double = 1e-5, maxEvaluations: Int = 800
    ) {
        self.master = master
        self.detector = detector
        self.standardisation = standardisation
        self.initialStep = initialStep
        self.centreStep = centreStep
        self.tolerance = tolerance
        self.maxEvaluations = maxEvaluations
    }

    /// The refined orientation and pattern centre from `start` at the detector's own centre, and
    /// their NCC with `pattern` (standardised); never worse than `start` at that centre.
    public func refine(
        _ start: UnitQuaternion, pattern: UnsafeBufferPointer<Float>, workspace: inout [Float]
    ) -> (orientation: UnitQuaternion, centre: PatternCentre, score: Float) {
        let pc = detector.patternCentre
        func orientation(_ p: [Double]) -> UnitQuaternion {
            (UnitQuaternion(rotationVector: SIMD3(p[0], p[1], p[2])) * start).normalized
        }
        func centre(_ p: [Double]) -> PatternCentre { PatternCentre(brukerX: pc.x + p[3], y: pc.y + p[4], z: pc.z + p[5]) }
        func score(_ p: [Double]) -> Float {
            let c = centre(p)
            guard c.z > 0 else { return -1 }
            var shifted = detector
            shifted.patternCentre = c
            let refinement = OrientationRefinement(
                projector: PatternProjector(master: master, detector: shifted), standardisation: standardisation, initialStep: initialStep)
            return refinement.score(orientation(p), pattern: pattern, workspace: &workspace)
        }
        let origin = [Double](repeating: 0, count: 6)
        let startScore = score(origin)
        let search = NelderMead(valueTolerance: 0, pointTolerance: tolerance, maxEvaluations: maxEvaluations)
        let result = search.minimise(
            from: origin, step: [initialStep, initialStep, initialStep, centreStep, centreStep, centreStep]
        ) { -Double(score($0)) }
        guard Float(-result.value) > startScore else { return (start, pc, startScore) }
        return (orientation(result.point), centre(result.point), Float(-result.value))
    }
}
