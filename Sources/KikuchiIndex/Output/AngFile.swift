import Foundation
import KikuchiCore
import KikuchiIO
import KikuchiSim

/// An EDAX/TSL `.ang` orientation map, the text file OIM Analysis, MTEX, orix and kikuchipy read.
///
/// The header holds the pattern centre in EDAX's convention (x*, y*, z*), one phase (name,
/// TSL symmetry code, lattice constants in angstrom and degrees) and the grid: `SqrGrid` or
/// `HexGrid`, the steps, NCOLS_ODD (the columns of the first, third, ... rows) and NCOLS_EVEN, and
/// NROWS. Each map position is one line, in scan order:
///   phi1 PHI phi2 (Bunge, radians), x y (micrometres), IQ, CI, phase, detector signal, fit.
/// x is column x step on a square grid and shifted by half a step on the odd rows of a hex grid;
/// y is row x step. CI -1 marks a position that was not indexed (orix reads its phase as -1).
public struct AngFile {
    /// One map position.
    public struct Row: Equatable, Sendable {
        public var orientation: EulerAngles
        public var imageQuality: Float
        public var confidence: Float
        public var phase: Int
        public var detectorSignal: Float
        public var fit: Float

        public init(orientation: EulerAngles, imageQuality: Float, confidence: Float, phase: Int = 1, detectorSignal: Float, fit: Float) {
            self.orientation = orientation
            self.imageQuality = imageQuality
            self.confidence = confidence
            self.phase = phase
            self.detectorSignal = detectorSignal
            self.fit = fit
        }
    }

    /// The phase block of the header.
    public struct Phase: Equatable, Sendable {
        public var name: String
        public var formula: String
        public var tslSymmetry: Int
        /// a, b, c in angstrom; alpha, beta, gamma in degrees.
        public var lattice: (a: Double, b: Double, c: Double, alpha: Double, beta: Double, gamma: Double)
        /// The space group number (1-230), which `.ctf` headers carry; 0: not known.
        public var spaceGroup: Int

        public init(
            name: String, formula: String, tslSymmetry: Int, lattice: (Double, Double, Double, Double, Double, Double), spaceGroup: Int = 0
        ) {
            self.name = name
            self.formula = formula
            self.tslSymmetry = tslSymmetry
            self.lattice = lattice
            self.spaceGroup = spaceGroup
        }

        public static func == (l: Phase, r: Phase) -> Bool {
            l.name == r.name && l.formula == r.formula && l.tslSymmetry == r.tslSymmetry && l.lattice == r.lattice
                && l.spaceGroup == r.spaceGroup
        }
    }

    public var geometry: MapGeometry
    /// EDAX (x*, y*, z*).
    public var patternCentre: (x: Double, y: Double, z: Double)
    public var phase: Phase
    /// Free text for the header's OPERATOR line (the program and its settings).
    public var operatorLine: String

    public init(geometry: MapGeometry, patternCentre: (Double, Double, Double), phase: Phase, operatorLine: String = "kikuchi") {
        self.geometry = geometry
        self.patternCentre = patternCentre
        self.phase = phase
        self.operatorLine = operatorLine
    }

    /// The EDAX (x*, y*, z*) of a Bruker pattern centre on a `width` x `height` detector:
    /// x* = x_B, y* = 1 - y_B, z* = z_B height / min(width, height) (`PatternCentre`'s inverse).
    public static func edaxPatternCentre(_ pc: PatternCentre, width: Int, height: Int) -> (Double, Double, Double) {
        (pc.x, 1 - pc.y, pc.z * Double(height) / Double(min(width, height)))
    }

    /// The header, every line starting with '#'.
    public var header: String {
        let f = { (v: Double) in String(format: "%.6f", v) }
        let l = phase.lattice
        let lattice = [l.a, l.b, l.c, l.alpha, l.beta, l.gamma].map { String(format: "%.3f", $0) }.joined(separator: " ")
        let hex = geometry.grid == .hex
        let evenColumns = hex && !geometry.hexRowsFull ? geometry.columns - 1 : geometry.columns
        let lines = [
            "TEM_PIXperUM          1.000000",
            "x-star                \(f(patternCentre.x))",
            "y-star                \(f(patternCentre.y))",
            "z-star                \(f(patternCentre.z))",
            "WorkingDistance       0.000000",
            "",
            "Phase 1",
            "MaterialName  \t\(phase.name)",
            "Formula     \t\(phase.formula)",
            "Info \t\t",
            "Symmetry              \(phase.tslSymmetry)",
            "LatticeConstants      \(lattice)",
            "NumberFamilies        0",
            "Categories 0 0 0 0 0",
            "",
            "GRID: \(hex ? "HexGrid" : "SqrGrid")",
            "XSTEP: \(f(geometry.stepX))",
            "YSTEP: \(f(geometry.stepY))",
            "NCOLS_ODD: \(geometry.columns)",
            "NCOLS_EVEN: \(evenColumns)",
            "NROWS: \(geometry.rows)",
            "",
            "OPERATOR: \t\(operatorLine)",
            "",
            "SAMPLEID: \t",
            "",
            "SCANID: \t",
            ""
        ]
        return lines.map { "# " + $0 }.joined(separator: "\n") + "\n"
    }

    /// The x and y (micrometres) of pattern `index`.
    public func position(of index: Int) -> (x: Double, y: Double) {
        let (row, column) = geometry.position(of: index)
        let shift = geometry.grid == .hex && row % 2 == 1 ? geometry.stepX / 2 : 0
        return (Double(column) * geometry.stepX + shift, Double(row) * geometry.stepY)
    }

    /// The data line of pattern `index`.
    public func line(_ row: Row, index: Int) -> String {
        let r = Double.pi / 180
        let (x, y) = position(of: index)
        let e = row.orientation
        return String(
            format: "%9.5f %9.5f %9.5f %12.5f %12.5f %9.3f %7.4f %2d %9.3f %7.4f\n",
            e.phi1 * r, e.Phi * r, e.phi2 * r, x, y, Double(row.imageQuality), Double(row.confidence), row.phase,
            Double(row.detectorSignal), Double(row.fit))
    }

    /// Writes the header and `rows` (one per map position, in scan order; with a `share`, one per
    /// position of that shard, into its part file) under `output`'s temporary name and renames it
    /// into place when complete; nothing is left on failure.
    public func write(_ rows: [Row], to output: OutputPath, share: OrientationMapPart.Share? = nil) throws {
        try OrientationMapText.write(
            header: header, format: "ang", rows: rows.count, positions: geometry.patternCount, share: share, to: output
        ) { line(rows[$0], index: $1) }
    }
}
