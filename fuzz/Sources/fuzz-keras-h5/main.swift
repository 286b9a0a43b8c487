import FuzzSupport
import KikuchiNN

// A legacy Keras .h5 model through libhdf5: its config attribute and every layer's weights.
FuzzDriver.run { bytes in
    try FuzzInput.closingHDF5 {
        _ = try KerasModelFile.load(FuzzInput.file(bytes, named: "model.h5"))
    }
}
