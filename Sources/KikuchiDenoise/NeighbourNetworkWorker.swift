import KikuchiImage
import KikuchiIO
import KikuchiNN

/// One thread's share of a `NeighbourNetwork`: NLPAR of the batch, then the network on each output's
/// `NeighbourStack`, with its own workspace and resize plans.
final class NeighbourNetworkWorker: PatternDenoisingWorker {
    private let denoiser: NeighbourNetwork
    private let nlpar: PatternDenoisingWorker
    private let scan: ScanDescription
    private let workspace = Workspace()
    private var plans: (toNetwork: ResizePlan?, back: ResizePlan?)?

    init(denoiser: NeighbourNetwork, nlpar: PatternDenoisingWorker, scan: ScanDescription) {
        self.denoiser = denoiser
        self.nlpar = nlpar
        self.scan = scan
    }

    func denoise(_ input: PatternBatch, from inputStart: Int, outputs: Range<Int>) throws -> PatternBatch {
        let averaged = try nlpar.denoise(input, from: inputStart, outputs: outputs)
        let plans = try self.plans(width: input.width, height: input.height)
        var result = PatternBatch(width: input.width, height: input.height, pixelType: input.pixelType, count: outputs.count)
        let read = inputStart ..< inputStart + input.count
        for index in outputs {
            let neighbours = NeighbourStack.neighbourhood(of: index, geometry: scan.geometry, count: scan.count)
                .map { read.contains($0) ? $0 : index }
            let smoothed = averaged.floats(of: index - outputs.lowerBound)
            let planes = try (neighbours.map { input.floats(of: $0 - inputStart) } + [smoothed]).map {
                try resized($0, width: input.width, height: input.height, by: plans.toNetwork)
            }
            let (width, height) = plans.toNetwork.map { ($0.targetWidth, $0.targetHeight) } ?? (input.width, input.height)
            let sample = NeighbourStack.sample(raw: Array(planes.dropLast()), averaged: planes.last!)
            let output = try denoiser.model.forward(Tensor(shape: [1, height, width, NeighbourStack.channels], storage: sample),
                                                    workspace: workspace)
            var values = try resized(output.storage, width: output.width, height: output.height, by: plans.back)
            let (mean, deviation) = Self.moments(smoothed)
            for p in values.indices { values[p] = values[p] * deviation + mean }
            NLPARWorker.store(values, as: input.pixelType, into: &result, at: index - outputs.lowerBound)
        }
        return result
    }

    /// The mean and population deviation of `values`.
    static func moments(_ values: [Float]) -> (mean: Float, deviation: Float) {
        let n = Double(max(values.count, 1))
        let mean = values.reduce(0.0) { $0 + Double($1) } / n
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
        return (Float(mean), Float(variance.squareRoot()))
    }

    private func resized(_ values: [Float], width: Int, height: Int, by plan: ResizePlan?) throws -> [Float] {
        guard let plan else { return values }
        return try plan.apply(try Image<Float>(width: width, height: height, pixels: values)).pixels
    }

    /// Resize plans to the network's input and back, for this scan's pattern size (made once).
    private func plans(width: Int, height: Int) throws -> (toNetwork: ResizePlan?, back: ResizePlan?) {
        if let plans { return plans }
        let size = denoiser.networkSize(width: width, height: height)
        let output = try denoiser.model.outputShape(for: FeatureShape(height: size.height, width: size.width, channels: NeighbourStack.channels))
        let outputWidth = output.width ?? size.width, outputHeight = output.height ?? size.height
        let made = (
            toNetwork: (size.width, size.height) == (width, height) ? nil
                : try ResizePlan(sourceWidth: width, sourceHeight: height, targetWidth: size.width, targetHeight: size.height, interpolation: .linear),
            back: (outputWidth, outputHeight) == (width, height) ? nil
                : try ResizePlan(sourceWidth: outputWidth, sourceHeight: outputHeight, targetWidth: width, targetHeight: height, interpolation: .linear))
        plans = made
        return made
    }
}
