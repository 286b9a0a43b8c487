import KikuchiIO

/// The weighted sum of the patterns at a `AveragingWindow`'s positions around one pattern, for the
/// averaging workers (neighbour pattern averaging, region averaging).
struct WindowSum {
    let scan: ScanDescription
    /// The window's taps around a pattern on an even row and on an odd row (they differ on hex grids).
    let tapsByParity: [[AveragingWindow.Tap]]

    init(window: AveragingWindow, scan: ScanDescription) {
        self.init(tapsByParity: [window.taps(centreRow: 0, in: scan.geometry), window.taps(centreRow: 1, in: scan.geometry)], scan: scan)
    }

    init(tapsByParity: [[AveragingWindow.Tap]], scan: ScanDescription) {
        self.scan = scan
        self.tapsByParity = tapsByParity
    }

    /// Sets `sum` to the sum over the taps around pattern `index` of `weight(k, tap)` times the
    /// pattern there (k is the tap's place in the row parity's list; a weight of 0 leaves it out),
    /// for the positions on the map and among `inputs` (the patterns `selection`, in its slots);
    /// returns the total weight added.
    func accumulate(
        around index: Int, inputs: [[Float]], holding selection: ScanSelection, into sum: inout [Float],
        weight: (Int, AveragingWindow.Tap) -> Float
    ) -> Float {
        let geometry = scan.geometry
        let (row, column) = geometry.position(of: index)
        let pixels = sum.count
        var total: Float = 0
        sum.withUnsafeMutableBufferPointer { sum in
            for p in 0..<pixels { sum[p] = 0 }
            for (k, tap) in tapsByParity[row % 2].enumerated() {
                let w = weight(k, tap)
                guard w != 0,
                    let neighbour = geometry.index(row: row + tap.rowOffset, column: column + tap.columnOffset, count: scan.count),
                    let slot = selection.slot(of: neighbour)
                else { continue }
                total += w
                inputs[slot].withUnsafeBufferPointer { values in
                    for p in 0..<pixels { sum[p] += w * values[p] }
                }
            }
        }
        return total
    }
}
