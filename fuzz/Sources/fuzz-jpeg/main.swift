import FuzzSupport
import KikuchiIO

// One JPEG through libjpeg-turbo image: its header, then the decode into a buffer of that size.
let pattern = (0..<48).map { UInt8($0 * 5) }
FuzzDriver.run(seeds: {
    ["written.jpg": try pattern.withUnsafeBytes { try JPEGCodec.encode($0, width: 8, height: 6, file: "seed") }]
}) { bytes in
    _ = try JPEGCodec.decode(bytes, file: "pattern")
}
