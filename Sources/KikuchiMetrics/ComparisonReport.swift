import Foundation
import KikuchiCore
import KikuchiIO

/// The files of `kikuchi compare`, written into one folder: `metrics.csv` and `metrics.json`
/// (one row per method: the means and the time), `montage.png` (the same patterns side by side,
/// one row per method, the truth first) with one `montage_METHOD.png` strip per method, maps of
/// each per-pattern figure (`maps/FIGURE_METHOD.png`, one gray scale per figure across methods),
/// with indexing the orientation maps (`maps/ipf-z_METHOD.png`) and their colour key
/// (`maps/ipf-key.png`), and `report.html`, which shows them all and refers only to files beside it.
public struct ComparisonReport {
    public var scores: [MethodScores]
    /// The patterns shown in the montage.
    public var shownIndices: [Int]
    /// Per method (and `truth`), the shown patterns, in `shownIndices` order.
    public var shownPatterns: [String: [[Float]]]
    public var patternWidth: Int
    public var patternHeight: Int
    public var geometry: MapGeometry
    /// What was compared, for the page's heading.
    public var title: String
    /// The colour key of the orientation maps, and what it colours; nil: no orientation maps.
    public var orientationKey: (picture: ColourPicture, caption: String)?

    public init(
        scores: [MethodScores], shownIndices: [Int], shownPatterns: [String: [[Float]]],
        patternWidth: Int, patternHeight: Int, geometry: MapGeometry, title: String
    ) {
        self.scores = scores
        self.shownIndices = shownIndices
        self.shownPatterns = shownPatterns
        self.patternWidth = patternWidth
        self.patternHeight = patternHeight
        self.geometry = geometry
        self.title = title
    }

    /// Writes every file into `folder`, which exists.
    public func write(to folder: String) throws {
        let maps = (folder as NSString).appendingPathComponent("maps")
        try FileManager.default.createDirectory(atPath: maps, withIntermediateDirectories: true)
        try write(csv(), to: folder, "metrics.csv")
        try write(json(), to: folder, "metrics.json")
        try writeMontages(to: folder)
        try writeMaps(to: maps)
        try writeOrientationMaps(to: maps)
        try write(html(), to: folder, "report.html")
    }

    var rowNames: [String] {
        (shownPatterns["truth"] == nil ? [] : ["truth"]) + scores.map(\.name)
    }

    var figureKeys: [(key: String, label: String)] {
        var seen: [(String, String)] = []
        for score in scores {
            for figure in score.figures where !seen.contains(where: { $0.0 == figure.key }) { seen.append((figure.key, figure.label)) }
        }
        return seen.map { (key: $0.0, label: $0.1) }
    }

    func mean(_ score: MethodScores, _ key: String) -> Double? {
        score.figures.first { $0.key == key }.flatMap { MethodScores.summary(key, $0.values) }
    }

    func csv() -> String {
        let keys = figureKeys.map(\.key)
        var lines = [(["method"] + keys + ["seconds", "skipped"]).joined(separator: ",")]
        for score in scores {
            let cells = keys.map { mean(score, $0).map { String(format: "%.6g", $0) } ?? "" }
            let note = score.skipped.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" } ?? ""
            lines.append(([score.name] + cells + [String(format: "%.3f", score.seconds), note]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func json() throws -> String {
        let methods: [[String: Any]] = scores.map { score in
            var entry: [String: Any] = ["method": score.name, "seconds": score.seconds]
            if let reason = score.skipped { entry["skipped"] = reason }
            if !score.notes.isEmpty { entry["notes"] = score.notes }
            for (key, _) in figureKeys { if let value = mean(score, key) { entry[key] = value } }
            return entry
        }
        let object: [String: Any] = ["title": title, "patterns": scores.first?.imageQuality.count ?? 0, "methods": methods]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private func writeMontages(to folder: String) throws {
        let gap = 4
        let strips = rowNames.compactMap { name in shownPatterns[name].map { (name, strip($0, gap: gap)) } }
        guard let first = strips.first?.1 else { return }
        var montage = GrayPicture(width: first.width, height: strips.count * (first.height + gap) - gap)
        for (row, (name, picture)) in strips.enumerated() {
            try picture.writePNG(to: (folder as NSString).appendingPathComponent("montage_\(name).png"))
            montage.place(picture, x: 0, y: row * (first.height + gap))
        }
        try montage.writePNG(to: (folder as NSString).appendingPathComponent("montage.png"))
    }

    /// The shown patterns of one method side by side, each stretched to its own min..max.
    private func strip(_ patterns: [[Float]], gap: Int) -> GrayPicture {
        var picture = GrayPicture(width: patterns.count * (patternWidth + gap) - gap, height: patternHeight)
        for (column, pattern) in patterns.enumerated() {
            let tile = GrayPicture(values: pattern.map(Double.init), width: patternWidth, height: patternHeight)
            picture.place(tile, x: column * (patternWidth + gap), y: 0)
        }
        return picture
    }

    private var mapScale: Int { ColourPicture.mapScale(columns: geometry.columns) }

    private func writeMaps(to folder: String) throws {
        for (key, _) in figureKeys {
            let all = scores.flatMap { score in score.figures.first { $0.key == key }?.values ?? [] }.filter(\.isFinite)
            guard let low = all.min(), let high = all.max() else { continue }
            for score in scores {
                guard let values = score.figures.first(where: { $0.key == key })?.values else { continue }
                let picture = GrayPicture(
                    values: mapValues(values), width: geometry.columns, height: geometry.rows,
                    range: low...high, scale: mapScale)
                try picture.writePNG(to: (folder as NSString).appendingPathComponent("\(key)_\(score.name).png"))
            }
        }
    }

    /// The methods with orientation colours, each as a map, and the key beside them.
    var orientationMapped: [MethodScores] {
        orientationKey == nil ? [] : scores.filter { $0.orientationColours.count == 3 * $0.rawFit.count && !$0.rawFit.isEmpty }
    }

    private func writeOrientationMaps(to folder: String) throws {
        guard let key = orientationKey else { return }
        try key.picture.writePNG(to: (folder as NSString).appendingPathComponent("ipf-key.png"))
        for score in orientationMapped {
            let picture = ColourPicture(map: score.orientationColours, geometry: geometry, scale: mapScale)
            try picture.writePNG(to: (folder as NSString).appendingPathComponent("ipf-z_\(score.name).png"))
        }
    }

    /// Per-pattern values laid out on the map grid (hex rows one shorter end with a blank).
    private func mapValues(_ values: [Double]) -> [Double] {
        var grid = [Double](repeating: .nan, count: geometry.columns * geometry.rows)
        for (index, value) in values.enumerated() where index < geometry.patternCount {
            let position = geometry.position(of: index)
            grid[position.row * geometry.columns + position.column] = value
        }
        return grid
    }

    private func write(_ text: String, to folder: String, _ name: String) throws {
        let path = (folder as NSString).appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw KikuchiError.processing(path, "cannot write")
        }
    }
}
