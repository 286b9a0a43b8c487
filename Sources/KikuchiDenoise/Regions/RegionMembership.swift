import KikuchiIO

/// For each pattern of a scan and each of a set of map offsets around it (taps, by the parity of
/// the pattern's row, as they differ on hex grids): one bit saying whether the pattern at that
/// offset lies in the pattern's own region.
struct RegionMembership {
    let tapsByParity: [[AveragingWindow.Tap]]
    let wordsPerPattern: Int
    private(set) var bits: [UInt64]

    init(tapsByParity: [[AveragingWindow.Tap]], count: Int) {
        self.tapsByParity = tapsByParity
        wordsPerPattern = max((tapsByParity.map(\.count).max() ?? 0) + 63, 64) / 64
        bits = [UInt64](repeating: 0, count: count * wordsPerPattern)
    }

    /// Marks, for pattern `index`, the taps whose pattern lies in `band` and has its label
    /// (`labels` indexed from `band.lowerBound`).
    mutating func mark(_ index: Int, band: Range<Int>, labels: [Int32], geometry: MapGeometry, count: Int) {
        let (row, column) = geometry.position(of: index)
        let label = labels[index - band.lowerBound]
        for (k, tap) in tapsByParity[row % 2].enumerated() {
            guard let neighbour = geometry.index(row: row + tap.rowOffset, column: column + tap.columnOffset, count: count),
                band.contains(neighbour), labels[neighbour - band.lowerBound] == label
            else { continue }
            bits[index * wordsPerPattern + k / 64] |= 1 << UInt64(k % 64)
        }
    }

    /// Whether tap `k` of pattern `index` shares its region.
    func contains(_ index: Int, tap k: Int) -> Bool {
        bits[index * wordsPerPattern + k / 64] & (1 << UInt64(k % 64)) != 0
    }
}
