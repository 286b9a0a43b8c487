import Foundation
import KikuchiSim

/// Refinement of an indexed orientation, as kikuchipy's `EBSD.refine_orientation`: the
/// normalised cross-correlation of the experimental pattern with the pattern simulated at the
/// orientation is maximised by Nelder-Mead.
///
/// The orientation is varied as exp(delta) q0, delta a rotation vector (radians) in the crystal
/// frame, from delta = 0 with the initial simplex delta = `initialStep` e_i: three free angles
/// with no singularity near q0, where Euler angles have one at Phi = 0. The search stops when the
/// simplex's vertices are within `tolerance` radians of each other in every component.
public struct OrientationRefinement: Sendable {
    public let projector: PatternProjector
    public let standardisation: PatternStandardisation
    public let initialStep: Double
    public let tolerance: Double
    public let maxEvaluations: Int

    public init(
        projector: PatternProjector, standardisation: PatternStandardisation, initialStep: Double,
        tolerance: Double = 1e-5, maxEvaluations: Int = 300
    ) {
        self.projector = projector
        self.standardisation = standardisation
        self.initialStep = initialStep
        self.tolerance = tolerance
        self.maxEvaluations = maxEvaluations
    }

    /// The simulated pattern buffer of one thread.
    public func makeWorkspace() -> [Float] {
        [Float](repeating: 0, count: standardisation.width * standardisation.height)
    }

    /// The NCC of the standardised experimental pattern `pattern` with the simulated pattern of `q`.
    public func score(_ q: UnitQuaternion, pattern: UnsafeBufferPointer<Float>, workspace: inout [Float]) -> Float {
        projector.project(q.matrix, into: &workspace)
        return workspace.withUnsafeMutableBufferPointer { simulated in
            standardisation.standardise(simulated)
            var sum: Float = 0
            for i in 0..<simulated.count { sum += simulated[i] * pattern[i] }
            return sum
        }
    }

    /// The refined orientation from `start` and its NCC with `pattern` (standardised), never worse
    /// than `start`'s.
    public func refine(
        _ start: UnitQuaternion, pattern: UnsafeBufferPointer<Float>, workspace: inout [Float]
    ) -> (orientation: UnitQuaternion, score: Float) {
        let search = NelderMead(valueTolerance: 0, pointTolerance: tolerance, maxEvaluations: maxEvaluations)
        func orientation(_ delta: [Double]) -> UnitQuaternion {
            (UnitQuaternion(rotationVector: SIMD3(delta[0], delta[1], delta[2])) * start).normalized
        }
        let startScore = score(start, pattern: pattern, workspace: &workspace)
        let result = search.minimise(from: [0, 0, 0], step: [initialStep, initialStep, initialStep]) { delta in
            -Double(score(orientation(delta), pattern: pattern, workspace: &workspace))
        }
        guard Float(-result.value) > startScore else { return (start, startScore) }
        return (orientation(result.point), Float(-result.value))
    }
}
