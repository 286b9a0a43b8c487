import Foundation
import KikuchiCore
import KikuchiHDF5
import KikuchiIO

/// Reads an EMsoft EBSD master pattern file (EMEBSDmaster output): the square Lambert
/// hemispheres `EMData/EBSDmaster/mLPNH` and `mLPSH` at one beam energy.
///
/// The datasets are (numset, energies, side, side), or without the leading axes in older files;
/// the last axis is the square's X, the one before it Y. As kikuchipy's reader does, the
/// asymmetric sites (numset) are summed, and the energy is the one nearest to the energy asked
/// for, or the highest in `EkeVs` when none is asked for (kikuchipy `get_patterns` default).
public enum EMsoftMasterPatternFile {
    /// The master pattern of `path` at `energy` (keV) or the highest energy, and that energy.
    public static func read(_ path: String, energy: Double? = nil) throws -> (pattern: LambertMasterPattern, energy: Double) {
        let file: HDF5File
        do {
            file = try HDF5File(path)
        } catch let error as HDF5Error {
            throw KikuchiError.badInput(path, "not a readable HDF5 file (\(error.reason ?? error.operation))")
        }
        defer { try? file.close() }
        let group = "EMData/EBSDmaster"
        do {
            guard try file.root.hasDataset("\(group)/mLPNH"), try file.root.hasDataset("\(group)/mLPSH") else {
                throw KikuchiError.badInput(path, "not an EMsoft EBSD master pattern file: no \(group)/mLPNH and mLPSH")
            }
            let northern = try file.dataset("\(group)/mLPNH"), southern = try file.dataset("\(group)/mLPSH")
            let shape = northern.shape
            guard shape == southern.shape, shape.count >= 2, shape.count <= 4, shape[shape.count - 1] == shape[shape.count - 2],
                shape[shape.count - 1] >= 2
            else {
                throw KikuchiError.badInput(path, "mLPNH \(northern.shape) and mLPSH \(southern.shape) are not matching Lambert squares")
            }
            let side = shape[shape.count - 1]
            let energyCount = shape.count >= 3 ? shape[shape.count - 3] : 1
            let sites = shape.count == 4 ? shape[0] : 1
            var energies: [Double] = []
            if try file.root.hasDataset("\(group)/EkeVs") {
                energies = try file.dataset("\(group)/EkeVs").read(as: Double.self)
            }
            guard energies.count == energyCount else {
                throw KikuchiError.badInput(path, "EkeVs holds \(energies.count) energies but the master pattern \(energyCount)")
            }
            let index: Int
            if let energy {
                index = energies.indices.min { abs(energies[$0] - energy) < abs(energies[$1] - energy) }!
                if abs(energies[index] - energy) > 0.5 {
                    let list = energies.map { String(format: "%g", $0) }.joined(separator: ", ")
                    throw KikuchiError.badInput(path, "holds no master pattern at \(String(format: "%g", energy)) kV (energies: \(list))")
                }
            } else {
                index = energies.indices.max { energies[$0] < energies[$1] }!
            }
            /// One energy's square, summed over the sites, read one site at a time.
            func square(_ dataset: HDF5Dataset) throws -> [Float] {
                try dataset.checkReadable([side, side], as: .float32)
                var sum = [Float](repeating: 0, count: side * side)
                var site = [Float](repeating: 0, count: side * side)
                for s in 0..<sites {
                    let lead = shape.count == 4 ? [s, index] : shape.count == 3 ? [index] : []
                    let slab = HDF5Hyperslab(start: lead + [0, 0], count: lead.map { _ in 1 } + [side, side])
                    try site.withUnsafeMutableBytes { try dataset.readSelection([slab], into: $0, as: .float32) }
                    for i in 0..<sum.count { sum[i] += site[i] }
                }
                guard sum.allSatisfy({ $0.isFinite }) else {
                    throw KikuchiError.badInput(path, "the master pattern holds values that are not finite")
                }
                return sum
            }
            return (LambertMasterPattern(side: side, northern: try square(northern), southern: try square(southern)), energies[index])
        } catch let error as HDF5Error {
            throw KikuchiError.badInput(path, error.message)
        }
    }
}
