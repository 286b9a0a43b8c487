import Foundation
import KikuchiCore

/// The writing shared by the text orientation maps (`AngFile`, `CtfFile`): a header, then one
/// line per map position in scan order, written under the output's temporary name in blocks of
/// about a megabyte and renamed into place when complete; nothing is left on failure. With a
/// `share`, only that shard's positions are written, after the part's own lines
/// (`OrientationMapPart`).
enum OrientationMapText {
    static func write(
        header: String, format: String, rows count: Int, positions: Int, share: OrientationMapPart.Share?, to output: OutputPath,
        line: (_ row: Int, _ position: Int) -> String
    ) throws {
        let path = output.finalPath
        defer { output.discard() }
        let expected = share?.range.count ?? positions
        guard count == expected, share.map({ $0.range.upperBound <= positions }) ?? true else {
            let part = share.map { "the shard's \($0.range.count) positions (\($0.range.lowerBound)..<\($0.range.upperBound)) of " } ?? ""
            throw KikuchiError.processing(path, "\(count) rows for \(part)a map of \(positions) positions")
        }
        guard FileManager.default.createFile(atPath: output.temporaryPath, contents: nil),
            let handle = FileHandle(forWritingAtPath: output.temporaryPath)
        else {
            throw KikuchiError.processing(path, "cannot create \(output.temporaryPath)")
        }
        do {
            let preamble = share.map { OrientationMapPart.preamble($0, positions: positions, format: format, header: header) } ?? ""
            try handle.write(contentsOf: Data((preamble + header).utf8))
            var text = ""
            let first = share?.range.lowerBound ?? 0
            for k in 0..<count {
                text += line(k, first + k)
                if text.utf8.count > 1 << 20 || k == count - 1 {
                    try handle.write(contentsOf: Data(text.utf8))
                    text = ""
                }
            }
            try handle.close()
        } catch {
            try? handle.close()
            throw KikuchiError.processing(path, "cannot write the orientation map: \(error.localizedDescription)")
        }
        try output.commit()
    }
}
