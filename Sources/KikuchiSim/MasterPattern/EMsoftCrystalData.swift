import Foundation
import KikuchiCore
import KikuchiHDF5

/// The crystal an EMsoft master pattern file was computed for (`CrystalData`): its space group
/// number and lattice parameters (a, b, c in nanometres; alpha, beta, gamma in degrees), and the
/// crystal file's name (`EMData/EBSDmaster/xtalname`) when present.
public struct EMsoftCrystalData: Equatable, Sendable {
    public var spaceGroup: Int
    public var lattice: [Double]
    public var name: String?

    /// Reads `CrystalData/SpaceGroupNumber` and `CrystalData/LatticeParameters` of `path`.
    public static func read(_ path: String) throws -> EMsoftCrystalData {
        let file: HDF5File
        do {
            file = try HDF5File(path)
        } catch let error as HDF5Error {
            throw KikuchiError.badInput(path, "not a readable HDF5 file (\(error.reason ?? error.operation))")
        }
        defer { try? file.close() }
        do {
            guard try file.root.hasDataset("CrystalData/SpaceGroupNumber"), try file.root.hasDataset("CrystalData/LatticeParameters") else {
                throw KikuchiError.badInput(path, "no CrystalData/SpaceGroupNumber and LatticeParameters: not an EMsoft master pattern file")
            }
            let group = try file.dataset("CrystalData/SpaceGroupNumber").read(as: Int32.self)
            let lattice = try file.dataset("CrystalData/LatticeParameters").read(as: Double.self)
            guard let number = group.first, (1...230).contains(number) else {
                throw KikuchiError.badInput(path, "CrystalData/SpaceGroupNumber \(group) is not a space group number (1-230)")
            }
            guard lattice.count == 6, lattice.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw KikuchiError.badInput(path, "CrystalData/LatticeParameters \(lattice) are not six positive numbers")
            }
            var name: String?
            if try file.root.hasDataset("EMData/EBSDmaster/xtalname") {
                name = try? file.dataset("EMData/EBSDmaster/xtalname").readString()
            }
            return EMsoftCrystalData(spaceGroup: Int(number), lattice: lattice, name: name)
        } catch let error as HDF5Error {
            throw KikuchiError.badInput(path, error.message)
        }
    }
}
