import Foundation

/// A file opened with POSIX calls for positioned reads and writes of large scans
/// (`pread` / `pwrite` at 64-bit offsets, no buffering of our own).
public final class RawFile {
    public let path: String
    private let descriptor: Int32

    /// Opens `path` for reading.
    public init(reading path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw KikuchiError.badInput(path, "cannot open: \(String(cString: strerror(errno)))")
        }
    }

    /// Creates (or truncates) `path` for writing.
    public init(creating path: String) throws {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw KikuchiError.processing(path, "cannot create: \(String(cString: strerror(errno)))")
        }
    }

    /// Opens an existing `path` for reading and writing, keeping its contents (to continue it).
    public init(updating path: String) throws {
        self.path = path
        descriptor = open(path, O_RDWR)
        guard descriptor >= 0 else {
            throw KikuchiError.processing(path, "cannot open for writing: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(descriptor) }

    /// The file's size in bytes.
    public var size: Int {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Reads exactly `count` bytes at `offset` into `buffer`.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < buffer.count {
            let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = n == 0 ? "unexpected end of file at byte \(offset + done)" : String(cString: strerror(errno))
                throw KikuchiError.badInput(path, "cannot read: \(reason)")
            }
            done += n
        }
    }

    /// Reads `count` bytes at `offset`.
    public func read(count: Int, at offset: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { try read(into: $0, at: offset) }
        return bytes
    }

    /// The whole file.
    public func readAll() throws -> [UInt8] {
        try read(count: size, at: 0)
    }

    /// The whole file at `path`, or nil when it does not exist or cannot be read (Foundation's
    /// `FileManager.contents(atPath:)` leaks its buffer for an empty file).
    public static func contents(of path: String) -> [UInt8]? {
        try? RawFile(reading: path).readAll()
    }

    /// Writes all of `bytes` at `offset`.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                throw KikuchiError.processing(path, "cannot write: \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }

    /// Writes `bytes` at `offset`.
    public func write(_ bytes: [UInt8], at offset: Int) throws {
        try bytes.withUnsafeBytes { try write($0, at: offset) }
    }

    /// Flushes to disk so that a completed file survives a crash before it is renamed.
    public func synchronize() throws {
        guard fsync(descriptor) == 0 else {
            throw KikuchiError.processing(path, "cannot flush to disk: \(String(cString: strerror(errno)))")
        }
    }
}
