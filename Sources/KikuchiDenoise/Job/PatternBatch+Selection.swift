import KikuchiIO

extension PatternBatch {
    /// The patterns `subset` of this batch, which holds the patterns `selection` in its slots
    /// (`subset` must lie within `selection`). Each run of `subset` lies within one run of
    /// `selection`, whose runs do not touch, so it is one slice.
    func patterns(_ subset: ScanSelection, of selection: ScanSelection) -> PatternBatch {
        if subset == selection { return self }
        var gathered = PatternBatch(width: width, height: height, pixelType: pixelType, count: 0)
        for run in subset.runs {
            let slot = selection.slot(of: run.lowerBound)!
            gathered.append(slice(slot..<slot + run.count))
        }
        return gathered
    }
}
