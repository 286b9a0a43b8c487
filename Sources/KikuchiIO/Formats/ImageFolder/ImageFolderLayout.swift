import Foundation
import KikuchiCore

/// The pattern images of a folder: `0.png`, `1.png`, ... (also `.jpg`, `.jpeg`, `.tif`, `.tiff`, any
/// case), ordered by the integer in the name, never by text order.
///
/// Names that are not `<digits>.<image extension>` are ignored (so is `scan.json`). Zero-padded
/// names (`0007.png`) are read as their integer. The indices must run from 0 without a gap, and one
/// index may have only one file. Found with one `readdir` pass and no `stat`, so that a folder of a
/// million patterns lists in a moment; kept as two bytes per pattern (the extension's spelling and
/// the digit count) from which each name is rebuilt.
public struct ImageFolderLayout: Sendable {
    /// The folder.
    public let folder: String
    /// The number of patterns: the indices are `0 ..< count`.
    public let count: Int
    /// Each extension as spelled in the folder (`png`, `PNG`, `jpeg`, ...).
    private let spellings: [String]
    /// Per index: the position of its extension in `spellings`.
    private let spellingOfIndex: [UInt8]
    /// Per index: the digits of its name, when more than the integer needs (zero padding); else 0.
    private let paddingOfIndex: [UInt8]

    /// Numbers longer than this are not pattern indices (and would overflow).
    private static let maximumDigits = 18

    /// Lists `folder`.
    ///
    /// - Throws: `badInput(folder, ...)` when it cannot be read, holds no image, has a gap or does
    ///   not start at 0 (naming the missing index), or has two files for one index.
    public init(folder: String) throws {
        self.folder = folder
        guard let directory = opendir(folder) else {
            throw KikuchiError.badInput(folder, "cannot open the folder: \(String(cString: strerror(errno)))")
        }
        defer { closedir(directory) }

        var spellings: [String] = []
        var found: [(index: Int, spelling: UInt8, padding: UInt8)] = []
        while let entry = readdir(directory) {
            let parsed: (index: Int, digits: Int, ext: String)? = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                ImageFolderLayout.parse(name: raw)
            }
            guard let parsed, ImageFileKind(fileExtension: parsed.ext) != nil else { continue }
            let spelling: Int
            if let known = spellings.firstIndex(of: parsed.ext) {
                spelling = known
            } else {
                spelling = spellings.count
                spellings.append(parsed.ext)
            }
            let natural = String(parsed.index).utf8.count
            found.append((parsed.index, UInt8(spelling), parsed.digits == natural ? 0 : UInt8(parsed.digits)))
        }
        guard !found.isEmpty else {
            throw KikuchiError.badInput(folder, "no pattern images found (expected 0.png, 1.png, ... or .jpg, .jpeg, .tif, .tiff)")
        }

        // Every index below the number of files must be present; an index at or above it means a gap.
        let count = found.count
        let absent = UInt8.max
        var spellingOfIndex = [UInt8](repeating: absent, count: count)
        var paddingOfIndex = [UInt8](repeating: 0, count: count)
        var lowest = Int.max, highest = 0
        for file in found {
            lowest = min(lowest, file.index)
            highest = max(highest, file.index)
            guard file.index < count else { continue }
            if spellingOfIndex[file.index] != absent {
                let first = ImageFolderLayout.name(file.index, spellings[Int(spellingOfIndex[file.index])], paddingOfIndex[file.index])
                let second = ImageFolderLayout.name(file.index, spellings[Int(file.spelling)], file.padding)
                throw KikuchiError.badInput(folder, "pattern \(file.index) has two images, \(first) and \(second)")
            }
            spellingOfIndex[file.index] = file.spelling
            paddingOfIndex[file.index] = file.padding
        }
        if let missing = spellingOfIndex.firstIndex(of: absent) {
            if missing == 0 {
                throw KikuchiError.badInput(folder, "pattern 0 is missing (found \(lowest) to \(highest); indices must start at 0)")
            }
            throw KikuchiError.badInput(folder, "pattern \(missing) is missing (found 0 to \(highest) with a gap)")
        }
        self.count = count
        self.spellings = spellings
        self.spellingOfIndex = spellingOfIndex
        self.paddingOfIndex = paddingOfIndex
    }

    /// The file name of pattern `index`, e.g. `17.png`.
    public func fileName(of index: Int) -> String {
        ImageFolderLayout.name(index, spellings[Int(spellingOfIndex[index])], paddingOfIndex[index])
    }

    /// The path of pattern `index`'s file.
    public func path(of index: Int) -> String {
        (folder as NSString).appendingPathComponent(fileName(of: index))
    }

    /// The kind of pattern `index`'s file.
    public func kind(of index: Int) -> ImageFileKind {
        ImageFileKind(fileExtension: spellings[Int(spellingOfIndex[index])])!
    }

    /// The kinds of file present, in the order first met.
    public var kinds: [ImageFileKind] {
        var kinds: [ImageFileKind] = []
        for spelling in spellings {
            let kind = ImageFileKind(fileExtension: spelling)!
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds
    }

    private static func name(_ index: Int, _ spelling: String, _ padding: UInt8) -> String {
        let digits = String(index)
        let zeros = String(repeating: "0", count: max(Int(padding) - digits.utf8.count, 0))
        return zeros + digits + "." + spelling
    }

    /// `<digits>.<extension>` from a NUL-terminated directory entry name; nil for anything else.
    private static func parse(name raw: UnsafeRawBufferPointer) -> (index: Int, digits: Int, ext: String)? {
        var index = 0, digits = 0, position = 0
        while position < raw.count, raw[position] >= 0x30, raw[position] <= 0x39 {
            index = index * 10 + Int(raw[position] - 0x30)
            digits += 1
            position += 1
            if digits > maximumDigits { return nil }
        }
        guard digits > 0, position < raw.count, raw[position] == 0x2E else { return nil }
        let start = position + 1
        var end = start
        while end < raw.count, raw[end] != 0 {
            if raw[end] == 0x2E { return nil }
            end += 1
        }
        guard end > start, end - start <= 4 else { return nil }
        return (index, digits, String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<end]), as: UTF8.self))
    }
}
