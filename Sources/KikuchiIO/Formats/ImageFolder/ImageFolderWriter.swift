import Foundation
import KikuchiCore

/// Writes a scan as a folder of pattern images, `<index>.png` or `<index>.jpg` (no zero padding),
/// plus `scan.json`.
///
/// PNG keeps `uint8` patterns as 8-bit and `uint16` as 16-bit gray, losslessly; JPEG takes `uint8`
/// only. `float32` patterns must be converted to a depth first (the caller chooses 8 or 16 bits and
/// records the map in `WriteOptions.intensity`). The folder is built under OutputPath's temporary
/// name `.NAME.partial` and renamed into place by `finish()`, once every pattern is written.
public final class ImageFolderWriter: PatternWriter {
    public let scan: ScanDescription
    /// What `finish()` writes as `scan.json`.
    public let sidecar: ScanSidecar
    private let output: OutputPath
    private let format: ImageFileFormat
    private let quality: Int
    /// PNG compression; public so that a caller can trade speed for size.
    public var pngSettings = PNGCodec.Settings()
    /// One flag per pattern: written yet?
    private var written: [Bool]
    private var finished = false

    /// Claims `path` (see `OutputPath`) and creates its temporary folder.
    ///
    /// - Throws: `badInput` for a pixel type the image format cannot hold or a JPEG quality
    ///   outside 1 to 100; OutputPath's errors; `processing` when the folder cannot be created.
    public init(path: String, scan: ScanDescription, options: WriteOptions) throws {
        switch (options.imageFormat, scan.pixelType) {
        case (_, .float32):
            throw KikuchiError.badInput(
                path, "float32 patterns cannot be stored as \(options.imageFormat.rawValue.uppercased()) images; choose a depth (--depth 8 or --depth 16)")
        case (.jpeg, .uint16):
            throw KikuchiError.badInput(path, "JPEG images are 8-bit and these patterns are uint16; choose --depth 8 or write PNG")
        default:
            break
        }
        guard JPEGCodec.qualityRange.contains(options.jpegQuality) else {
            throw KikuchiError.badInput(path, "JPEG quality \(options.jpegQuality) is outside 1 to 100")
        }
        output = try OutputPath(path, overwrite: options.overwrite, inputs: options.inputs)
        do {
            try FileManager.default.createDirectory(atPath: output.temporaryPath, withIntermediateDirectories: false)
        } catch {
            throw KikuchiError.processing(path, "cannot create the folder \(output.temporaryPath): \(error.localizedDescription)")
        }
        self.scan = scan
        format = options.imageFormat
        quality = options.jpegQuality
        written = [Bool](repeating: false, count: scan.count)
        var sidecar = ScanSidecar(
            scan: scan, storedPixelType: scan.pixelType, intensity: options.intensity,
            imageExtension: options.imageFormat.fileExtension)
        sidecar.originalPixelType = options.originalPixelType ?? scan.pixelType
        self.sidecar = sidecar
    }

    deinit {
        if !finished { output.discard() }
    }

    /// Encodes and writes `batch` as patterns `start ..< start + batch.count`, several at once.
    ///
    /// - Throws: `processing` for a batch that does not fit the scan, or the lowest-numbered
    ///   pattern that could not be encoded or written (a full disk).
    public func write(_ batch: PatternBatch, at start: Int) throws {
        guard batch.width == scan.width, batch.height == scan.height, batch.pixelType == scan.pixelType else {
            throw KikuchiError.processing(
                output.finalPath,
                "a batch of \(batch.width) x \(batch.height) \(batch.pixelType.rawValue) patterns does not fit the scan's \(scan.width) x \(scan.height) \(scan.pixelType.rawValue)"
            )
        }
        guard start >= 0, start + batch.count <= scan.count else {
            throw KikuchiError.processing(output.finalPath, "patterns \(start) ..< \(start + batch.count) are outside 0 ..< \(scan.count)")
        }
        var failures = [KikuchiError?](repeating: nil, count: batch.count)
        let bytesPerPattern = batch.bytesPerPattern
        batch.bytes.withUnsafeBytes { pixels in
            failures.withUnsafeMutableBufferPointer { failureSlots in
                let failures = failureSlots
                let writeOne = { (offset: Int) in
                    let pattern = UnsafeRawBufferPointer(rebasing: pixels[offset * bytesPerPattern..<(offset + 1) * bytesPerPattern])
                    do {
                        try self.writePattern(pattern, index: start + offset)
                    } catch let error as KikuchiError {
                        failures[offset] = error
                    } catch {
                        failures[offset] = .processing(self.path(of: start + offset), "\(error)")
                    }
                }
                if batch.count == 1 {
                    writeOne(0)
                } else {
                    DispatchQueue.concurrentPerform(iterations: batch.count, execute: writeOne)
                }
            }
        }
        for offset in 0..<batch.count where failures[offset] == nil {
            written[start + offset] = true
        }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
    }

    /// Checks that every pattern was written, writes `scan.json` and renames the folder into place.
    ///
    /// - Throws: `processing` naming the first pattern never written; errors of writing the
    ///   sidecar or of the rename.
    public func finish() throws {
        guard !finished else { return }
        if let missing = written.firstIndex(of: false) {
            throw KikuchiError.processing(output.finalPath, "pattern \(missing) was never written (\(scan.count) expected)")
        }
        try sidecar.save(toFolder: output.temporaryPath)
        try output.commit()
        finished = true
    }

    /// Removes the temporary folder and everything written into it.
    public func abort() {
        if !finished { output.discard() }
    }

    /// The temporary path of pattern `index`'s image.
    private func path(of index: Int) -> String {
        (output.temporaryPath as NSString).appendingPathComponent("\(index).\(format.fileExtension)")
    }

    private func writePattern(_ pattern: UnsafeRawBufferPointer, index: Int) throws {
        let path = self.path(of: index)
        let encoded: [UInt8]
        switch format {
        case .png:
            encoded = try PNGCodec.encode(
                pattern, width: scan.width, height: scan.height, pixelType: scan.pixelType,
                settings: pngSettings, file: path)
        case .jpeg:
            encoded = try JPEGCodec.encode(pattern, width: scan.width, height: scan.height, quality: quality, file: path)
        }
        try ImageFolderWriter.store(encoded, at: path)
    }

    /// Writes `bytes` as the file `path` with plain POSIX calls (no per-file flush: the folder is
    /// only renamed into place once complete).
    private static func store(_ bytes: [UInt8], at path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw KikuchiError.processing(path, "cannot create: \(String(cString: strerror(errno)))")
        }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Foundation.write(descriptor, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    failure = n < 0 ? errno : ENOSPC
                    return
                }
                done += n
            }
        }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        guard failure == 0 else {
            throw KikuchiError.processing(path, "cannot write: \(String(cString: strerror(failure)))")
        }
    }
}
