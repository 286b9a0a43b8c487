import ArgumentParser
import Foundation
import KikuchiCore
import KikuchiIO

/// Runs a command body and turns a kikuchi error into one line on standard error and the
/// documented exit status (2 for bad input or usage, 1 for a processing failure).
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as KikuchiError {
        FileHandle.standardError.write(Data("kikuchi: error: \(error.description)\n".utf8))
        throw ExitCode(error.exitStatus)
    }
}

/// A warning line on standard error.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("kikuchi: warning: \(message)\n".utf8))
}
