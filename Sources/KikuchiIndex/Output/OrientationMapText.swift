import Foundation
import KikuchiCore

/// The writing shared by the text orientation maps (`AngFile`, `CtfFile`): a header, then one
/// line per map position in scan order, written under the output's temporary name in blocks of
/// about a megabyte and renamed into place when complete; nothing is left on failure.
enum OrientationMapText {
    static func write(header: String, lines count: Int, positions: Int, to output: OutputPath, line: (Int) -> String) throws {
        let path = output.finalPath
        defer { output.discard() }
        guard count == positions else {
            throw KikuchiError.processing(path, "\(count) rows for a map of \(positions) positions")
        }
        guard FileManager.default.createFile(atPath: output.temporaryPath, contents: nil),
            let handle = FileHandle(forWritingAtPath: output.temporaryPath)
        else {
            throw KikuchiError.processing(path, "cannot create \(output.temporaryPath)")
        }
        do {
            try handle.write(contentsOf: Data(header.utf8))
            var text = ""
            for index in 0..<count {
                text += line(index)
                if text.utf8.count > 1 << 20 || index == count - 1 {
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
