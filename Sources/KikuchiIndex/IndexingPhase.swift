import Foundation
import KikuchiCore
import KikuchiSim

/// The crystal a scan is indexed as: its master pattern, its point group and the phase block of
/// the `.ang` header. Either a phase kikuchi knows (`CrystalPhase`, its kinematical master
/// pattern) or an EMsoft master pattern file (its `CrystalData` gives the point group and lattice).
public struct IndexingPhase: Sendable {
    public let master: LambertMasterPattern
    public let group: PointGroup
    public let angPhase: AngFile.Phase
    /// The beam energy of the master pattern, kV.
    public let kilovolts: Double

    /// The space groups of the structure types `CrystalPhase` knows: Fm-3m, Im-3m, Fd-3m, P6_3/mmc.
    static let spaceGroups = ["fcc": 225, "bcc": 229, "diamond": 227, "hcp": 194]

    /// The kinematical master pattern of `phase` at `kilovolts` (Lambert side `side`).
    public init(phase: CrystalPhase, kilovolts: Double = 20, side: Int = 501) {
        master = KinematicalMasterPattern(phase: phase, kilovolts: kilovolts).lambert(side: side)
        group = PointGroup(name: phase.lattice == .cubic ? "432" : "622")!
        let a = phase.a * 10, c = phase.c * 10
        let element = phase.scattering.element
        angPhase = AngFile.Phase(
            name: element, formula: element, tslSymmetry: group.tslSymmetry,
            lattice: phase.lattice == .cubic ? (a, a, a, 90, 90, 90) : (a, a, c, 90, 90, 120),
            spaceGroup: Self.spaceGroups[phase.structureType] ?? 0)
        self.kilovolts = kilovolts
    }

    /// The master pattern of the EMsoft file `path` at `kilovolts` (its highest energy when nil).
    public init(emsoftMaster path: String, kilovolts: Double? = nil) throws {
        let crystal = try EMsoftCrystalData.read(path)
        guard let group = PointGroup(spaceGroup: crystal.spaceGroup) else {
            throw KikuchiError.badInput(path, "space group \(crystal.spaceGroup) has no point group kikuchi knows")
        }
        let (pattern, energy) = try EMsoftMasterPatternFile.read(path, energy: kilovolts)
        master = pattern
        self.group = group
        let l = crystal.lattice
        let name = crystal.name.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension } ?? "phase"
        angPhase = AngFile.Phase(
            name: name.isEmpty ? "phase" : name, formula: name.isEmpty ? "phase" : name, tslSymmetry: group.tslSymmetry,
            lattice: (l[0] * 10, l[1] * 10, l[2] * 10, l[3], l[4], l[5]), spaceGroup: crystal.spaceGroup)
        self.kilovolts = energy
    }
}
