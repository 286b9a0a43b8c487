import KikuchiIO

/// A judge of what a network made of a pattern that needs no truth: the mean m of the pattern's
/// region-mates within 2r map steps (r region averaging's radius) that the outputs judged did not
/// read (`NetworkJudge` says which).
///
/// m's noise is then independent of those outputs, while its signal is the pattern's own wherever
/// the region is one grain. For any estimate y of the clean pattern t, E<y, m> = <y, t>: m ranks
/// estimates as the truth would (`NetworkBlend`).
public struct RegionReferee: Sendable {
    let scan: ScanDescription
    let membership: RegionMembership
    /// The scan's mean pattern, the static background an indexer would remove.
    public let background: [Float]
    /// How many map steps the ring reaches from the pattern: 2r.
    public let reach: Int

    /// The judge's taps around a pattern on an even and on an odd row: those of a circular window
    /// twice as wide as `window` (radius 2r), less the pattern itself.
    static func taps(around window: AveragingWindow, in geometry: MapGeometry) throws -> [[AveragingWindow.Tap]] {
        let outer = try AveragingWindow(kernel: .circular, columns: 4 * window.columnReach + 1, rows: 4 * window.rowReach + 1)
        return [0, 1].map { parity in
            outer.taps(centreRow: parity, in: geometry).filter { $0.rowOffset != 0 || $0.columnOffset != 0 }
        }
    }

    /// The input patterns the judge of the outputs `outputs` reaches, `reach` map steps around them.
    public static func inputs(for outputs: ScanSelection, of scan: ScanDescription, reach: Int) -> ScanSelection {
        scan.geometry.neighbourInputs(
            of: outputs, rowsRead: { $0 - reach...$0 + reach }, columnReach: reach + 1, count: scan.count)
    }

    /// Sets `mean` to m for pattern `index` from `input` (the patterns `inputs`, in the scan's
    /// units), leaving out the mates `excluded` says the output judged may depend on; returns the
    /// number of region-mates averaged (0: no judge for this pattern, `mean` left zero).
    public func independentMean(
        of index: Int, in input: PatternBatch, holding inputs: ScanSelection, into mean: inout [Float],
        excluding excluded: (Int) -> Bool = { _ in false }
    ) -> Int {
        let geometry = scan.geometry
        let (row, column) = geometry.position(of: index)
        for p in mean.indices { mean[p] = 0 }
        var members = 0
        for (k, tap) in membership.tapsByParity[row % 2].enumerated() where membership.contains(index, tap: k) {
            guard let mate = geometry.index(row: row + tap.rowOffset, column: column + tap.columnOffset, count: scan.count),
                let slot = inputs.slot(of: mate), !excluded(mate)
            else { continue }
            let values = input.floats(of: slot)
            for p in mean.indices { mean[p] += values[p] }
            members += 1
        }
        if members > 0 {
            let scale = 1 / Float(members)
            for p in mean.indices { mean[p] *= scale }
        }
        return members
    }
}
