import Foundation

/// Times the pattern preparation of the published pipeline, resize 240 x 240 -> 236 x 236
/// (`INTER_LINEAR`) then CLAHE (clip 3, 8 x 8 tiles), on synthetic 8-bit patterns, single-threaded;
/// `kikuchi bench` reports it beside OpenCV's figure from benchmarks/imageops/bench_opencv.py.
public enum ImageOpsBenchmark {
    public struct Result: Sendable, CustomStringConvertible {
        public let patterns: Int
        /// Wall-clock time of the timed loop.
        public let seconds: Double
        /// Process CPU time of the timed loop; on a busy machine it shows the work itself.
        public let cpuSeconds: Double
        public var patternsPerSecond: Double { Double(patterns) / seconds }
        public var microsecondsPerPattern: Double { seconds / Double(patterns) * 1e6 }
        public var description: String {
            "resize 240->236 + CLAHE(3, 8x8): \(patterns) patterns in \(seconds) s, "
                + "\(Int(patternsPerSecond.rounded())) patterns/s, \(microsecondsPerPattern) us/pattern "
                + "(CPU time \(cpuSeconds / Double(patterns) * 1e6) us/pattern)"
        }
    }

    /// Runs `patterns` patterns (cycling through 16 distinct synthetic ones) after a short warm-up.
    public static func run(patterns: Int = 2000) throws -> Result {
        let inputs = (0..<16).map { syntheticPattern(seed: UInt32($0)) }
        let plan = try ResizePlan(sourceWidth: 240, sourceHeight: 240, targetWidth: 236, targetHeight: 236, interpolation: .linear)
        let clahe = try CLAHE(clipLimit: 3, tiles: 8)
        var resized = try Image<UInt8>(width: 236, height: 236)
        var checksum = 0
        for input in inputs {
            try plan.apply(input, into: &resized)
            checksum &+= Int(clahe.apply(resized).pixels[0])
        }
        let clock = ContinuousClock()
        let cpuStart = processCPUSeconds()
        let elapsed = try clock.measure {
            for index in 0..<patterns {
                try plan.apply(inputs[index % inputs.count], into: &resized)
                checksum &+= Int(clahe.apply(resized).pixels[index % 236])
            }
        }
        let cpuSeconds = processCPUSeconds() - cpuStart
        precondition(checksum != Int.min)  // keeps the work observable to the optimiser
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return Result(patterns: patterns, seconds: seconds, cpuSeconds: cpuSeconds)
    }

    private static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
    }

    /// A smooth background with two bands and pseudo-random noise (a linear congruential generator,
    /// so that runs are comparable).
    static func syntheticPattern(seed: UInt32) -> Image<UInt8> {
        var state = seed &* 2_654_435_761 &+ 1
        var pixels = [UInt8](repeating: 0, count: 240 * 240)
        for y in 0..<240 {
            for x in 0..<240 {
                state = state &* 1_664_525 &+ 1_013_904_223
                let noise = Float(state >> 24) / 16 - 8
                let dx = Float(x - 120), dy = Float(y - 110)
                let background = 80 + 50 / (1 + (dx * dx + dy * dy) / 8000)
                let band = abs(Float(x) * 0.8 + Float(y) * 0.6 - 150 - Float(seed)) < 8 ? Float(30) : 0
                pixels[y * 240 + x] = UInt8(min(max(background + band + noise, 0), 255))
            }
        }
        return Image(validWidth: 240, height: 240, pixels: pixels)
    }
}
