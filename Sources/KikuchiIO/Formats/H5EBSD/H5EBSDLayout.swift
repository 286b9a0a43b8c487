/// The h5ebsd dialects kikuchi reads, each with the names its writer uses.
///
/// Facts from the writers' files and from kikuchipy's readers (io/plugins/*_h5ebsd,
/// emsoft_ebsd): where the patterns are and what the header calls the map size.
public enum H5EBSDLayout: String, CaseIterable, Sendable {
    /// kikuchipy: `Scan N/EBSD/Data/patterns`, header `n_columns`, `n_rows`, `step_x`, ...
    case kikuchipy
    /// EDAX OIM: `Scan N/EBSD/Data/Pattern`, header `nColumns`, `nRows`, `Step X`, `Grid Type`.
    case edax
    /// Bruker Esprit: `<scan>/EBSD/Data/RawPatterns`, header `NCOLS`, `NROWS`, `XSTEP`, ...;
    /// a region of interest is stored in acquisition order with its map positions in
    /// `<scan>/EBSD/SEM/IX` and `IY`.
    case bruker
    /// Oxford Instruments H5OINA: `1/EBSD/Data/Processed Patterns` (or `Unprocessed Patterns`),
    /// header `X Cells`, `Y Cells`, `X Step`, `Y Step`.
    case oxford
    /// EMsoft EMEBSD simulations: `EMData/EBSD/EBSDPatterns`, sizes in
    /// `NMLparameters/EBSDNameList/numsx` and `numsy`; no map.
    case emsoft

    /// The names of the patterns dataset inside `<scan>/EBSD/Data`, in order of preference.
    var patternDatasetNames: [String] {
        switch self {
        case .kikuchipy: return ["patterns"]
        case .edax: return ["Pattern"]
        case .bruker: return ["RawPatterns"]
        case .oxford: return ["Processed Patterns", "Unprocessed Patterns"]
        case .emsoft: return []
        }
    }

    /// Header dataset names: map columns, map rows, x step, y step, pattern width, pattern height.
    var headerKeys: (columns: String, rows: String, stepX: String, stepY: String, width: String, height: String) {
        switch self {
        case .kikuchipy: return ("n_columns", "n_rows", "step_x", "step_y", "pattern_width", "pattern_height")
        case .edax: return ("nColumns", "nRows", "Step X", "Step Y", "Pattern Width", "Pattern Height")
        case .bruker: return ("NCOLS", "NROWS", "XSTEP", "YSTEP", "PatternWidth", "PatternHeight")
        case .oxford: return ("X Cells", "Y Cells", "X Step", "Y Step", "Pattern Width", "Pattern Height")
        case .emsoft: return ("", "", "", "", "numsx", "numsy")
        }
    }

    /// The header dataset holding the static background, when the dialect has one.
    var staticBackgroundKey: String? {
        switch self {
        case .kikuchipy: return "static_background"
        case .bruker: return "StaticBackground"
        case .oxford: return "Processed Static Background"
        case .edax, .emsoft: return nil
        }
    }

    /// The EMsoft patterns dataset and its name list.
    static let emsoftPatterns = "EMData/EBSD/EBSDPatterns"
    static let emsoftNameList = "NMLparameters/EBSDNameList"
}
