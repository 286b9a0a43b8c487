import Foundation
import KikuchiIO

/// The facts `kikuchi info` shows about a scan, as text or JSON.
struct ScanSummary: Encodable {
    var file: String
    var format: String
    var headerVersion: String?
    var width: Int
    var height: Int
    var count: Int
    var dtype: String
    var columns: Int
    var rows: Int
    var grid: String
    var stepX: Double
    var stepY: Double
    var details: [String: String]

    init(path: String, scan: ScanDescription) {
        file = path
        format = scan.format?.displayName ?? "unknown"
        headerVersion = scan.details["headerVersion"]
        width = scan.width
        height = scan.height
        count = scan.count
        dtype = scan.pixelType.rawValue
        columns = scan.geometry.columns
        rows = scan.geometry.rows
        grid = scan.geometry.grid.rawValue
        stepX = scan.geometry.stepX
        stepY = scan.geometry.stepY
        // Raw header bytes are for repacking, not for reading.
        details = scan.details.filter { $0.key != "edaxHeader" && $0.key != "headerVersion" }
    }

    func text() -> String {
        var rows: [(String, String)] = [
            ("file", file),
            ("format", format + (headerVersion.map { " (header version \($0))" } ?? "")),
            ("patterns", "\(count) of \(width) x \(height) pixels, \(dtype)"),
            ("map", "\(columns) columns x \(rows) rows, \(grid) grid, step \(stepX) x \(stepY) um")
        ]
        rows += details.keys.sorted().map { ($0, details[$0]!) }
        let labelWidth = rows.map(\.0.count).max()! + 2
        return rows.map { ($0.0 + ":").padding(toLength: labelWidth, withPad: " ", startingAt: 0) + $0.1 }
            .joined(separator: "\n")
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
