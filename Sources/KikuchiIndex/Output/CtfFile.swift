import Foundation
import KikuchiCore
import KikuchiIO

/// An Oxford Instruments Channel Text File (`.ctf`) orientation map, which AZtec, MTEX, orix and
/// kikuchipy read; a square grid only.
///
/// The header gives the grid (XCells, YCells, XStep, YStep in micrometres), the beam energy and
/// sample tilt, and one phase line: lattice a;b;c (angstrom), alpha;beta;gamma (degrees), name,
/// Laue group code (1 -1, 2 2/m, 3 mmm, 4 4/m, 5 4/mmm, 6 -3, 7 -3m, 8 6/m, 9 6/mmm, 10 m-3,
/// 11 m-3m), space group. Each map position is one tab-separated line in scan order:
///   Phase X Y Bands Error Euler1 Euler2 Euler3 MAD BC BS
/// with Bunge angles in degrees in the crystal frame of `PointGroup` (a along x, as orix reads
/// them), phase 1 and error 0 where indexed and phase 0, error 3 ("no solution") where not
/// (confidence -1). kikuchi finds no bands, so Bands and MAD are 0; BC holds the image quality
/// (Krieger Lassen's, at most 1) and BS the match score, each times 255 and clamped to 0...255, as
/// the 8-bit band contrast and band slope are.
public struct CtfFile {
    public var geometry: MapGeometry
    public var phase: AngFile.Phase
    public var kilovolts: Double
    public var sampleTilt: Double

    public init(geometry: MapGeometry, phase: AngFile.Phase, kilovolts: Double, sampleTilt: Double) {
        precondition(geometry.grid == .square, "a .ctf holds a square grid")
        self.geometry = geometry
        self.phase = phase
        self.kilovolts = kilovolts
        self.sampleTilt = sampleTilt
    }

    /// Oxford's Laue group code of an EDAX/TSL symmetry code (`PointGroup.tslSymmetry`).
    public static func laueCode(tslSymmetry: Int) -> Int {
        [1: 1, 20: 2, 2: 2, 22: 3, 4: 4, 42: 5, 3: 6, 32: 7, 6: 8, 62: 9, 23: 10, 43: 11][tslSymmetry] ?? 1
    }

    /// The header, up to and including the column names.
    public var header: String {
        let l = phase.lattice
        let f = { (v: Double) in String(format: "%.4f", v) }
        return [
            "Channel Text File",
            "Prj\tkikuchi",
            "Author\tkikuchi",
            "JobMode\tGrid",
            "XCells\t\(geometry.columns)",
            "YCells\t\(geometry.rows)",
            "XStep\t\(f(geometry.stepX))",
            "YStep\t\(f(geometry.stepY))",
            "AcqE1\t0",
            "AcqE2\t0",
            "AcqE3\t0",
            "Euler angles refer to Sample Coordinate system (CS0)!\tMag\t0\tCoverage\t100\tDevice\t0\tKV\t\(f(kilovolts))\tTiltAngle\t\(f(sampleTilt))\tTiltAxis\t0",
            "Phases\t1",
            "\(f(l.a));\(f(l.b));\(f(l.c))\t\(f(l.alpha));\(f(l.beta));\(f(l.gamma))\t\(phase.name)\t\(Self.laueCode(tslSymmetry: phase.tslSymmetry))\t\(phase.spaceGroup)",
            "Phase\tX\tY\tBands\tError\tEuler1\tEuler2\tEuler3\tMAD\tBC\tBS"
        ].joined(separator: "\n") + "\n"
    }

    /// The data line of pattern `index`.
    func line(_ row: AngFile.Row, index: Int) -> String {
        let (mapRow, column) = geometry.position(of: index)
        let indexed = row.confidence > -1
        let e = row.orientation
        let bc = Int((min(max(row.imageQuality, 0), 1) * 255).rounded())
        let bs = Int((max(row.confidence, 0) * 255).rounded())
        return String(
            format: "%d\t%.4f\t%.4f\t0\t%d\t%.4f\t%.4f\t%.4f\t0\t%d\t%d\n", indexed ? row.phase : 0,
            Double(column) * geometry.stepX, Double(mapRow) * geometry.stepY, indexed ? 0 : 3, e.phi1, e.Phi, e.phi2, min(bc, 255),
            min(bs, 255))
    }

    /// Writes the header and `rows` (one per map position, in scan order; with a `share`, one per
    /// position of that shard, into its part file) under `output`'s temporary name and renames it
    /// into place when complete; nothing is left on failure.
    public func write(_ rows: [AngFile.Row], to output: OutputPath, share: OrientationMapPart.Share? = nil) throws {
        try OrientationMapText.write(
            header: header, format: "ctf", rows: rows.count, positions: geometry.patternCount, share: share, to: output
        ) { line(rows[$0], index: $1) }
    }
}
