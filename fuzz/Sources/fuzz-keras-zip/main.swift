import FuzzSupport
import KikuchiNN

// A Keras 3 .keras archive: the zip directory, config.json and model.weights.h5 inside it.
FuzzDriver.run { bytes in
    try FuzzInput.closingHDF5 {
        _ = try KerasModelFile.load(FuzzInput.file(bytes, named: "model.keras"))
    }
}
