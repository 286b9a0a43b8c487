import Foundation
import KikuchiIO

/// Turns a noise-free projected pattern into what a detector records.
///
/// With p the projected pattern scaled to [0, 1] and (x, y) pixel centres:
/// 1. illumination: a smooth background b = floor + (1 - floor) exp(-r^2 / (2 (spread N_y)^2)),
///    r the distance from a bright spot at the pattern centre (x_B N_x, y_B N_y) moved up by
///    `spotShift` N_y, as the backscattered yield falls off away from the beam's forward direction;
/// 2. band contrast: the expected signal b (1 - contrast + contrast p), scaled so that its mean
///    over the pattern is `dose` counts per pixel;
/// 3. Poisson shot noise on those counts (none without a dose);
/// 4. detector blur: a Gaussian of `blurSigma` pixels (the phosphor's spread, `DetectorBlur`), after the counting;
/// 5. Gaussian read noise of `readNoise` counts;
/// 6. the detector's effects beyond these (`DetectorEffects`: screen, shadow and vignetting on b;
///    response curve and dark level on the counts; hot pixels), none by default;
/// 7. quantisation: times `gain`, rounded and clamped to the output type.
/// The clean (truth) pattern is steps 1, 2, 4 and 6 without noise or hot pixels, in the same units.
public struct NoiseModel: Sendable {
    /// Mean counts per pixel; nil for noise-free patterns at `nominalDose`.
    public var dose: Double?
    /// Mean counts of a noise-free pattern when no dose is given.
    public var nominalDose = 1000.0
    public var contrast = 0.5
    public var backgroundFloor = 0.3
    public var backgroundSpread = 0.55
    public var spotShift = 0.1
    public var blurSigma = 0.6
    /// Standard deviation of the read noise, counts (only with a dose).
    public var readNoise = 1.0
    /// Stored value per count.
    public var gain = 1.0
    public var effects = DetectorEffects()

    public init(dose: Double? = nil) {
        self.dose = dose
    }

    /// The mean counts per pixel of a pattern.
    public var meanCounts: Double { dose ?? nominalDose }

    /// The default quantisation for patterns stored as `pixelType`: one stored value per count,
    /// except in 8 bits, where noise-free patterns sit at 80 counts and the gain keeps the
    /// brightest expected counts (about three times the mean) inside 0...255.
    public mutating func fitGain(to pixelType: PixelType) {
        guard pixelType == .uint8 else { return }
        nominalDose = 80
        gain = min(1, 255 * 0.8 / (3 * meanCounts))
    }

    /// The illumination b of a detector (values in [0, 1]), row-major: the bright spot, times the
    /// screen, shadow and vignetting of `effects`.
    public func illumination(of detector: DetectorGeometry) -> [Float] {
        let nx = Double(detector.width), ny = Double(detector.height)
        let spotX = detector.patternCentre.x * nx, spotY = (detector.patternCentre.y - spotShift) * ny
        let spread = backgroundSpread * ny
        var out = [Float](repeating: 0, count: detector.width * detector.height)
        for row in 0..<detector.height {
            for column in 0..<detector.width {
                let dx = Double(column) + 0.5 - spotX, dy = Double(row) + 0.5 - spotY
                out[row * detector.width + column] = Float(backgroundFloor + (1 - backgroundFloor) * exp(-(dx * dx + dy * dy) / (2 * spread * spread)))
            }
        }
        guard !effects.isEmpty else { return out }
        let factor = effects.illuminationFactor(width: detector.width, height: detector.height)
        for i in out.indices { out[i] *= factor[i] }
        return out
    }

    /// The expected counts (before noise and blur) of the projected pattern `p` (any scale; it
    /// is stretched to [0, 1] first) under illumination `b`.
    public func expectedCounts(_ p: [Float], illumination b: [Float]) -> [Float] {
        let low = p.min() ?? 0, high = p.max() ?? 1
        let span = high > low ? high - low : 1
        var signal = [Float](repeating: 0, count: p.count)
        var sum = 0.0
        for i in 0..<p.count {
            let value = b[i] * Float(1 - contrast + contrast * Double((p[i] - low) / span))
            signal[i] = value
            sum += Double(value)
        }
        let scale = Float(meanCounts * Double(p.count) / max(sum, .leastNormalMagnitude))
        return signal.map { $0 * scale }
    }

    /// The recorded pattern (noisy with a dose, else clean) from the projected pattern `p`, and
    /// the clean one when `withClean`; both in stored units (counts times gain), not yet rounded.
    /// `hotPixels` (from `effects.hotPixels`) read hot in the noisy pattern only.
    public func record(
        _ p: [Float], illumination b: [Float], width: Int, height: Int, blur: DetectorBlur?,
        withClean: Bool = true, hotPixels: [Int] = [], generator: inout SeededGenerator
    ) -> (recorded: [Float], clean: [Float]?) {
        let expected = expectedCounts(p, illumination: b)
        func stored(_ counts: [Float], readNoise: Double) -> [Float] {
            var values = blur?.apply(counts, width: width, height: height) ?? counts
            if readNoise != 0 {
                for i in values.indices { values[i] += Float(readNoise * generator.gaussian()) }
            }
            effects.respond(&values, mean: meanCounts)
            return values.map { $0 * Float(gain) }
        }
        let clean = withClean || dose == nil ? stored(expected, readNoise: 0) : nil
        guard dose != nil else { return (clean!, clean) }
        var noisy = stored(expected.map { Float(generator.poisson(mean: Double($0))) }, readNoise: readNoise)
        let hot = Float((effects.hotPixelLevel * meanCounts + effects.cameraOffset) * gain)
        for i in hotPixels where i < noisy.count { noisy[i] = hot }
        return (noisy, clean)
    }
}
