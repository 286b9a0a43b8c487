import Foundation
import KikuchiTestSupport
import XCTest

/// Runs the built `kikuchi` executable and captures what it prints.
struct CommandRunner {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The executable beside the test bundle in the build folder.
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("kikuchi")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            folder.deleteLastPathComponent()
        }
        return TestPaths.packageRoot.appendingPathComponent(".build/debug/kikuchi")
    }

    /// Runs kikuchi with `arguments`, with `environment` added to this process's environment, in
    /// `directory` (default this process's).
    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }
}

extension CommandRunner.Result {
    /// Fails the test, showing standard error, unless the command exited with 0.
    func assertSucceeded(file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(status, 0, standardError, file: file, line: line)
    }
}

/// Checks that a command failed the documented way: exit status 1 or 2, exactly one line on
/// standard error naming `names` and each fragment, nothing at `output` (nor a temporary left
/// beside it), and every input byte for byte as before.
func assertFailsCleanly(
    _ arguments: [String], status expected: Int32? = nil, mentions fragments: [String],
    output: String?, inputs: [String], environment: [String: String] = [:],
    file: StaticString = #filePath, line: UInt = #line
) throws {
    let before = try inputs.map(Fingerprint.of)
    let result = try CommandRunner.run(arguments, environment: environment)
    XCTAssertTrue([1, 2].contains(result.status), "exit status \(result.status)", file: file, line: line)
    if let expected { XCTAssertEqual(result.status, expected, file: file, line: line) }
    let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: true)
    XCTAssertEqual(lines.count, 1, "one line expected, got: \(result.standardError)", file: file, line: line)
    XCTAssertTrue(result.standardError.hasPrefix("kikuchi: error: "), result.standardError, file: file, line: line)
    for fragment in fragments {
        XCTAssertTrue(result.standardError.contains(fragment), "'\(result.standardError)' lacks '\(fragment)'", file: file, line: line)
    }
    if let output {
        XCTAssertFalse(FileManager.default.fileExists(atPath: output), "\(output) exists", file: file, line: line)
        let folder = (output as NSString).deletingLastPathComponent
        let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? [])
            .filter { $0.hasSuffix(".partial") }
        XCTAssertEqual(leftovers, [], "temporary output left behind", file: file, line: line)
    }
    XCTAssertEqual(try inputs.map(Fingerprint.of), before, "an input changed", file: file, line: line)
}

/// The size and bytes of a file, or the listing and bytes of a folder, to prove nothing changed.
enum Fingerprint {
    static func of(_ path: String) throws -> [String: Data] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [:] }
        if !isDirectory.boolValue { return [path: try Data(contentsOf: URL(fileURLWithPath: path))] }
        var all: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            all.merge(try of((path as NSString).appendingPathComponent(name))) { a, _ in a }
        }
        return all
    }
}
