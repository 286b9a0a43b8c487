import FuzzSupport
import KikuchiIO
import KikuchiWorkflows

// .npy files: the header's dict, the shape against the file size, every pattern read; and the
// same bytes as a network input tensor (`kikuchi model predict`).
FuzzDriver.run(seeds: {
    [
        "written-u16.npy": try FuzzInput.writtenScan(named: "seed.npy", pixelType: .uint16),
        "written-f32.npy": try FuzzInput.writtenScan(named: "seed.npy", pixelType: .float32)
    ]
}) { bytes in
    let path = FuzzInput.file(bytes, named: "stack.npy")
    try? FuzzInput.readAll(path)
    _ = try? TensorFile.read(path)
}
