import Foundation
import KikuchiCore
import KikuchiHDF5

/// Writes a Keras 3 `.keras` archive: `metadata.json`, `config.json` (Keras 3 configuration) and
/// `model.weights.h5` (`layers/<snake_case class>[_n]/vars/<i>`), stored uncompressed.
public enum KerasArchiveFile {
    public static func write(_ model: Model, to path: String) throws {
        let temporary = NSTemporaryDirectory() + "kikuchi-export-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).h5"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        do {
            let weights = try HDF5File(temporary, mode: .create)
            try Keras3Weights.write(model, to: weights.root)
            try weights.close()
        } catch let error as HDF5Error {
            throw KikuchiError.processing(path, "cannot write the weights (\(error.message))")
        }
        guard let weightBytes = RawFile.contents(of: temporary) else {
            throw KikuchiError.processing(path, "cannot read back the temporary weights file")
        }
        let metadata = try JSONSerialization.data(withJSONObject: ["keras_version": "3.15.1", "date_saved": "kikuchi"], options: [.sortedKeys])
        var zip = ZipWriter()
        zip.add("metadata.json", [UInt8](metadata))
        zip.add("config.json", Array(try KerasConfigWriter.json(model, style: .keras3).utf8))
        zip.add("model.weights.h5", [UInt8](weightBytes))
        guard FileManager.default.createFile(atPath: path, contents: Data(zip.archive())) else {
            throw KikuchiError.processing(path, "cannot write the file")
        }
    }
}
