import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiImage

/// Noisy / clean training pairs for a denoising network, each pattern under its own randomly
/// drawn conditions, prepared exactly as `kikuchi denoise` prepares a pattern for the network.
///
/// Pattern i draws, from a generator seeded by (seed, i): its master pattern (an EMsoft master
/// with probability `masterFraction` when there is one, else a kinematical phase, uniformly), an
/// orientation uniform on SO(3), a detector size from `detectorSizes`, a pattern centre (EDAX
/// x*, y*, z* uniform in the ranges), the camera elevation, and the recording: dose log-uniform
/// in `doseRange`, band contrast, background floor, spread and bright-spot shift, blur and read
/// noise uniform in their ranges (see `NoiseModel`). The noisy pattern is then scaled to [0, 1] by
/// its own minimum and maximum (`--input-range pattern`) and resized to `outputSize` with
/// OpenCV's `INTER_LINEAR`, as the denoising pipeline does; the clean pattern goes the same way
/// with its own extremes, so the target is the band pattern with full contrast.
public struct TrainingSetSimulation: Sendable {
    /// A master pattern and the name the parameters CSV gives it.
    public struct Source: Sendable {
        public let name: String
        public let master: LambertMasterPattern

        public init(name: String, master: LambertMasterPattern) {
            self.name = name
            self.master = master
        }
    }

    /// The ranges conditions are drawn from.
    public struct Ranges: Sendable {
        public var detectorSizes: [(width: Int, height: Int)] = [
            (60, 60), (80, 80), (100, 100), (120, 120), (160, 120),
            (160, 160), (200, 200), (240, 240), (120, 100)
        ]
        public var patternCentreX: ClosedRange<Double> = 0.4...0.6
        public var patternCentreY: ClosedRange<Double> = 0.4...0.8
        public var patternCentreZ: ClosedRange<Double> = 0.45...0.75
        public var elevation: ClosedRange<Double> = 0...10
        public var dose: ClosedRange<Double> = 1...100
        public var contrast: ClosedRange<Double> = 0.15...0.6
        public var backgroundFloor: ClosedRange<Double> = 0.1...0.6
        public var backgroundSpread: ClosedRange<Double> = 0.35...0.8
        public var spotShift: ClosedRange<Double> = -0.1...0.3
        public var blurSigma: ClosedRange<Double> = 0.3...1.5
        public var readNoise: ClosedRange<Double> = 0...2

        public init() {}
    }

    /// The conditions pattern i was made under.
    public struct Conditions: Sendable {
        /// The index of the master pattern in `sources`, and its name.
        public var sourceIndex: Int
        public var source: String
        public var orientation: EulerAngles
        public var width: Int
        public var height: Int
        /// EDAX/TSL x*, y*, z*.
        public var patternCentre: (x: Double, y: Double, z: Double)
        public var elevation: Double
        public var noise: NoiseModel

        /// The CSV header of `csvLine`.
        public static let csvHeader =
            "source,phi1,Phi,phi2,width,height,pcx,pcy,pcz,elevation,dose,contrast,background_floor,background_spread,spot_shift,blur_sigma,read_noise"

        /// One line of the parameters CSV.
        public var csvLine: String {
            let numbers =
                [orientation.phi1, orientation.Phi, orientation.phi2].map { String(format: "%.4f", $0) }
                + ["\(width)", "\(height)"]
                + [
                    patternCentre.x, patternCentre.y, patternCentre.z, elevation, noise.dose ?? 0, noise.contrast,
                    noise.backgroundFloor, noise.backgroundSpread, noise.spotShift, noise.blurSigma, noise.readNoise
                ]
                .map { String(format: "%.4f", $0) }
            return ([source] + numbers).joined(separator: ",")
        }
    }

    public let sources: [Source]
    /// How many of the sources (from the start) are EMsoft masters drawn with `masterFraction`.
    public let emsoftCount: Int
    public let masterFraction: Double
    public let ranges: Ranges
    public let outputWidth: Int
    public let outputHeight: Int
    public let count: Int
    public let seed: UInt64

    /// - Parameters:
    ///   - emsoft: EMsoft master patterns, drawn together with probability `masterFraction`.
    ///   - kinematical: kinematical master patterns, drawn together with the rest.
    public init(
        emsoft: [Source], kinematical: [Source], masterFraction: Double = 0.5, ranges: Ranges = Ranges(),
        outputWidth: Int, outputHeight: Int, count: Int, seed: UInt64
    ) throws {
        guard !(emsoft.isEmpty && kinematical.isEmpty) else { throw KikuchiError.badInput("", "no master pattern to simulate from") }
        guard !ranges.detectorSizes.isEmpty, ranges.detectorSizes.allSatisfy({ $0.width > 1 && $0.height > 1 }) else {
            throw KikuchiError.badInput("", "the detector sizes must be at least 2 x 2 pixels")
        }
        guard ranges.dose.lowerBound > 0 else { throw KikuchiError.badInput("", "the dose range must be positive") }
        sources = emsoft + kinematical
        emsoftCount = emsoft.count
        self.masterFraction = kinematical.isEmpty ? 1 : emsoft.isEmpty ? 0 : masterFraction
        self.ranges = ranges
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
        self.count = count
        self.seed = seed
    }

    /// The scan the pairs are written as: `count` patterns of the output size in one row, uint16
    /// holding [0, 1] times 65535.
    public var scan: ScanDescription {
        ScanDescription(width: outputWidth, height: outputHeight, count: count, pixelType: .uint16, geometry: .line(of: count))
    }

    /// The conditions of pattern `index` (a pure function of seed and index).
    public func conditions(of index: Int) -> Conditions {
        var random = SeededGenerator(seed: seed ^ 0xD1B5_4A32_D192_ED03, stream: UInt64(index))
        func draw(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + (range.upperBound - range.lowerBound) * random.uniform()
        }
        let sourceIndex: Int
        if random.uniform() < masterFraction {
            sourceIndex = Int(random.uniform() * Double(emsoftCount)) % max(emsoftCount, 1)
        } else {
            sourceIndex = emsoftCount + Int(random.uniform() * Double(sources.count - emsoftCount)) % max(sources.count - emsoftCount, 1)
        }
        let orientation = EulerAngles.random(using: &random)
        let size = ranges.detectorSizes[Int(random.uniform() * Double(ranges.detectorSizes.count)) % ranges.detectorSizes.count]
        let centre = (x: draw(ranges.patternCentreX), y: draw(ranges.patternCentreY), z: draw(ranges.patternCentreZ))
        let elevation = draw(ranges.elevation)
        let logDose = draw(log(ranges.dose.lowerBound)...log(ranges.dose.upperBound))
        var noise = NoiseModel(dose: exp(logDose))
        noise.contrast = draw(ranges.contrast)
        noise.backgroundFloor = draw(ranges.backgroundFloor)
        noise.backgroundSpread = draw(ranges.backgroundSpread)
        noise.spotShift = draw(ranges.spotShift)
        noise.blurSigma = draw(ranges.blurSigma)
        noise.readNoise = draw(ranges.readNoise)
        return Conditions(
            sourceIndex: sourceIndex, source: sources[sourceIndex].name, orientation: orientation, width: size.width, height: size.height,
            patternCentre: centre, elevation: elevation, noise: noise)
    }

    /// Pair `index`: the noisy and the clean pattern, each in [0, 1] at the output size.
    public func pair(_ index: Int) throws -> (noisy: [Float], clean: [Float]) {
        let conditions = conditions(of: index)
        let source = sources[conditions.sourceIndex]
        let (width, height) = (conditions.width, conditions.height)
        let detector = DetectorGeometry(
            width: width, height: height,
            patternCentre: PatternCentre(
                conditions.patternCentre.x, conditions.patternCentre.y, conditions.patternCentre.z,
                convention: .edax, width: width, height: height),
            elevation: conditions.elevation)
        let projected = PatternProjector(master: source.master, detector: detector).pattern(for: conditions.orientation)
        var generator = SeededGenerator(seed: seed, stream: UInt64(index))
        let noise = conditions.noise
        let recorded = noise.record(
            projected, illumination: noise.illumination(of: detector), width: width, height: height,
            blur: noise.blurSigma > 0 ? DetectorBlur(sigma: noise.blurSigma) : nil,
            withClean: true, generator: &generator)
        let plan = try ResizePlan(
            sourceWidth: width, sourceHeight: height, targetWidth: outputWidth, targetHeight: outputHeight,
            interpolation: .linear)
        func prepared(_ values: [Float]) throws -> [Float] {
            let low = values.min() ?? 0, high = values.max() ?? 1
            let scale: Float = high > low ? 1 / (high - low) : 0
            let normalized = try Image<Float>(width: width, height: height, pixels: values.map { ($0 - low) * scale })
            return try plan.apply(normalized).pixels
        }
        return (try prepared(recorded.recorded), try prepared(recorded.clean!))
    }

    /// Pairs `range` as uint16 batches ([0, 1] times 65535), made on `threads` threads.
    public func pairs(_ range: Range<Int>, threads: Int = 2) throws -> (noisy: PatternBatch, clean: PatternBatch) {
        var made = [(noisy: [Float], clean: [Float])?](repeating: nil, count: range.count)
        var failure: Error?
        let lock = NSLock()
        let workers = max(1, min(threads, range.count))
        made.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for offset in stride(from: worker, to: range.count, by: workers) {
                    do {
                        base[offset] = try pair(range.lowerBound + offset)
                    } catch {
                        lock.lock()
                        failure = failure ?? error
                        lock.unlock()
                    }
                }
            }
        }
        if let failure { throw failure }
        var noisy = PatternBatch(width: outputWidth, height: outputHeight, pixelType: .uint16, count: range.count)
        var clean = noisy
        for (offset, pair) in made.enumerated() {
            noisy.setPattern(offset, from: pair!.noisy.map { $0 * 65535 })
            clean.setPattern(offset, from: pair!.clean.map { $0 * 65535 })
        }
        return (noisy, clean)
    }
}
