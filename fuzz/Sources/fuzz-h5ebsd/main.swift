import FuzzSupport
import KikuchiIO

// h5ebsd files through libhdf5: layout detection, header, every pattern, the static background.
FuzzDriver.run(seeds: {
    ["written-u8.h5": try FuzzInput.writtenScan(named: "seed.h5", pixelType: .uint8)]
}) { bytes in
    try FuzzInput.closingHDF5 {
        let path = FuzzInput.file(bytes, named: "scan.h5")
        let reader = try ScanIO.openReader(path)
        try FuzzInput.readAll(reader)
        _ = try (reader as? H5EBSDReader)?.staticBackground()
    }
}
