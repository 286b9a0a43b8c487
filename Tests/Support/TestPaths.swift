import Foundation

/// Where tests find committed fixtures, third-party sample data and scratch space.
public enum TestPaths {
    /// The package root, found from this file's location (Tests/Support/TestPaths.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures/<relative>`.
    public static func fixture(_ relative: String) -> URL {
        packageRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relative)
    }

    /// The third-party sample data folder: `$KIKUCHI_SAMPLE_DATA`, else `../shared/data` beside the
    /// checkout. Nil when neither exists; tests then skip and say why.
    public static var sampleData: URL? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["KIKUCHI_SAMPLE_DATA"], fm.fileExists(atPath: env) {
            return URL(fileURLWithPath: env)
        }
        let beside = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
        return fm.fileExists(atPath: beside.path) ? beside : nil
    }

    /// The message a test skips with when the sample data is absent.
    public static let sampleDataMissing =
        "third-party sample data not found: set KIKUCHI_SAMPLE_DATA or place shared/data beside the checkout"

    /// Writes `bytes` as the file `name` in `folder`; returns its path.
    @discardableResult
    public static func write(_ bytes: [UInt8], named name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// A new empty temporary folder, removed by the caller (or left for the OS to clean).
    public static func scratchFolder(_ label: String = "kikuchi-test") throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("\(label)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
