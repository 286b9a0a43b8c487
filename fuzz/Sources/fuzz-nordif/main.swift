import FuzzSupport
import KikuchiIO

// NORDIF Setting.txt beside a Pattern.dat of 2 x 3 patterns of 10 x 10 pixels.
let pattern = FuzzInput.file([UInt8](repeating: 7, count: 600), named: "nordif/Pattern.dat")
FuzzDriver.run { bytes in
    _ = FuzzInput.file(bytes, named: "nordif/Setting.txt")
    try FuzzInput.readAll(pattern)
}
