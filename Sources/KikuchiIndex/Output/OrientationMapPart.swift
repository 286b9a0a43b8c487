import Foundation
import KikuchiCore

/// One shard's share of a text orientation map (`kikuchi index --shard K/N`, a `.mappart` file),
/// and the joining of every share into the map (`kikuchi merge`), byte for byte what one run
/// writes. A part is
///   `kikuchi-map-part K N START END POSITIONS FORMAT HEADERLINES`
///   `identity IDENTITY` (the input scan, its size and the run's settings)
/// then the whole map's header (HEADERLINES lines, as the map itself begins) and the data lines of
/// positions START..<END.
public struct OrientationMapPart {
    public static let fileExtension = "mappart"

    /// Which shard a part is: K of N, the positions it holds, the run it belongs to.
    public struct Share: Equatable, Sendable {
        public var index: Int
        public var count: Int
        public var range: Range<Int>
        public var identity: String

        public init(index: Int, count: Int, range: Range<Int>, identity: String) {
            self.index = index
            self.count = count
            self.range = range
            self.identity = identity.replacingOccurrences(of: "\n", with: " ")
        }
    }

    public let path: String
    public let share: Share
    public let positions: Int
    /// `ang` or `ctf`: the kind of map the parts join into.
    public let format: String
    public let header: String
    public let body: Substring

    /// The part's own two lines.
    static func preamble(_ share: Share, positions: Int, format: String, header: String) -> String {
        let lines = header.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        return "kikuchi-map-part \(share.index) \(share.count) \(share.range.lowerBound) \(share.range.upperBound) \(positions) \(format) \(lines)\n"
            + "identity \(share.identity)\n"
    }

    /// Reads the part at `path`; anything else is refused by name.
    public init(opening path: String) throws {
        guard let bytes = RawFile.contents(of: path) else { throw KikuchiError.badInput(path, "cannot be read") }
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        let fields = lines.first?.split(separator: " ").map(String.init) ?? []
        guard fields.count == 8, fields[0] == "kikuchi-map-part", let k = Int(fields[1]), let n = Int(fields[2]),
            let start = Int(fields[3]), let end = Int(fields[4]), let positions = Int(fields[5]), let headerLines = Int(fields[7]),
            ["ang", "ctf"].contains(fields[6]), (1...max(n, 1)).contains(k), 0 <= start, start <= end, end <= positions,
            headerLines >= 0, lines.count == 3, lines[1].hasPrefix("identity ")
        else {
            throw KikuchiError.badInput(path, "is not a part of 'kikuchi index --shard K/N'")
        }
        let rest = lines.removeLast()
        var headerEnd = rest.startIndex
        for _ in 0..<headerLines {
            guard let newline = rest[headerEnd...].firstIndex(of: "\n") else {
                throw KikuchiError.badInput(path, "is cut short inside its header")
            }
            headerEnd = rest.index(after: newline)
        }
        let body = rest[headerEnd...]
        let rows = body.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        guard rows == end - start, body.isEmpty || body.last == "\n" else {
            throw KikuchiError.badInput(path, "holds \(rows) of its \(end - start) rows: it is incomplete")
        }
        self.path = path
        share = Share(index: k, count: n, range: start..<end, identity: String(lines[1].dropFirst("identity ".count)))
        self.positions = positions
        format = fields[6]
        header = String(rest[..<headerEnd])
        self.body = body
    }

    /// Joins `parts` (every shard 1..N of one run, once, in any order) into the map at `output`,
    /// which must have the parts' kind of map as its extension.
    public static func merge(_ parts: [OrientationMapPart], to output: OutputPath) throws {
        defer { output.discard() }
        guard let first = parts.first else { throw KikuchiError.badInput(output.finalPath, "no parts to merge") }
        let ordered = parts.sorted { $0.share.index < $1.share.index }
        for part in ordered
        where part.share.identity != first.share.identity || part.share.count != first.share.count
            || part.header != first.header || part.positions != first.positions
        {
            throw KikuchiError.badInput(part.path, "belongs to another run than \(first.path)")
        }
        for (k, part) in ordered.enumerated() where part.share.index != k + 1 {
            let repeated = ordered.filter { $0.share.index == part.share.index }.count > 1
            throw KikuchiError.badInput(
                part.path, repeated ? "is shard \(part.share.index) again" : "follows a missing shard \(k + 1) of \(first.share.count)")
        }
        guard ordered.count == first.share.count else {
            throw KikuchiError.badInput(ordered.last!.path, "is shard \(ordered.count) of \(first.share.count): the later shards are missing")
        }
        var next = 0
        for part in ordered {
            guard part.share.range.lowerBound == next else { throw KikuchiError.badInput(part.path, "does not continue the shard before it") }
            next = part.share.range.upperBound
        }
        guard next == first.positions else { throw KikuchiError.badInput(ordered.last!.path, "does not end the map") }
        guard (output.finalPath as NSString).pathExtension.lowercased() == first.format else {
            throw KikuchiError.badInput(output.finalPath, "the parts join into a .\(first.format); name the output so")
        }
        try OrientationMapText.write(to: output) { emit in
            try emit(first.header)
            for part in ordered { try emit(String(part.body)) }
        }
    }
}
