import KikuchiIO

/// A map-neighbour method that can say which patterns its output for one pattern may depend on,
/// so that a judge of what follows it (`NetworkJudge`) leaves those out.
protocol MapNeighbourReading {
    func mayRead(_ mate: Int, forOutput index: Int, of scan: ScanDescription) -> Bool
}

extension NonLocalPatternAveraging: MapNeighbourReading {}

extension RegionAveraging: MapNeighbourReading {
    /// Whether `mate` lies in the averaging window of `index`.
    func mayRead(_ mate: Int, forOutput index: Int, of scan: ScanDescription) -> Bool {
        let (row, column) = scan.geometry.position(of: index)
        let (mateRow, mateColumn) = scan.geometry.position(of: mate)
        return window.taps(centreRow: row, in: scan.geometry).contains {
            $0.rowOffset == mateRow - row && $0.columnOffset == mateColumn - column
        }
    }
}
