import Foundation
import KikuchiImage

/// What is done to a pattern before it is matched: its dynamic background taken out (optional),
/// then zero mean and unit norm over the detector mask, zero outside it. The dot product of two
/// standardised patterns is their normalised cross-correlation, as kikuchipy's dictionary
/// indexing computes it.
///
/// The dynamic background is kikuchipy's `remove_dynamic_background(operation="subtract",
/// filter_domain="spatial")`: the pattern less its Gaussian blur (sigma `backgroundSigma` pixels,
/// truncated at 4 sigma, SciPy's reflecting edges). Simulated dictionary patterns are only
/// centred and scaled.
public struct PatternStandardisation: Sendable {
    public let width: Int
    public let height: Int
    /// Pixels that take part, row-major; nil for all.
    public let mask: [Bool]?
    public let backgroundSigma: Double?
    private let blur: GaussianBlur?
    private let maskedCount: Int

    /// - Parameter backgroundSigma: the blur of the dynamic background in pixels; nil for none.
    public init(width: Int, height: Int, mask: [Bool]? = nil, backgroundSigma: Double? = nil) throws {
        precondition(mask == nil || mask!.count == width * height, "the mask must have a value per pixel")
        self.width = width
        self.height = height
        self.mask = mask
        self.backgroundSigma = backgroundSigma
        blur = try backgroundSigma.map { try GaussianBlur(sigma: $0, truncate: 4) }
        maskedCount = mask.map { $0.lazy.filter { $0 }.count } ?? width * height
    }

    /// The circular mask kikuchipy's detectors use: the pixels whose centre lies within
    /// min(width, height) / 2 of the pattern's centre.
    public static func circularMask(width: Int, height: Int) -> [Bool] {
        let cx = Double(width) / 2, cy = Double(height) / 2, r = Double(min(width, height)) / 2
        var mask = [Bool](repeating: false, count: width * height)
        for row in 0..<height {
            for column in 0..<width {
                let dx = Double(column) + 0.5 - cx, dy = Double(row) + 0.5 - cy
                mask[row * width + column] = dx * dx + dy * dy <= r * r
            }
        }
        return mask
    }

    /// Scratch memory of one thread.
    public struct Workspace {
        var blur: GaussianBlur.Workspace?
        var background: [Float]
    }

    public func makeWorkspace() -> Workspace {
        Workspace(
            blur: blur.map { GaussianBlur.Workspace(width: width, height: height, radius: $0.radius) },
            background: blur == nil ? [] : [Float](repeating: 0, count: width * height))
    }

    /// Standardises the experimental pattern `p` in place (background, then centring and scaling).
    /// A flat pattern becomes all zeros, which matches nothing.
    public func standardiseExperimental(_ p: UnsafeMutableBufferPointer<Float>, workspace: inout Workspace) {
        if let blur {
            workspace.background.withUnsafeMutableBufferPointer { background in
                blur.apply(UnsafeBufferPointer(p), into: background, workspace: &workspace.blur!)
                for i in 0..<p.count { p[i] -= background[i] }
            }
        }
        standardise(p)
    }

    /// Centres `p` on its mean over the mask and scales it to unit norm there, zero outside.
    public func standardise(_ p: UnsafeMutableBufferPointer<Float>) {
        precondition(p.count == width * height)
        var sum = 0.0
        if let mask {
            for i in 0..<p.count where mask[i] { sum += Double(p[i]) }
        } else {
            for i in 0..<p.count { sum += Double(p[i]) }
        }
        let mean = Float(sum / Double(max(maskedCount, 1)))
        var squares = 0.0
        for i in 0..<p.count {
            if let mask, !mask[i] {
                p[i] = 0
            } else {
                p[i] -= mean
                squares += Double(p[i]) * Double(p[i])
            }
        }
        let scale: Float = squares > 0 ? Float(1 / squares.squareRoot()) : 0
        for i in 0..<p.count { p[i] *= scale }
    }
}
