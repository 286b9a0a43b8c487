/// The random source of training (shuffling, crops, dropout seeds, initial weights): SplitMix64,
/// whose whole state is one integer, so a checkpoint can store it and a resumed run continues the
/// exact sequence of an uninterrupted one.
public struct TrainingRandom: RandomNumberGenerator, Sendable {
    /// The complete state.
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }
    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return TrainingRandom.mix(state)
    }

    /// SplitMix64's finaliser: a well-spread 64-bit hash of `value`.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1) from the top 24 bits.
    public mutating func nextUnit() -> Float {
        Float(next() >> 40) / Float(1 << 24)
    }

    /// A uniform integer in 0 ..< bound (bound > 0), by Lemire's multiply-shift with rejection,
    /// the same on every platform (unlike `Int.random(in:)`, whose algorithm is not promised).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0)
        let limit = UInt64(bound)
        while true {
            let product = next().multipliedFullWidth(by: limit)
            if product.low >= (0 &- limit) % limit { return Int(product.high) }
        }
    }

    /// A Fisher–Yates shuffle of 0 ..< count.
    public mutating func permutation(of count: Int) -> [Int] {
        var order = Array(0..<count)
        if count < 2 { return order }
        for index in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(index, nextInt(below: index + 1))
        }
        return order
    }

    /// A stable 64-bit hash of a string (FNV-1a), to give each layer its own dropout stream.
    public static func hash(_ text: String) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return value
    }
}
