import Foundation

/// A kinematical EBSD master pattern: every reflector draws a band of angular width 2 theta_B
/// centred on its plane's great circle, with intensity |F|^2, the bands adding up.
///
/// A direction n (unit, crystal frame) is inside the band of plane normal g when
/// |n . g| < sin(theta_B). With a soft edge of relative width w the band's profile falls from 1 to
/// 0 as t = |n . g| / sin(theta_B) goes from 1 - w to 1 + w, along (1 + cos(pi u)) / 2 with
/// u = (t - 1 + w) / (2 w); w = 0 gives hard edges. The result is scaled to [0, 1] and stored in
/// the square Lambert projection, both hemispheres, so it is projected like an EMsoft one.
public struct KinematicalMasterPattern: Sendable {
    public let phase: CrystalPhase
    public let kilovolts: Double
    public let reflectors: [Reflector]
    public let edgeSoftness: Double
    /// Per reflector: unit normal, sin(theta_B), |F|^2.
    private let bands: [(normal: SIMD3<Double>, halfWidthSine: Double, intensity: Double)]

    public init(
        phase: CrystalPhase, kilovolts: Double = 20, edgeSoftness: Double = 0.3,
        reflectors: [Reflector]? = nil
    ) {
        self.phase = phase
        self.kilovolts = kilovolts
        self.edgeSoftness = edgeSoftness
        self.reflectors = reflectors ?? Reflector.list(for: phase, kilovolts: kilovolts)
        bands = self.reflectors.map { ($0.normal, sin($0.braggAngle), $0.intensity) }
    }

    /// The summed band intensity along the unit direction `n`.
    public func intensity(along n: SIMD3<Double>) -> Double {
        let w = edgeSoftness
        var total = 0.0
        for band in bands {
            let t = abs((n * band.normal).sum()) / band.halfWidthSine
            if t <= 1 - w {
                total += band.intensity
            } else if t < 1 + w {
                total += band.intensity * (1 + cos(Double.pi * (t - 1 + w) / (2 * w))) / 2
            }
        }
        return total
    }

    /// The master pattern in the square Lambert projection with `side` pixels a side (odd, as
    /// EMsoft's 2 npx + 1), scaled to [0, 1].
    public func lambert(side: Int = 501) -> LambertMasterPattern {
        var pattern = LambertMasterPattern.render(side: side, centrosymmetric: true) { Float(intensity(along: $0)) }
        let top = max(pattern.northern.max() ?? 1, pattern.southern.max() ?? 1, .leastNormalMagnitude)
        pattern.northern = pattern.northern.map { $0 / top }
        pattern.southern = pattern.southern.map { $0 / top }
        return pattern
    }
}
