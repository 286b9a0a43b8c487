import KikuchiIO
import KikuchiImage
import KikuchiNN

/// One thread's share of the autoencoder pipeline: its own network workspace, and the resize
/// plans and CLAHE steps for the scan's pattern size and type, made once.
final class AutoencoderWorker: PatternDenoisingWorker {
    private typealias Transform = (PatternBatch) throws -> PatternBatch
    private struct Plans {
        var width: Int, height: Int
        var toNetwork: ResizePlan?, back: ResizePlan?
        var claheBefore: Transform?, claheAfter: Transform?
    }

    private let denoiser: AutoencoderDenoiser
    private let workspace = Workspace()
    private var plans: Plans?

    init(denoiser: AutoencoderDenoiser) {
        self.denoiser = denoiser
    }

    /// The outputs' patterns of `input` (the scan's patterns `inputs`) through the network.
    func denoise(_ input: PatternBatch, holding inputs: ScanSelection, outputs: ScanSelection) throws -> PatternBatch {
        try refine(input.patterns(outputs, of: inputs), outputs: outputs, judgingFrom: input, holding: inputs)
    }

    /// `given` (the patterns `outputs`: the scan's, or another method's float32 output of them;
    /// either way in the units of the scan's own pixel type) through the network; the judge, if
    /// any, reads the scan's patterns `inputs` in `input`.
    func refine(_ given: PatternBatch, outputs: ScanSelection, judgingFrom input: PatternBatch, holding inputs: ScanSelection) throws -> PatternBatch {
        let indices = Array(outputs)
        let settings = denoiser.settings
        let units = denoiser.inputPixelType
        let plans = try self.plans(for: given, units: units)
        // CLAHE works on 8- and 16-bit images: another method's float output is rounded for it.
        let equalized = try plans.claheBefore?(Self.converted(given, to: units))
        var result = PatternBatch(width: given.width, height: given.height, pixelType: .float32, count: given.count)
        for index in 0..<given.count {
            let original = given.floats(of: index)
            var values = equalized?.floats(of: index) ?? original
            let range = original.withUnsafeBufferPointer { extremes(of: $0) }
            values.withUnsafeMutableBufferPointer { settings.inputRange.normalize($0, pixelType: units) }
            var restored = try network(values, width: given.width, height: given.height, plans: plans)
            restored.withUnsafeMutableBufferPointer {
                settings.outputRange.restore($0, pixelType: units, input: range)
            }
            // The pattern as given, through the same scaling in and out, so that it lies in the
            // units of the other outputs whatever the ranges.
            let scaling = Self.scaling(settings, units: units, range: range)
            var kept = original
            scaling(&kept)
            // The judge, where it can, decides, since it compares with an estimate of the clean
            // pattern; the guard, which compares with the noisy one, where it cannot.
            if let judge = denoiser.judge, range.high > range.low,
                let mixed = try judge.judged(
                    restored, refining: kept, index: indices[index], input: input, holding: inputs, units: scaling)
            {
                restored = mixed
            } else if let check = denoiser.networkGuard,
                try check.rejects(restored, against: original, width: given.width, height: given.height, countingIn: denoiser.guardTally)
            {
                restored = kept
            }
            result.setPattern(index, from: restored)
        }
        guard let claheAfter = plans.claheAfter else { return result }
        return Self.converted(try claheAfter(Self.converted(result, to: units)), to: .float32)
    }

    /// The scaling in and out that a pattern of extremes `range` goes through, as one map of
    /// patterns in the scan's units: x -> restore(normalize(x)), normalised by `range` whatever
    /// the pattern mapped.
    private static func scaling(
        _ settings: AutoencoderSettings, units: PixelType, range: (low: Float, high: Float)
    ) -> (inout [Float]) -> Void {
        { values in
            let (offset, divisor): (Float, Float) =
                settings.inputRange == .pattern
                ? (range.low, range.high > range.low ? range.high - range.low : .infinity) : (0, Float(units.maximum))
            for p in values.indices { values[p] = (values[p] - offset) / divisor }
            values.withUnsafeMutableBufferPointer { settings.outputRange.restore($0, pixelType: units, input: range) }
        }
    }

    /// `batch` in `type`, rounded to nearest and clamped for integer types.
    private static func converted(_ batch: PatternBatch, to type: PixelType) -> PatternBatch {
        PixelConversion(target: type).apply(to: batch)
    }

    /// Resizes one normalised pattern to the network's input, runs it, and resizes the output back.
    private func network(_ values: [Float], width: Int, height: Int, plans: Plans) throws -> [Float] {
        var image = try Image<Float>(width: width, height: height, pixels: values)
        if let toNetwork = plans.toNetwork { image = try toNetwork.apply(image) }
        let input = Tensor(shape: [1, image.height, image.width, 1], storage: image.pixels)
        let output = try denoiser.model.forward(input, workspace: workspace)
        var restored = try Image<Float>(width: output.width, height: output.height, pixels: output.storage)
        if let back = plans.back { restored = try back.apply(restored) }
        return restored.pixels
    }

    /// The plans for patterns like `batch`'s, made on first use (a worker sees one scan).
    private func plans(for batch: PatternBatch, units: PixelType) throws -> Plans {
        if let plans, plans.width == batch.width, plans.height == batch.height {
            return plans
        }
        let (width, height) = (batch.width, batch.height)
        let resize = try NetworkResizePlans(model: denoiser.model, width: width, height: height, channels: 1)
        let scan = ScanDescription(
            width: width, height: height, count: batch.count, pixelType: units,
            geometry: .line(of: batch.count))
        let made = Plans(
            width: width, height: height, toNetwork: resize.toNetwork, back: resize.back,
            claheBefore: try denoiser.settings.claheBefore.map { try PatternSteps(clahe: $0).makeTransform(for: scan, path: "") },
            claheAfter: try denoiser.settings.claheAfter.map { try PatternSteps(clahe: $0).makeTransform(for: scan, path: "") })
        plans = made
        return made
    }
}
