import CLibFuzzer
import Foundation

/// Runs libFuzzer over one target: each input's bytes go to `body`, which may succeed or throw
/// (a refusal is a correct answer to a bad input); a trap, a sanitizer report, a leak, an
/// allocation over libFuzzer's `-malloc_limit_mb` or a hang is what libFuzzer reports.
public enum FuzzDriver {
    nonisolated(unsafe) private static var body: (([UInt8]) throws -> Void)?

    /// - Parameter seeds: valid inputs the target can make itself (files kikuchi writes); they are
    ///   added to the first corpus folder named on the command line, when there is one.
    public static func run(
        seeds: () throws -> [String: [UInt8]] = { [:] },
        _ body: @escaping ([UInt8]) throws -> Void
    ) -> Never {
        if let corpus = CommandLine.arguments.dropFirst().first(where: { !$0.hasPrefix("-") }),
            let made = try? seeds()
        {
            for (name, bytes) in made {
                _ = FileManager.default.createFile(atPath: "\(corpus)/\(name)", contents: Data(bytes))
            }
        }
        FuzzDriver.body = body
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
            do { try FuzzDriver.body?(bytes) } catch {}
            return 0
        }
        exit(status)
    }
}
