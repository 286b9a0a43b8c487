import KikuchiCore

/// How a narrowing conversion chooses the range it maps onto the smaller type.
public enum NarrowingRange: String, CaseIterable, Sendable {
    /// The scan's own minimum and maximum, found in a first streaming pass (the default: no
    /// grey levels wasted, and the map is recorded so a repack restores the original values).
    case scan
    /// The full range of the source type (uint16 0..65535, float32 0..1).
    case dtype
}

/// What a scan becomes when copied into another kind of file: the written description and the
/// pixel conversion on the way, including undoing the intensity map of an unpacked folder.
public struct TranscodePlan {
    /// The description the writer gets.
    public var output: ScanDescription
    /// Applied to every batch read.
    public var conversion: PixelConversion
    /// original = stored * scale + offset, for the `scan.json` of an image-folder output.
    public var recordedMapping: IntensityMapping?
    /// The pixel type of the values before narrowing (recorded in `scan.json`).
    public var originalPixelType: PixelType

    /// Plans the copy of `reader` to `outputPath`.
    ///
    /// - Parameters:
    ///   - depth: 8 or 16 to force the stored bits; nil for the output kind's natural type
    ///     (UP1: 8, UP2: 16, JPEG: 8, others: the source type, float32 to PNG: 16).
    ///   - imageFormat: the image kind when the output is a folder.
    ///   - valueRange: the source's (low, high), computed lazily only when a narrowing needs it.
    public init(
        reader: PatternReader, outputPath: String, outputFormat: ScanFormat? = nil, depth: Int?, imageFormat: ImageFileFormat,
        narrowing: NarrowingRange, valueRange: () throws -> (low: Double, high: Double)
    ) throws {
        var source = reader.scan
        // An unpacked folder goes back to its original values first.
        var restore = PixelConversion(target: source.pixelType)
        if let sidecar = (reader as? ImageFolderReader)?.sidecar {
            restore = .restoring(as: sidecar.originalPixelType, through: sidecar.intensity ?? .identity)
            source.pixelType = sidecar.originalPixelType
            source.format = sidecar.sourceFormat
            source.details = sidecar.sourceDetails
        }
        originalPixelType = source.pixelType
        let target = try TranscodePlan.targetType(
            source: source.pixelType, outputPath: outputPath, outputFormat: outputFormat,
            depth: depth, imageFormat: imageFormat)
        output = source.with(pixelType: target)
        // Facts about the source file's own bytes, not about what is written.
        output.details["trailingPatterns"] = nil
        output.details["partial"] = nil

        let narrowingNeeded =
            source.pixelType == .float32
            ? target != .float32
            : target.byteCount < source.pixelType.byteCount
        var store = PixelConversion(target: target)
        if narrowingNeeded {
            let (low, high): (Double, Double)
            switch narrowing {
            case .dtype: (low, high) = (0, source.pixelType.maximum)
            case .scan:
                let stored = try valueRange()
                (low, high) = (restore.gain * stored.low + restore.bias, restore.gain * stored.high + restore.bias)
            }
            let fits = source.pixelType.isInteger && low >= 0 && high <= target.maximum
            if !fits {
                let mapping = IntensityMapping.stretching(low: low, high: high, onto: target.maximum)
                store = .storing(as: target, through: mapping)
                recordedMapping = mapping
            }
        }
        // Compose: stored values -> original values -> output values.
        conversion = PixelConversion(
            target: target, gain: restore.gain * store.gain,
            bias: restore.bias * store.gain + store.bias)
    }

    /// The pixel type an output of this kind stores.
    public static func targetType(
        source: PixelType, outputPath: String, outputFormat: ScanFormat?, depth: Int?,
        imageFormat: ImageFileFormat
    ) throws -> PixelType {
        if let depth, depth != 8, depth != 16 {
            throw KikuchiError.badInput(outputPath, "--depth must be 8 or 16, not \(depth)")
        }
        let forced: PixelType? = depth.map { $0 == 8 ? .uint8 : .uint16 }
        let format = try outputFormat ?? ScanFormat.of(path: outputPath)
        switch format {
        case .edaxUP1, .edaxUP2:
            let natural: PixelType = format == .edaxUP1 ? .uint8 : .uint16
            if let forced, forced != natural {
                throw KikuchiError.badInput(
                    outputPath, "\(natural == .uint8 ? "UP1 holds 8-bit" : "UP2 holds 16-bit") patterns; --depth \(depth!) does not fit")
            }
            return natural
        case .imageFolder:
            if imageFormat == .jpeg {
                if forced == .uint16 { throw KikuchiError.badInput(outputPath, "JPEG holds 8-bit patterns; use --format png for 16 bits") }
                return .uint8
            }
            return forced ?? (source == .float32 ? .uint16 : source)
        case .h5ebsd, .npy, .nordif, .oxfordBinary:
            return forced ?? source
        }
    }
}
