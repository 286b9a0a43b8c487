/// How to open a scan for reading.
public struct ReadOptions: Sendable {
    /// Read the complete patterns of a truncated file instead of refusing it.
    public var allowPartial: Bool
    /// The h5ebsd scan group to read (e.g. `Scan 2`); the first one when nil.
    public var scanGroup: String?

    public init(allowPartial: Bool = false, scanGroup: String? = nil) {
        self.allowPartial = allowPartial
        self.scanGroup = scanGroup
    }
}

/// The image file kind of an image folder.
public enum ImageFileFormat: String, Sendable, CaseIterable {
    case png
    case jpeg

    public var fileExtension: String { self == .png ? "png" : "jpg" }
}

/// How to create a scan for writing.
public struct WriteOptions: Sendable {
    /// Replace an existing output.
    public var overwrite: Bool
    /// Paths the output must not be (the inputs).
    public var inputs: [String]
    /// For image folders: PNG (8 or 16 bit, lossless) or JPEG (8 bit).
    public var imageFormat: ImageFileFormat
    /// JPEG quality, 1 to 100.
    public var jpegQuality: Int
    /// For image folders: the intensity map recorded in `scan.json`, and the original pixel type.
    public var intensity: IntensityMapping?
    public var originalPixelType: PixelType?

    public init(
        overwrite: Bool = false, inputs: [String] = [], imageFormat: ImageFileFormat = .png,
        jpegQuality: Int = 95, intensity: IntensityMapping? = nil, originalPixelType: PixelType? = nil
    ) {
        self.overwrite = overwrite
        self.inputs = inputs
        self.imageFormat = imageFormat
        self.jpegQuality = jpegQuality
        self.intensity = intensity
        self.originalPixelType = originalPixelType
    }
}
