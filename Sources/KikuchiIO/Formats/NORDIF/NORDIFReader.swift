import Foundation
import KikuchiCore

/// Reads NORDIF `Pattern.dat` files: raw uint8 patterns one after another, their size and map
/// given by the `Setting.txt` beside the file (section `[Acquisition settings]`, `Resolution WxH`;
/// section `[Area]`, `Number of samples CxR` and `Step size` in micrometres).
public final class NORDIFReader: PatternReader {
    public let scan: ScanDescription
    private let file: RawFile

    public init(path: String, options: ReadOptions = ReadOptions()) throws {
        let settingsPath = (OutputPath.folder(of: path) as NSString).appendingPathComponent("Setting.txt")
        guard let data = RawFile.contents(of: settingsPath).map({ Data($0) }),
            let text = String(data: data, encoding: .isoLatin1)
        else {
            throw KikuchiError.badInput(path, "NORDIF patterns need the Setting.txt beside them, and \(settingsPath) cannot be read")
        }
        let settings = NORDIFReader.sections(of: text)
        guard let resolution = settings["Acquisition settings"]?["Resolution"].flatMap(NORDIFReader.pair),
            let samples = settings["Area"]?["Number of samples"].flatMap(NORDIFReader.pair)
        else {
            throw KikuchiError.badInput(settingsPath, "no acquisition Resolution or area Number of samples in NORDIF settings")
        }
        let step = settings["Area"]?["Step size"].flatMap { Double($0) } ?? 1
        file = try RawFile(reading: path)
        let patternBytes = try CheckedSize.product([resolution.0, resolution.1], of: "Resolution", in: settingsPath)
        let expected = try CheckedSize.product([samples.0, samples.1], of: "Number of samples", in: settingsPath)
        let needed = try CheckedSize.patternBytes(
            count: expected, width: resolution.0, height: resolution.1,
            pixelType: .uint8, in: settingsPath, fileSize: file.size)
        let complete = file.size / patternBytes
        var count = expected
        var details = ["settings": settingsPath]
        if complete < expected {
            guard options.allowPartial else {
                throw KikuchiError.badInput(
                    path,
                    "truncated: Setting.txt describes \(expected) patterns of \(resolution.0) x \(resolution.1) (\(needed) bytes) but the file has \(file.size) bytes, \(complete) complete patterns; --allow-partial reads those"
                )
            }
            count = complete
            details["partial"] = "\(complete) of \(expected) patterns"
        }
        let geometry =
            count == expected
            ? MapGeometry(columns: samples.0, rows: samples.1, stepX: step, stepY: step) : .line(of: count)
        scan = ScanDescription(
            width: resolution.0, height: resolution.1, count: count, pixelType: .uint8,
            geometry: geometry, format: .nordif, details: details)
    }

    public func read(_ range: Range<Int>) throws -> PatternBatch {
        try file.readPatterns(range, of: scan, dataOffset: 0)
    }

    /// `[Section]` -> key -> value, from tab-separated `key<TAB>value<TAB>unit` lines.
    static func sections(of text: String) -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        var section = ""
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let key = fields.first, !key.isEmpty else { continue }
            if key.hasPrefix("[") && key.hasSuffix("]") {
                section = String(key.dropFirst().dropLast())
            } else if fields.count > 1 {
                result[section, default: [:]][key] = fields[1]
            }
        }
        return result
    }

    /// "60x60" -> (60, 60).
    static func pair(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "x").compactMap { Int($0) }
        return parts.count == 2 && parts[0] > 0 && parts[1] > 0 ? (parts[0], parts[1]) : nil
    }
}
