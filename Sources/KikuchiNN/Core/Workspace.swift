/// Scratch memory of one worker, reused from layer to layer and pattern to pattern so that the
/// forward pass does not allocate an im2col buffer per call. Not shared between threads.
public final class Workspace {
    /// The most values a layer puts in one scratch tile (8 MiB): im2col and col2im work on
    /// bands of rows that fit, so the 5x5 layer at 118 x 118 x 128 does not need 178 MB.
    public static let tileElements = 2 * 1024 * 1024

    /// The slot of the band of convolution output that a fused max pooling reads (the layers'
    /// own slots come first).
    static let pooledBandSlot = 4

    private var buffers: [UnsafeMutablePointer<Float>] = []
    private var capacities: [Int] = []

    public init() {}

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }

    /// A buffer of at least `count` values in `slot` (a small index: a layer uses slots 0, 1, ...
    /// for buffers it needs at the same time), valid until the next request for the same slot.
    /// Its contents are undefined.
    public func scratch(_ slot: Int, count: Int) -> UnsafeMutablePointer<Float> {
        precondition(slot >= 0, "workspace slots are numbered from 0")
        while buffers.count <= slot {
            buffers.append(UnsafeMutablePointer<Float>.allocate(capacity: 1))
            capacities.append(1)
        }
        if capacities[slot] < count {
            buffers[slot].deallocate()
            buffers[slot] = UnsafeMutablePointer<Float>.allocate(capacity: count)
            capacities[slot] = count
        }
        return buffers[slot]
    }
}
