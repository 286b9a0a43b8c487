import KikuchiCore
import KikuchiIO

/// How a run's computed patterns (float32, in the input's units) become OUT: the pixel type
/// written and the map onto it. The one place where a denoised scan is rounded.
public struct OutputEncoding: Codable, Equatable, Sendable {
    public var range: OutputRange
    /// The pixel type written; nil for OUT's natural type given the input's (UP1 8-bit, UP2
    /// 16-bit, JPEG 8-bit, PNG the input's integer type or 16-bit for float32, h5ebsd and .npy the
    /// input's type).
    public var pixelType: PixelType?

    public init(range: OutputRange = .scan, pixelType: PixelType? = nil) {
        self.range = range
        self.pixelType = pixelType
    }

    /// The pixel type written to `path` for an input of `inputType`.
    public func outputType(for inputType: PixelType, path: String, imageFormat: ImageFileFormat) throws -> PixelType {
        let format = try ScanFormat.of(path: path)
        switch pixelType {
        case .float32?:
            guard format == .h5ebsd || format == .npy else {
                throw KikuchiError.badInput(path, "float32 patterns are written to h5ebsd (.h5) or .npy; this kind of file holds 8- or 16-bit integers")
            }
            return .float32
        case .uint8?, .uint16?, nil:
            return try TranscodePlan.targetType(
                source: inputType, outputPath: path, outputFormat: format,
                depth: pixelType.map { $0 == .uint8 ? 8 : 16 }, imageFormat: imageFormat)
        }
    }

    /// Plans writing `computed` (a run's float32 patterns) as `scan` (OUT's description, its pixel
    /// type from `outputType`). The scan-wide map needs the computed values' extremes, found here
    /// in one streaming pass.
    public func plan(_ computed: PatternReader, as scan: ScanDescription) throws -> OutputPlan {
        let target = scan.pixelType
        switch range {
        case .scan where target.isInteger:
            let (low, high) = try ScanStatistics.valueRange(of: computed)
            let mapping = IntensityMapping.stretching(low: low, high: high, onto: target.maximum)
            return OutputPlan(scan: scan, range: range, mapping: mapping, extremes: (low, high))
        case .scan, .pattern, .dtype, .stretch:
            return OutputPlan(scan: scan, range: range, mapping: nil, extremes: nil)
        }
    }

    /// Writes `computed` (a run's float32 patterns of an input of `inputType`) to `path`: plans the
    /// encoding, records the scan-wide map (h5ebsd attributes, `scan.json`) and copies in small
    /// batches, so memory does not grow with the scan.
    @discardableResult
    public func write(
        _ computed: PatternReader, inputType: PixelType, to path: String, options: WriteOptions,
        progress: ((Int) -> Void)? = nil
    ) throws -> OutputPlan {
        let target = try outputType(for: inputType, path: path, imageFormat: options.imageFormat)
        let plan = try self.plan(computed, as: computed.scan.with(pixelType: target))
        var options = options
        options.intensity = plan.mapping
        options.originalPixelType = plan.mapping == nil ? nil : .float32
        let writer = try ScanIO.createWriter(path, scan: plan.scan, options: options)
        try ScanCopier(
            batchSize: max(1, (4 << 20) / max(computed.scan.bytesPerPattern, 1)), transform: plan.convert,
            progress: progress
        ).copy(from: computed, to: writer)
        return plan
    }
}

/// What `OutputEncoding.plan` chose for one output.
public struct OutputPlan {
    /// OUT's description.
    public let scan: ScanDescription
    public let range: OutputRange
    /// value = stored x scale + offset: the scan-wide map, recorded where the format has a place
    /// for it; nil where values are written as computed or stretched pattern by pattern.
    public let mapping: IntensityMapping?
    /// The computed values' smallest and largest, for the scan-wide map.
    public let extremes: (low: Double, high: Double)?

    /// `batch` (computed float32 patterns) in OUT's pixel type: rounded to nearest and clamped for
    /// integer types, a NaN stored as 0. The map is applied in double precision, so that a stored
    /// value is the nearest level to its computed value.
    public func convert(_ batch: PatternBatch) -> PatternBatch {
        let target = scan.pixelType
        if target == .float32 && range != .stretch && batch.pixelType == .float32 { return batch }
        if target.isInteger && range != .stretch {
            return Self.stored(batch, as: target, offset: mapping?.offset ?? 0, scale: mapping?.scale ?? 1)
        }
        var out = PatternBatch(width: batch.width, height: batch.height, pixelType: target, count: batch.count)
        for index in 0..<batch.count {
            let values = batch.floats(of: index)
            let (offset, scale): (Double, Double)
            if let mapping {
                (offset, scale) = (mapping.offset, mapping.scale)
            } else if range == .stretch {
                let (low, high) = DtypeRange.extremes(values)
                let span = Double(high) - Double(low)
                (offset, scale) = span > 0 && span.isFinite ? (Double(low), span / target.maximum) : (Double(low), .infinity)
            } else {
                (offset, scale) = (0, 1)
            }
            // Rounded here, in double precision, for integer types (whole numbers are exact in Float).
            let integer = target.isInteger
            out.setPattern(
                index,
                from: values.map {
                    let mapped = (Double($0) - offset) / scale
                    return Float(integer ? mapped.rounded() : mapped)
                })
        }
        return out
    }

    /// `batch` through value -> (value - offset) / scale, rounded to nearest (ties away from
    /// zero), clamped to `target`'s range, a NaN stored as 0: `convert` for integer outputs
    /// with one map for the scan, written straight into the output's pixels.
    static func stored(_ batch: PatternBatch, as target: PixelType, offset: Double, scale: Double) -> PatternBatch {
        var out = PatternBatch(width: batch.width, height: batch.height, pixelType: target, count: batch.count)
        let n = batch.pixelsPerPattern, top = target.maximum
        func store<Pixel: FixedWidthInteger>(_ type: Pixel.Type, _ raw: UnsafeMutableRawBufferPointer) {
            let pixels = raw.bindMemory(to: Pixel.self)
            for index in 0..<batch.count {
                batch.floats(of: index).withUnsafeBufferPointer { values in
                    for p in 0..<n {
                        pixels[index * n + p] = Pixel(truncatingIfNeeded: Self.level(of: (Double(values[p]) - offset) / scale, top: top))
                    }
                }
            }
        }
        out.bytes.withUnsafeMutableBytes { raw in
            if target == .uint8 { store(UInt8.self, raw) } else { store(UInt16.self, raw) }
        }
        return out
    }

    /// `mapped` rounded to the nearest whole number, ties away from zero, and clamped to 0...top
    /// (NaN: 0), without a libm call or a branch on the fraction: from 0.5 up, mapped + 0.5 is
    /// exact below 2^52, and truncating it rounds.
    @inline(__always)
    static func level(of mapped: Double, top: Double) -> Int {
        guard mapped >= 0.5 else { return 0 }  // also NaN
        guard mapped < top else { return Int(top) }
        return Int(truncatingIfNeeded: Int64(mapped + 0.5))
    }

    /// One line for the user: how the values were written and where the map is recorded.
    public func summary(recordedIn place: String?) -> String {
        let type = scan.pixelType.rawValue
        switch (range, mapping, extremes) {
        case let (_, mapping?, extremes?):
            let record = place.map { "recorded in \($0)" } ?? "this kind of file has no place to record it"
            return
                "output: one map for the whole scan, computed values \(Self.short(extremes.low))..\(Self.short(extremes.high)) onto 0..\(Int(scan.pixelType.maximum)) \(type) (value = stored x \(Self.short(mapping.scale)) + \(Self.short(mapping.offset)); \(record))"
        case (.stretch, _, _):
            return "output: each pattern's own min..max onto the full \(type) range (--output-range stretch)"
        case (_, _, _) where scan.pixelType == .float32:
            return "output: float32, the computed values as they are"
        default:
            return "output: the computed values in the input's units, rounded to \(type) (--output-range \(range.rawValue))"
        }
    }

    private static func short(_ value: Double) -> String {
        let text = "\(Float(value))"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}

extension OutputRange: Codable {}
