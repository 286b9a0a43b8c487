import KikuchiNN
import XCTest

/// Finite-difference checks of backward passes. For a layer (or model) with fixed random inputs
/// and weights, L = Σ r ⊙ y for a fixed random r (summed in Double); the analytic gradients come
/// from `backward` with dL/dy = r, the numeric ones from central differences
/// (L(v + h) - L(v - h)) / 2h on every input and trainable weight element. The check fails when
/// the largest difference exceeds `tolerance` times the largest analytic gradient (at least 0.05).
struct GradientChecker {
    var step: Float = 1e-2
    var tolerance: Double = 1e-2
    var context = TrainingContext(training: true, dropoutSeed: 7)

    /// Values in [-scale, scale] from a fixed seed.
    static func randomValues(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var random = TrainingRandom(seed: seed)
        return (0..<count).map { _ in (random.nextUnit() * 2 - 1) * scale }
    }

    /// Distinct values at least 1/count apart (shuffled), so that no small step swaps a maximum.
    static func distinctValues(_ count: Int, seed: UInt64) -> [Float] {
        var random = TrainingRandom(seed: seed)
        return random.permutation(of: count).map { Float($0) / Float(count) * 2 - 1 }
    }

    func check(_ layer: TrainableLayer, inputs: [Tensor], file: StaticString = #filePath, line: UInt = #line) throws {
        _ = try layer.build(inputs: inputs.map(\.featureShape))
        for (index, parameter) in layer.parameters.enumerated() where layer.trainableParameterIndices.contains(index) {
            parameter.values = GradientChecker.randomValues(parameter.values.count, seed: 100 + UInt64(index), scale: 0.5)
        }
        let workspace = Workspace()
        let record = layer.trainingForward(inputs, context: context, workspace: workspace)
        let r = Tensor(shape: record.output.shape, storage: GradientChecker.randomValues(record.output.storage.count, seed: 99))
        var parameterGradients = layer.parameters.map { [Float](repeating: 0, count: $0.values.count) }
        let inputGradients = layer.backward(
            r, inputs: inputs, record: record, parameterGradients: &parameterGradients,
            needsInputGradients: true, workspace: workspace)
        XCTAssertEqual(inputGradients.count, layer is InputLayer ? 0 : inputs.count, "\(layer.name): one gradient per input", file: file, line: line)
        func loss(_ arguments: [Tensor]) -> Double {
            let output = layer.trainingForward(arguments, context: context, workspace: workspace).output
            return zip(output.storage, r.storage).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        var analytic: [Float] = [], numeric: [Float] = []
        for (inputIndex, gradient) in inputGradients.enumerated() {
            XCTAssertEqual(gradient.shape, inputs[inputIndex].shape, "\(layer.name): input gradient shape", file: file, line: line)
            for element in inputs[inputIndex].storage.indices {
                var plus = inputs, minus = inputs
                plus[inputIndex].storage[element] += step
                minus[inputIndex].storage[element] -= step
                analytic.append(gradient.storage[element])
                numeric.append(Float((loss(plus) - loss(minus)) / (2 * Double(step))))
            }
        }
        for index in layer.trainableParameterIndices {
            let parameter = layer.parameters[index]
            for element in parameter.values.indices {
                let original = parameter.values[element]
                parameter.values[element] = original + step
                let up = loss(inputs)
                parameter.values[element] = original - step
                let down = loss(inputs)
                parameter.values[element] = original
                analytic.append(parameterGradients[index][element])
                numeric.append(Float((up - down) / (2 * Double(step))))
            }
        }
        compare(analytic, numeric, layer.name, file: file, line: line)
    }

    /// The same check for a whole model under a loss against `target`, on its trainable weights.
    func check(_ model: Model, input: Tensor, target: Tensor, loss: Loss, file: StaticString = #filePath, line: UInt = #line) {
        let workspace = Workspace()
        var gradients = ParameterGradients(zeroFor: model)
        let records = model.recordedForward(input, context: context, workspace: workspace)
        let output = records[model.outputIndex].output
        let dy = loss.gradient(prediction: output, target: target, elementCount: target.storage.count)
        model.backward(records: records, outputGradient: dy, into: &gradients, workspace: workspace)
        func value() -> Double {
            loss.sum(prediction: model.trainingOutput(input, context: context, workspace: workspace), target: target) / Double(target.storage.count)
        }
        var analytic: [Float] = [], numeric: [Float] = []
        for (layerIndex, layer) in model.layers.enumerated() {
            guard let trainable = layer as? TrainableLayer else { continue }
            for index in trainable.trainableParameterIndices {
                let parameter = layer.parameters[index]
                for element in parameter.values.indices {
                    let original = parameter.values[element]
                    parameter.values[element] = original + step
                    let up = value()
                    parameter.values[element] = original - step
                    let down = value()
                    parameter.values[element] = original
                    analytic.append(gradients.values[layerIndex][index][element])
                    numeric.append(Float((up - down) / (2 * Double(step))))
                }
            }
        }
        compare(analytic, numeric, model.name, file: file, line: line)
    }

    private func compare(_ analytic: [Float], _ numeric: [Float], _ what: String, file: StaticString, line: UInt) {
        XCTAssertFalse(analytic.isEmpty, "\(what): nothing to check", file: file, line: line)
        let scale = max(analytic.map { abs(Double($0)) }.max() ?? 0, 0.05)
        var worst = 0.0, worstIndex = 0
        for index in analytic.indices {
            let difference = abs(Double(analytic[index]) - Double(numeric[index]))
            if difference > worst { worst = difference; worstIndex = index }
        }
        XCTAssertLessThanOrEqual(
            worst / scale, tolerance,
            "\(what): element \(worstIndex) analytic \(analytic[worstIndex]) numeric \(numeric[worstIndex]) (scale \(scale))",
            file: file, line: line)
    }
}
