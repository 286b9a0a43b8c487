import Foundation
import KikuchiCore
import KikuchiIO

/// A simulated scan with known truth: each map position's orientation (from a grain map or given
/// one per pattern) projected from a master pattern onto the detector and recorded through the
/// noise model. Patterns are made on demand, batch by batch, so any map size runs in bounded
/// memory; each pattern's noise comes from its own generator seeded by (seed, index), so the
/// result does not depend on batching or threads.
public struct SimulatedScan: Sendable {
    public enum Orientations: Sendable {
        case grains(GrainMap)
        case perPattern([EulerAngles])
    }

    public let projector: PatternProjector
    public let noise: NoiseModel
    public let geometry: MapGeometry
    public let orientations: Orientations
    public let pixelType: PixelType
    public let seed: UInt64
    private let illumination: [Float]
    private let blur: DetectorBlur?
    private let hotPixels: [Int]

    public init(
        projector: PatternProjector, noise: NoiseModel, geometry: MapGeometry, orientations: Orientations,
        pixelType: PixelType, seed: UInt64
    ) throws {
        if case let .perPattern(list) = orientations, list.count != geometry.patternCount {
            throw KikuchiError.badInput("", "\(list.count) orientations given for \(geometry.patternCount) patterns")
        }
        self.projector = projector
        self.noise = noise
        self.geometry = geometry
        self.orientations = orientations
        self.pixelType = pixelType
        self.seed = seed
        illumination = noise.illumination(of: projector.detector)
        blur = noise.blurSigma > 0 ? DetectorBlur(sigma: noise.blurSigma) : nil
        hotPixels = noise.effects.hotPixels(pixels: projector.detector.width * projector.detector.height, seed: seed)
    }

    public var scan: ScanDescription {
        ScanDescription(
            width: projector.detector.width, height: projector.detector.height, count: geometry.patternCount,
            pixelType: pixelType, geometry: geometry)
    }

    /// The orientation of pattern `index`.
    public func orientation(of index: Int) -> EulerAngles {
        switch orientations {
        case let .grains(map): return map.orientations[map.grain(of: index)]
        case let .perPattern(list): return list[index]
        }
    }

    /// Patterns `range`: the recorded (noisy, or clean without a dose) and, when `withClean`, the
    /// clean ones, made on `threads` threads.
    public func patterns(_ range: Range<Int>, threads: Int = 2, withClean: Bool = true) -> (recorded: PatternBatch, clean: PatternBatch?) {
        let width = projector.detector.width, height = projector.detector.height
        var recorded = [[Float]](repeating: [], count: range.count)
        var clean = recorded
        let workers = max(1, min(threads, range.count))
        recorded.withUnsafeMutableBufferPointer { recordedOut in
            clean.withUnsafeMutableBufferPointer { cleanOut in
                let recordedBase = recordedOut.baseAddress!, cleanBase = cleanOut.baseAddress!
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var projected = [Float](repeating: 0, count: width * height)
                    for offset in stride(from: worker, to: range.count, by: workers) {
                        let index = range.lowerBound + offset
                        projector.project(orientation(of: index).sampleToCrystal, into: &projected)
                        var generator = SeededGenerator(seed: seed, stream: UInt64(index))
                        let result = noise.record(
                            projected, illumination: illumination, width: width, height: height,
                            blur: blur, withClean: withClean, hotPixels: hotPixels, generator: &generator)
                        recordedBase[offset] = result.recorded
                        cleanBase[offset] = result.clean ?? []
                    }
                }
            }
        }
        var recordedBatch = PatternBatch(width: width, height: height, pixelType: pixelType, count: range.count)
        var cleanBatch = withClean ? recordedBatch : nil
        for offset in 0..<range.count {
            recordedBatch.setPattern(offset, from: recorded[offset])
            cleanBatch?.setPattern(offset, from: clean[offset])
        }
        return (recordedBatch, cleanBatch)
    }
}

extension SimulatedScan {
    /// A grain map of kinematical patterns of `phase` (EDAX pattern centre (0.5, 0.5, 0.5), 70
    /// degree tilt, 20 kV) stored at `gain` units per count: the one-call simulation for demos and tests.
    public static func kinematicalGrainMap(
        phase: String = "ni", geometry: MapGeometry, width: Int, height: Int, grains: Int,
        dose: Double?, gain: Double = 1, pixelType: PixelType = .uint16,
        seed: UInt64 = 1
    ) throws -> SimulatedScan {
        guard let crystal = CrystalPhase(name: phase) else {
            throw KikuchiError.badInput("", "unknown phase '\(phase)'; choose one of \(CrystalPhase.names.joined(separator: ", "))")
        }
        let detector = DetectorGeometry(
            width: width, height: height,
            patternCentre: PatternCentre(0.5, 0.5, 0.5, convention: .edax, width: width, height: height))
        let master = KinematicalMasterPattern(phase: crystal, kilovolts: 20).lambert()
        var noise = NoiseModel(dose: dose)
        noise.gain = gain
        return try SimulatedScan(
            projector: PatternProjector(master: master, detector: detector), noise: noise,
            geometry: geometry, orientations: .grains(GrainMap(geometry: geometry, grains: grains, seed: seed)),
            pixelType: pixelType, seed: seed)
    }
}
