import KikuchiIO
import KikuchiImage
import KikuchiNN

/// One thread's share of a `NeighbourNetwork`: the averaging (NLPAR or regions) of the batch, then the network on each output's
/// `NeighbourStack`, with its own workspace and resize plans.
final class NeighbourNetworkWorker: PatternDenoisingWorker {
    private let denoiser: NeighbourNetwork
    private let averaging: PatternDenoisingWorker
    private let scan: ScanDescription
    private let workspace = Workspace()
    private var plans: NetworkResizePlans?

    init(denoiser: NeighbourNetwork, averaging: PatternDenoisingWorker, scan: ScanDescription) {
        self.denoiser = denoiser
        self.averaging = averaging
        self.scan = scan
    }

    func denoise(_ input: PatternBatch, holding inputs: ScanSelection, outputs: ScanSelection) throws -> PatternBatch {
        // The averaging is given exactly its own inputs; the judge's ring may reach further.
        let averagingInputs = denoiser.averaging.inputs(for: outputs, of: scan)
        let averaged = try averaging.denoise(input.patterns(averagingInputs, of: inputs), holding: averagingInputs, outputs: outputs)
        let plans = try self.plans(width: input.width, height: input.height)
        var result = PatternBatch(width: input.width, height: input.height, pixelType: .float32, count: outputs.count)
        for (slot, index) in outputs.enumerated() {
            let neighbours = NeighbourStack.neighbourhood(of: index, geometry: scan.geometry, count: scan.count)
                .map { inputs.slot(of: $0) ?? inputs.slot(of: index)! }
            let smoothed = averaged.floats(of: slot)
            let planes = try (neighbours.map { input.floats(of: $0) } + [smoothed]).map {
                try resized($0, width: input.width, height: input.height, by: plans.toNetwork)
            }
            let (width, height) = (plans.networkWidth, plans.networkHeight)
            let sample = NeighbourStack.sample(raw: Array(planes.dropLast()), averaged: planes.last!)
            let output = try denoiser.model.forward(
                Tensor(shape: [1, height, width, NeighbourStack.channels], storage: sample),
                workspace: workspace)
            var values = try resized(output.storage, width: output.width, height: output.height, by: plans.back)
            let moments = NeighbourStack.moments(smoothed)
            let mean = Float(moments.mean), deviation = Float(moments.deviation)
            for p in values.indices { values[p] = values[p] * deviation + mean }
            if let check = denoiser.networkGuard,
                try check.rejects(values, against: smoothed, width: input.width, height: input.height, countingIn: denoiser.guardTally)
            {
                values = smoothed
            } else if let judge = denoiser.judge {
                values = try judge.judged(values, refining: smoothed, index: index, input: input, holding: inputs) ?? values
            }
            result.setPattern(slot, from: values)
        }
        return result
    }

    private func resized(_ values: [Float], width: Int, height: Int, by plan: ResizePlan?) throws -> [Float] {
        guard let plan else { return values }
        return try plan.apply(try Image<Float>(width: width, height: height, pixels: values)).pixels
    }

    /// Resize plans to the network's input and back, for this scan's pattern size (made once).
    private func plans(width: Int, height: Int) throws -> NetworkResizePlans {
        if let plans { return plans }
        let made = try NetworkResizePlans(model: denoiser.model, width: width, height: height, channels: NeighbourStack.channels)
        plans = made
        return made
    }
}
