import KikuchiImage
import KikuchiIO
import KikuchiNN

/// One thread's share of the autoencoder pipeline: its own network workspace and the resize
/// plans for the scan's size, made once.
final class AutoencoderWorker: PatternDenoisingWorker {
    private let denoiser: AutoencoderDenoiser
    private let workspace = Workspace()
    private var plans: (width: Int, height: Int, toNetwork: ResizePlan?, back: ResizePlan?)?

    init(denoiser: AutoencoderDenoiser) {
        self.denoiser = denoiser
    }

    func denoise(_ input: PatternBatch, from inputStart: Int, outputs: Range<Int>) throws -> PatternBatch {
        let settings = denoiser.settings
        var batch = input
        if let clahe = settings.claheBefore {
            batch = try applyCLAHE(clahe, to: batch)
        }
        var result = PatternBatch(width: input.width, height: input.height, pixelType: input.pixelType, count: input.count)
        for index in 0 ..< batch.count {
            let original = input.floats(of: index)
            var values = batch.floats(of: index)
            let range = original.withUnsafeBufferPointer { extremes(of: $0) }
            values.withUnsafeMutableBufferPointer { settings.inputRange.normalize($0, pixelType: input.pixelType) }
            var restored = try network(values, width: input.width, height: input.height)
            restored.withUnsafeMutableBufferPointer {
                settings.outputRange.restore($0, pixelType: input.pixelType, input: range)
            }
            result.setPattern(index, from: restored)
        }
        if let clahe = settings.claheAfter {
            result = try applyCLAHE(clahe, to: result)
        }
        return result
    }

    /// Resizes one normalised pattern to the network's input, runs it, and resizes the output back.
    private func network(_ values: [Float], width: Int, height: Int) throws -> [Float] {
        let plans = try resizePlans(width: width, height: height)
        var image = try Image<Float>(width: width, height: height, pixels: values)
        if let toNetwork = plans.toNetwork { image = try toNetwork.apply(image) }
        let input = Tensor(shape: [1, image.height, image.width, 1], storage: image.pixels)
        let output = try denoiser.model.forward(input, workspace: workspace)
        var restored = try Image<Float>(width: output.width, height: output.height, pixels: output.storage)
        if let back = plans.back { restored = try back.apply(restored) }
        return restored.pixels
    }

    private func resizePlans(width: Int, height: Int) throws -> (width: Int, height: Int, toNetwork: ResizePlan?, back: ResizePlan?) {
        if let plans, plans.width == width, plans.height == height { return plans }
        let scan = ScanDescription(width: width, height: height, count: 1, pixelType: .float32, geometry: .line(of: 1))
        let size = denoiser.networkSize(for: scan)
        let output = try denoiser.model.outputShape(for: FeatureShape(height: size.height, width: size.width, channels: 1))
        let outputWidth = output.width ?? size.width, outputHeight = output.height ?? size.height
        let toNetwork = (size.width, size.height) == (width, height) ? nil
            : try ResizePlan(sourceWidth: width, sourceHeight: height, targetWidth: size.width, targetHeight: size.height, interpolation: .linear)
        let back = (outputWidth, outputHeight) == (width, height) ? nil
            : try ResizePlan(sourceWidth: outputWidth, sourceHeight: outputHeight, targetWidth: width, targetHeight: height, interpolation: .linear)
        let made = (width, height, toNetwork, back)
        plans = made
        return made
    }

    private func applyCLAHE(_ clahe: CLAHESettings, to batch: PatternBatch) throws -> PatternBatch {
        let scan = ScanDescription(width: batch.width, height: batch.height, count: batch.count, pixelType: batch.pixelType, geometry: .line(of: batch.count))
        return try PatternSteps(clahe: clahe).makeTransform(for: scan, path: "")(batch)
    }
}
