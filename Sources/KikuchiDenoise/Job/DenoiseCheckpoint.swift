import Foundation
import KikuchiCore
import KikuchiIO

/// The record, beside a part file, of which of its patterns are written: `PART.progress`, a small
/// JSON file replaced atomically (written aside, then renamed), so that a run killed at any moment
/// leaves either the previous record or the new one, and every range it lists is on disk.
public struct DenoiseCheckpoint {
    /// The checkpoint file.
    public let path: String
    /// The run the record belongs to (the part's identity).
    public let identity: String
    /// The patterns written so far.
    public private(set) var done = WrittenRanges()

    private struct Record: Codable {
        var identity: String
        var done: [[Int]]
    }

    /// A checkpoint for the part at `partPath`, starting with nothing done.
    public init(partPath: String, identity: String) {
        path = partPath + ".progress"
        self.identity = identity
    }

    /// The record left by an earlier run of the same identity; nothing done when there is none
    /// or it belongs to another run.
    public static func load(partPath: String, identity: String) -> DenoiseCheckpoint {
        var checkpoint = DenoiseCheckpoint(partPath: partPath, identity: identity)
        if let data = RawFile.contents(of: checkpoint.path).map({ Data($0) }),
            let record = try? JSONDecoder().decode(Record.self, from: data), record.identity == identity
        {
            for pair in record.done where pair.count == 2 && pair[0] <= pair[1] {
                checkpoint.done.insert(pair[0]..<pair[1])
            }
        }
        return checkpoint
    }

    /// Records `range` as written (call `save` to make it durable).
    public mutating func insert(_ range: Range<Int>) { done.insert(range) }

    /// The number of patterns recorded.
    public var doneCount: Int { done.ranges.reduce(0) { $0 + $1.count } }

    /// The parts of `range` not yet written.
    public func missing(in range: Range<Int>) -> [Range<Int>] {
        var gaps: [Range<Int>] = []
        var next = range.lowerBound
        for written in done.ranges where written.upperBound > next && written.lowerBound < range.upperBound {
            if written.lowerBound > next { gaps.append(next..<written.lowerBound) }
            next = max(next, written.upperBound)
        }
        if next < range.upperBound { gaps.append(next..<range.upperBound) }
        return gaps
    }

    /// Writes the record: aside first, then renamed over the old one.
    public func save() throws {
        let record = Record(identity: identity, done: done.ranges.map { [$0.lowerBound, $0.upperBound] })
        let aside = path + ".new"
        do {
            try JSONEncoder().encode(record).write(to: URL(fileURLWithPath: aside))
        } catch {
            throw KikuchiError.processing(path, "cannot record progress: \(error.localizedDescription)")
        }
        guard rename(aside, path) == 0 else {
            throw KikuchiError.processing(path, "cannot record progress: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the record once the part is complete.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: path + ".new")
    }
}
