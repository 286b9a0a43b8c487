import Foundation
import KikuchiCore

/// The writing shared by the text orientation maps (`AngFile`, `CtfFile`) and their merged shards
/// (`OrientationMapPart`): text written under the output's temporary name in blocks of about a
/// megabyte and renamed into place when complete; nothing is left on failure.
enum OrientationMapText {
    /// Writes what `produce` hands to `emit`, in order.
    static func write(to output: OutputPath, _ produce: (_ emit: (String) throws -> Void) throws -> Void) throws {
        let path = output.finalPath
        defer { output.discard() }
        guard FileManager.default.createFile(atPath: output.temporaryPath, contents: nil),
            let handle = FileHandle(forWritingAtPath: output.temporaryPath)
        else {
            throw KikuchiError.processing(path, "cannot create \(output.temporaryPath)")
        }
        do {
            var text = ""
            try produce { piece in
                text += piece
                if text.utf8.count > 1 << 20 {
                    try handle.write(contentsOf: Data(text.utf8))
                    text = ""
                }
            }
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        } catch {
            try? handle.close()
            throw KikuchiError.processing(path, "cannot write the orientation map: \(error.localizedDescription)")
        }
        try output.commit()
    }

    /// A header, then one line per map position in scan order; with a `share`, only that shard's
    /// positions, after the part's own lines (`OrientationMapPart`).
    static func write(
        header: String, format: String, rows count: Int, positions: Int, share: OrientationMapPart.Share?, to output: OutputPath,
        line: (_ row: Int, _ position: Int) -> String
    ) throws {
        let expected = share?.range.count ?? positions
        guard count == expected, share.map({ $0.range.upperBound <= positions }) ?? true else {
            output.discard()
            let part = share.map { "the shard's \($0.range.count) positions (\($0.range.lowerBound)..<\($0.range.upperBound)) of " } ?? ""
            throw KikuchiError.processing(output.finalPath, "\(count) rows for \(part)a map of \(positions) positions")
        }
        try write(to: output) { emit in
            try emit((share.map { OrientationMapPart.preamble($0, positions: positions, format: format, header: header) } ?? "") + header)
            let first = share?.range.lowerBound ?? 0
            for k in 0..<count { try emit(line(k, first + k)) }
        }
    }
}
