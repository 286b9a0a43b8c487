import FuzzSupport
import KikuchiSim

// EMsoft files through libhdf5: a master pattern (EMEBSDmaster) and simulated patterns (EMEBSD).
FuzzDriver.run { bytes in
    FuzzInput.closingHDF5 {
        let path = FuzzInput.file(bytes, named: "emsoft.h5")
        _ = try? EMsoftMasterPatternFile.read(path)
        _ = try? EMsoftPatternFile(path: path)
    }
}
