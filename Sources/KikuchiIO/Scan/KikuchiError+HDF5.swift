import KikuchiCore
import KikuchiHDF5

extension KikuchiError {
    /// An HDF5 failure while reading the user's file: a bad input (exit status 2).
    static func reading(_ error: HDF5Error) -> KikuchiError {
        .badInput(error.path, error.message)
    }

    /// An HDF5 failure while writing an output: a processing error (exit status 1).
    static func writing(_ error: HDF5Error, as path: String) -> KikuchiError {
        .processing(path, error.message)
    }
}
