/// Some patterns of a scan: ascending, disjoint runs of scan indices, and the place ("slot") of
/// each pattern when they are laid out one after another, as in a batch read for them.
///
/// A unit of work of a map-neighbour method is a tile of the map, a few columns of a few rows,
/// and what it reads is that tile widened by the method's reach: neither is one run of the scan
/// once the map is wider than the tile. Runs that touch are joined, so whole map rows stay one run.
public struct ScanSelection: Equatable, Sendable, Sequence, CustomStringConvertible {
    /// The runs, ascending, disjoint and not touching; none empty.
    public let runs: [Range<Int>]
    /// The slot of each run's first pattern.
    private let starts: [Int]
    /// The number of patterns.
    public let count: Int

    /// The patterns of `runs`, in any order, overlapping or not.
    public init(runs: [Range<Int>]) {
        var joined: [Range<Int>] = []
        for run in runs.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = joined.last, run.lowerBound <= last.upperBound {
                joined[joined.count - 1] = last.lowerBound..<Swift.max(last.upperBound, run.upperBound)
            } else {
                joined.append(run)
            }
        }
        self.runs = joined
        var starts: [Int] = []
        var total = 0
        for run in joined {
            starts.append(total)
            total += run.count
        }
        self.starts = starts
        count = total
    }

    /// The patterns `range`.
    public init(_ range: Range<Int>) { self.init(runs: [range]) }

    public var isEmpty: Bool { count == 0 }

    /// The slot of pattern `index`, or nil when it is not selected.
    public func slot(of index: Int) -> Int? {
        // The last run starting at or before `index`.
        var low = 0, high = runs.count
        while low < high {
            let middle = (low + high) / 2
            if runs[middle].lowerBound <= index { low = middle + 1 } else { high = middle }
        }
        guard low > 0, runs[low - 1].contains(index) else { return nil }
        return starts[low - 1] + index - runs[low - 1].lowerBound
    }

    public func contains(_ index: Int) -> Bool { slot(of: index) != nil }

    /// The patterns of both.
    public func union(_ other: ScanSelection) -> ScanSelection { ScanSelection(runs: runs + other.runs) }

    /// The selected patterns that lie in `ranges` (ascending and disjoint).
    public func intersection(_ ranges: [Range<Int>]) -> ScanSelection {
        var kept: [Range<Int>] = []
        for run in runs {
            for range in ranges where range.lowerBound < run.upperBound && range.upperBound > run.lowerBound {
                kept.append(Swift.max(run.lowerBound, range.lowerBound)..<Swift.min(run.upperBound, range.upperBound))
            }
        }
        return ScanSelection(runs: kept)
    }

    /// Whether every selected pattern is also in `other`.
    public func isSubset(of other: ScanSelection) -> Bool {
        runs.allSatisfy { run in other.runs.contains { $0.lowerBound <= run.lowerBound && $0.upperBound >= run.upperBound } }
    }

    public func makeIterator() -> FlattenSequence<[Range<Int>]>.Iterator { runs.joined().makeIterator() }

    public var description: String {
        runs.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)..<\($0.upperBound)" }.joined(separator: ", ")
    }
}
