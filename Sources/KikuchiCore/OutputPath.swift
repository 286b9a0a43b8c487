import Foundation

/// Where an output goes: written under a temporary name beside the final one, and renamed
/// into place only when complete, so that an interrupted run never leaves a file that looks
/// finished and an input is never touched.
public final class OutputPath {
    /// The name the user asked for.
    public let finalPath: String
    /// Where the data is written until `commit()`: `.NAME.partial` in the same folder, so the
    /// rename stays on one file system.
    public let temporaryPath: String
    private var committed = false

    /// Checks the destination and claims its temporary name.
    ///
    /// - Throws: `badInput` when OUT is one of the inputs, or exists without `overwrite`;
    ///   `processing` when its folder does not exist or cannot be written.
    public init(_ path: String, overwrite: Bool, inputs: [String] = []) throws {
        let standardized = (path as NSString).standardizingPath
        finalPath = standardized
        let folder = OutputPath.folder(of: standardized)
        temporaryPath = OutputPath.hiddenSibling(of: standardized, suffix: ".partial")

        let resolvedOut = OutputPath.resolved(standardized)
        for input in inputs where OutputPath.resolved(input) == resolvedOut {
            throw KikuchiError.badInput(path, "the output is the input; choose another output name (the input is never modified)")
        }
        let fm = FileManager.default
        if fm.fileExists(atPath: standardized) && !overwrite {
            throw KikuchiError.badInput(path, "already exists; pass --overwrite to replace it")
        }
        let parent = folder.isEmpty ? "." : folder
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw KikuchiError.processing(path, "the output folder \(parent) does not exist")
        }
        try? fm.removeItem(atPath: temporaryPath)
        // Try it: permission bits do not tell for root, read-only mounts or special file systems.
        let probe = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard probe >= 0 else {
            throw KikuchiError.processing(path, "cannot write in the output folder \(parent): \(String(cString: strerror(errno)))")
        }
        close(probe)
        unlink(temporaryPath)
    }

    /// Moves the temporary file or folder to the final name, replacing what was there.
    public func commit() throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: finalPath, isDirectory: &isDirectory), isDirectory.boolValue {
            // rename(2) cannot replace a non-empty directory.
            try? fm.removeItem(atPath: finalPath)
        }
        guard rename(temporaryPath, finalPath) == 0 else {
            let reason = String(cString: strerror(errno))
            throw KikuchiError.processing(finalPath, "cannot move the finished output into place: \(reason)")
        }
        committed = true
    }

    /// Removes the temporary file or folder.
    public func discard() {
        if !committed { try? FileManager.default.removeItem(atPath: temporaryPath) }
    }

    /// The folder part of `path` ("" for a bare name). Foundation's `deletingLastPathComponent`
    /// traps on a bare one-character name such as `r`, so bare names never reach it.
    public static func folder(of path: String) -> String {
        path.contains("/") ? (path as NSString).deletingLastPathComponent : ""
    }

    /// `.NAME` + `suffix` in the folder of `path` (already standardised): hidden from listings, and
    /// on the same file system so that a rename into place is atomic.
    public static func hiddenSibling(of path: String, suffix: String) -> String {
        let folder = folder(of: path)
        let name = (path as NSString).lastPathComponent
        return (folder.isEmpty ? "" : folder + "/") + "." + name + suffix
    }

    /// `path` with symbolic links and `..` resolved, for comparing an output with the inputs.
    static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if FileManager.default.fileExists(atPath: url.path) {
            return url.resolvingSymlinksInPath().path
        }
        let parent = url.deletingLastPathComponent().resolvingSymlinksInPath()
        return parent.appendingPathComponent(url.lastPathComponent).path
    }
}
