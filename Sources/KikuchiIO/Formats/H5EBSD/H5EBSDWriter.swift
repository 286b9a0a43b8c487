import KikuchiCore
import KikuchiHDF5

/// Writes a scan as a kikuchipy h5ebsd file that kikuchipy (`kp.load`) and PyEBSDIndex read.
///
/// Layout (as kikuchipy's `KikuchipyH5EBSDWriter` writes it, one-element arrays for header
/// values and NUL-padded fixed-length strings):
/// - `/manufacturer` = "kikuchipy", `/version` = `formatVersion`
/// - `/Scan 1/EBSD/Data/patterns`: (N, H, W) in the scan's pixel type, one pattern per chunk
/// - `/Scan 1/EBSD/Header`: `n_columns`, `n_rows`, `step_x`, `step_y`, `pattern_width`,
///   `pattern_height`, `grid_type` ("square" / "hexagonal"), `static_background` (the pattern
///   given to `setStaticBackground`, or -1 when unknown, as kikuchipy writes), and the tilt and
///   pattern-centre facts of `scan.details` that are single numbers
/// - `/Scan 1/SEM/Header`: present, as kikuchipy's reader requires it.
/// - With `WriteOptions.intensity`, the patterns dataset's attributes `intensity_scale` and
///   `intensity_offset` (float64): value = stored x scale + offset, the map a denoised scan was
///   stored through (kikuchi's own; other readers ignore them).
///
/// The file is written under `OutputPath`'s temporary name; `finish()` checks every pattern was
/// written, closes and renames it; `abort()` (or releasing the writer unfinished) removes it.
public final class H5EBSDWriter: PatternWriter {
    public let scan: ScanDescription
    /// The kikuchipy version written to `/version`: the release whose h5ebsd layout this
    /// follows. PyEBSDIndex compares it as text with "0.3.dev0", so "0.1x" versions would make
    /// it skip the header; header names have not changed since.
    public static let formatVersion = "0.8.0"
    /// The scan group written.
    public static let scanGroup = "Scan 1"

    private let output: OutputPath
    private var file: HDF5File?
    private var header: HDF5Group?
    private var patterns: HDF5Dataset?
    private var writtenBits: [UInt64]
    private var writtenCount = 0
    private var background: PatternBatch?
    private var done = false

    public init(path: String, scan: ScanDescription, options: WriteOptions) throws {
        guard scan.width > 0, scan.height > 0, scan.count > 0 else {
            throw KikuchiError.badInput(path, "cannot write an h5ebsd file of \(scan.count) patterns of \(scan.width) x \(scan.height)")
        }
        self.scan = scan
        output = try OutputPath(path, overwrite: options.overwrite, inputs: options.inputs)
        writtenBits = [UInt64](repeating: 0, count: (scan.count + 63) / 64)
        do {
            let file = try HDF5File(output.temporaryPath, mode: .create)
            self.file = file
            try file.root.createStringDataset("manufacturer", values: ["kikuchipy"])
            try file.root.createStringDataset("version", values: [Self.formatVersion])
            patterns = try file.root.createDataset(
                "\(Self.scanGroup)/EBSD/Data/patterns", type: H5EBSDReader.nativeType(scan.pixelType),
                shape: [scan.count, scan.height, scan.width],
                chunkShape: [1, scan.height, scan.width])
            if let mapping = options.intensity {
                try patterns?.writeNumericAttribute("intensity_scale", [mapping.scale])
                try patterns?.writeNumericAttribute("intensity_offset", [mapping.offset])
            }
            let header = try file.root.createGroup("\(Self.scanGroup)/EBSD/Header")
            self.header = header
            try writeHeader(header)
            _ = try file.root.createGroup("\(Self.scanGroup)/SEM/Header")
        } catch let error as HDF5Error {
            release()
            output.discard()
            throw KikuchiError.writing(error, as: output.finalPath)
        }
    }

    deinit {
        if !done { abort() }
    }

    public func write(_ batch: PatternBatch, at start: Int) throws {
        guard batch.width == scan.width, batch.height == scan.height, batch.pixelType == scan.pixelType else {
            throw KikuchiError.processing(
                output.finalPath,
                "cannot write \(batch.width) x \(batch.height) \(batch.pixelType.rawValue) patterns into a scan of \(scan.width) x \(scan.height) \(scan.pixelType.rawValue)"
            )
        }
        guard start >= 0, start + batch.count <= scan.count else {
            throw KikuchiError.processing(output.finalPath, "patterns \(start)..<\(start + batch.count) are outside the scan's 0..<\(scan.count)")
        }
        guard let patterns, !done else {
            throw KikuchiError.processing(output.finalPath, "the h5ebsd file is already finished or aborted")
        }
        do {
            try batch.bytes.withUnsafeBytes { try patterns.writeRows(at: start, count: batch.count, from: $0, as: H5EBSDReader.nativeType(scan.pixelType)) }
        } catch let error as HDF5Error {
            throw KikuchiError.writing(error, as: output.finalPath)
        }
        for index in start..<start + batch.count {
            let bit = UInt64(1) << UInt64(index % 64)
            if writtenBits[index / 64] & bit == 0 {
                writtenBits[index / 64] |= bit
                writtenCount += 1
            }
        }
    }

    /// Records the static background (one pattern of the scan's size, any pixel type), written
    /// to `Header/static_background` by `finish()`.
    public func setStaticBackground(_ pattern: PatternBatch) throws {
        guard pattern.count == 1, pattern.width == scan.width, pattern.height == scan.height else {
            throw KikuchiError.processing(
                output.finalPath,
                "a static background must be one \(scan.width) x \(scan.height) pattern, not \(pattern.count) of \(pattern.width) x \(pattern.height)")
        }
        background = pattern
    }

    public func finish() throws {
        guard !done, let header else {
            throw KikuchiError.processing(output.finalPath, "the h5ebsd file is already finished or aborted")
        }
        guard writtenCount == scan.count else {
            let missing: Int = (0..<scan.count).first(where: { writtenBits[$0 / 64] & (UInt64(1) << UInt64($0 % 64)) == 0 }) ?? 0
            throw KikuchiError.processing(
                output.finalPath, "\(scan.count - writtenCount) of \(scan.count) patterns were never written (the first is pattern \(missing))")
        }
        do {
            if let background {
                try background.bytes.withUnsafeBytes { raw in
                    let dataset = try header.createDataset(
                        "static_background", type: H5EBSDReader.nativeType(background.pixelType),
                        shape: [scan.height, scan.width])
                    try dataset.writeRows(at: 0, count: scan.height, from: raw, as: H5EBSDReader.nativeType(background.pixelType))
                }
            } else {
                try header.createDataset("static_background", values: [Int64(-1)])
            }
            patterns = nil
            self.header = nil
            try file?.close()
            file = nil
        } catch let error as HDF5Error {
            throw KikuchiError.writing(error, as: output.finalPath)
        }
        try output.commit()
        done = true
    }

    public func abort() {
        release()
        output.discard()
        done = true
    }

    // MARK: - Helpers

    /// Closes every HDF5 object so that the file is closed.
    private func release() {
        patterns = nil
        header = nil
        file = nil
    }

    private func writeHeader(_ header: HDF5Group) throws {
        let geometry = scan.geometry
        try header.createDataset("n_columns", values: [Int64(geometry.columns)])
        try header.createDataset("n_rows", values: [Int64(geometry.rows)])
        try header.createDataset("pattern_width", values: [Int64(scan.width)])
        try header.createDataset("pattern_height", values: [Int64(scan.height)])
        try header.createDataset("step_x", values: [geometry.stepX])
        try header.createDataset("step_y", values: [geometry.stepY])
        try header.createStringDataset("grid_type", values: [geometry.grid == .hex ? "hexagonal" : "square"])
        var facts = [("sampleTilt", "sample_tilt"), ("cameraTilt", "elevation_angle"), ("cameraAzimuth", "azimuth_angle")]
        // kikuchipy stores the pattern centre in its own (Bruker) convention.
        if scan.details["pcConvention"] == "bruker" {
            facts += [("pcx", "pcx"), ("pcy", "pcy"), ("pcz", "pcz")]
        }
        for (detail, key) in facts {
            if let text = scan.details[detail], let value = Double(text) {
                try header.createDataset(key, values: [value])
            }
        }
    }
}
