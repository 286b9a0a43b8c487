import FuzzSupport
import KikuchiIO

// An image folder's scan.json beside two 8 x 6 gray PNG patterns.
let folder = FuzzInput.folder + "/images"
let image = try! [UInt8](repeating: 100, count: 48).withUnsafeBytes {
    try PNGCodec.encode($0, width: 8, height: 6, pixelType: .uint8, file: "0.png")
}
_ = FuzzInput.file(image, named: "images/0.png")
_ = FuzzInput.file(image, named: "images/1.png")
FuzzDriver.run { bytes in
    _ = FuzzInput.file(bytes, named: "images/scan.json")
    try FuzzInput.readAll(folder)
}
