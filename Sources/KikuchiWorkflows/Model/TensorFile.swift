import KikuchiCore
import KikuchiIO
import KikuchiNN

/// Float32 NHWC tensors in `.npy` files, for `kikuchi model predict`: (N, H, W, C), or (N, H, W)
/// read as one channel.
public enum TensorFile {
    public static func read(_ path: String) throws -> Tensor {
        let file = try RawFile(reading: path)
        let header = try NPYHeader(parsing: try file.read(count: min(file.size, 65_548), at: 0), path: path)
        guard header.pixelType == .float32 else {
            throw KikuchiError.badInput(path, "the network takes float32 input; this array is \(header.pixelType.rawValue)")
        }
        let shape: [Int]
        switch header.shape.count {
        case 4: shape = header.shape
        case 3: shape = header.shape + [1]
        default: throw KikuchiError.badInput(path, "shape \(header.shape) is not (N, H, W, C) or (N, H, W)")
        }
        let count = try CheckedSize.product(shape, of: "shape \(header.shape)", in: path, fileSize: file.size)
        let needed = try CheckedSize.sum(
            [header.dataOffset, CheckedSize.product([count, 4], of: "shape \(header.shape) of float32", in: path)],
            of: "shape \(header.shape) of float32 after the header", in: path)
        guard file.size >= needed else {
            throw KikuchiError.badInput(path, "truncated: shape \(header.shape) needs \(needed) bytes but the file has \(file.size)")
        }
        var storage = [Float](repeating: 0, count: count)
        try storage.withUnsafeMutableBytes { try file.read(into: $0, at: header.dataOffset) }
        return Tensor(shape: shape, storage: storage)
    }

    /// Writes `tensor` as a (N, H, W, C) float32 array, under a temporary name renamed when complete.
    public static func write(_ tensor: Tensor, to path: String, overwrite: Bool, inputs: [String]) throws {
        let output = try OutputPath(path, overwrite: overwrite, inputs: inputs)
        do {
            let file = try RawFile(creating: output.temporaryPath)
            let header = NPYHeader(pixelType: .float32, shape: tensor.shape).encoded()
            try file.write(header, at: 0)
            try tensor.storage.withUnsafeBytes { try file.write($0, at: header.count) }
            try output.commit()
        } catch {
            output.discard()
            throw error
        }
    }
}
