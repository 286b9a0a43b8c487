import FuzzSupport
import KikuchiIO

// One PNG through libpng image: its header, then the decode into a buffer of that size.
let pattern = (0..<48).map { UInt8($0 * 5) }
FuzzDriver.run(seeds: {
    ["written.png": try pattern.withUnsafeBytes { try PNGCodec.encode($0, width: 8, height: 6, pixelType: .uint8, file: "seed") }]
}) { bytes in
    _ = try PNGCodec.decode(bytes, file: "pattern")
}
