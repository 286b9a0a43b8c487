/// Keras' default initial weights for a new model: Glorot (Xavier) uniform kernels, drawn from
/// U(-l, l) with l = sqrt(6 / (fan_in + fan_out)), fan_in = kh·kw·(kernel's second-last axis) and
/// fan_out = kh·kw·(last axis); zero biases; batch normalisation's γ = 1, β = 0 and moving
/// statistics 0 and 1 as `build` leaves them. The draws come from `TrainingRandom`, so a seed
/// gives the same model every time (not Keras' numbers, which come from its own generator).
public enum WeightInitializer {
    public static func glorotUniform(_ model: Model, random: inout TrainingRandom) {
        for layer in model.layers {
            for parameter in layer.parameters where parameter.name == "kernel" && parameter.shape.count == 4 {
                let receptive = parameter.shape[0] * parameter.shape[1]
                let fanIn = receptive * parameter.shape[2], fanOut = receptive * parameter.shape[3]
                let limit = (6 / Float(fanIn + fanOut)).squareRoot()
                parameter.values = parameter.values.map { _ in (random.nextUnit() * 2 - 1) * limit }
            }
        }
    }
}
