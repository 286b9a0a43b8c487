import Foundation

/// The identity of a denoising run: what it reads and every setting that changes the numbers,
/// as one readable line. Parts merge, and a run resumes, only when these lines are equal, so
/// a changed input file (size or modification time) or setting is never mixed with old results.
public enum RunIdentity {
    /// `path` resolved, with its size and modification time.
    public static func file(_ path: String) -> String {
        let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let attributes = (try? FileManager.default.attributesOfItem(atPath: resolved)) ?? [:]
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(resolved) (\(size) bytes, modified \(String(format: "%.6f", modified)))"
    }

    /// The identity line of a run reading `input` with `settings` (name = value pairs).
    public static func make(input: String, settings: [(String, String)]) -> String {
        (["input=" + file(input)] + settings.map { "\($0.0)=\($0.1)" }).joined(separator: "; ")
    }
}
