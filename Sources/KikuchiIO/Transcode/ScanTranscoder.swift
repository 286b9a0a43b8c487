import KikuchiCore

/// What to do on the way from one scan file to another.
public struct TranscodeOptions {
    /// 8 or 16 stored bits; nil for the output kind's natural type.
    public var depth: Int?
    /// The kind of output; by default chosen from its path (`unpack` always writes a folder).
    public var outputFormat: ScanFormat?
    public var imageFormat: ImageFileFormat = .png
    public var jpegQuality: Int = 95
    public var narrowing: NarrowingRange = .scan
    public var overwrite = false
    /// Paths the output must not be.
    public var inputs: [String] = []
    /// A map geometry to write instead of the input's (it must hold the same number of patterns).
    public var geometry: MapGeometry?
    /// A scan whose header geometry and header facts are copied (`repack --like`).
    public var headerSource: ScanDescription?
    /// Pattern operations applied in the source pixel type before the depth conversion.
    public var patternSteps: PatternTransform?

    public init() {}
}

/// Copies a scan into another file kind: plans the pixel conversion, applies the geometry and
/// header choices, streams the patterns and renames the output into place when complete.
public enum ScanTranscoder {
    /// Writes `reader`'s scan to `outputPath` and returns the description written.
    ///
    /// - Parameter progress: called with (patterns done, total, phase) where phase is
    ///   "scanning" for the value-range pass a narrowing needs, "writing" after.
    @discardableResult
    public static func transcode(
        _ reader: PatternReader, to outputPath: String, options: TranscodeOptions,
        progress: ((Int, Int, String) -> Void)? = nil
    ) throws -> ScanDescription {
        let count = reader.scan.count
        let plan = try TranscodePlan(
            reader: reader, outputPath: outputPath, outputFormat: options.outputFormat,
            depth: options.depth, imageFormat: options.imageFormat,
            narrowing: options.narrowing,
            valueRange: { try ScanStatistics.valueRange(of: reader) { progress?($0, count, "scanning") } })
        var output = plan.output
        if let like = options.headerSource {
            output.geometry = like.geometry
            output.format = like.format
            output.details = like.details
        }
        if let geometry = options.geometry { output.geometry = geometry }
        if let steps = options.patternSteps {
            output.width = steps.width
            output.height = steps.height
        }
        guard output.geometry.patternCount == output.count else {
            throw KikuchiError.badInput(
                outputPath,
                "the map \(output.geometry.columns) x \(output.geometry.rows) \(output.geometry.grid.rawValue) holds \(output.geometry.patternCount) patterns but the input has \(output.count)"
            )
        }
        let writeOptions = WriteOptions(
            overwrite: options.overwrite, inputs: options.inputs,
            imageFormat: options.imageFormat, jpegQuality: options.jpegQuality,
            intensity: plan.recordedMapping, originalPixelType: plan.originalPixelType)
        let writer = try ScanIO.createWriter(outputPath, scan: output, options: writeOptions, format: options.outputFormat)
        let conversion = plan.conversion
        let steps = options.patternSteps?.apply
        let copier = ScanCopier(
            batchSize: reader.batchSize(forBytes: 16 << 20),
            transform: { batch in conversion.apply(to: try steps?(batch) ?? batch) },
            progress: { progress?($0, count, "writing") })
        try copier.copy(from: reader, to: writer)
        return output
    }
}
