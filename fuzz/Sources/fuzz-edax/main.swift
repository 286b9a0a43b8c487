import FuzzSupport
import KikuchiIO

// EDAX UP1 and UP2 files: header, pattern count against the file size, every pattern read.
FuzzDriver.run(seeds: {
    [
        "written.up1": try FuzzInput.writtenScan(named: "seed.up1", pixelType: .uint8),
        "written.up2": try FuzzInput.writtenScan(named: "seed.up2", pixelType: .uint16)
    ]
}) { bytes in
    for name in ["scan.up1", "scan.up2"] {
        try? FuzzInput.readAll(FuzzInput.file(bytes, named: name))
    }
}
