import KikuchiCore

/// Checked sizes of what a scan header gives: its map and its patterns.
extension CheckedSize {
    /// The number of positions of `geometry`, from a header's columns and rows.
    public static func patternCount(of geometry: MapGeometry, in file: String, fileSize: Int? = nil) throws -> Int {
        _ = try product(
            [geometry.columns, geometry.rows], of: "map of \(geometry.columns) x \(geometry.rows) positions",
            in: file, fileSize: fileSize)
        return geometry.patternCount
    }

    /// The bytes `count` patterns of `width` x `height` pixels of `pixelType` take after `offset`:
    /// `offset + count x width x height x bytes per pixel`.
    public static func patternBytes(
        count: Int, width: Int, height: Int, pixelType: PixelType, offset: Int = 0,
        in file: String, fileSize: Int? = nil
    ) throws -> Int {
        let field = "\(count) patterns of \(width) x \(height) \(pixelType.rawValue)"
        let data = try product([count, width, height, pixelType.byteCount], of: field, in: file, fileSize: fileSize)
        return try sum([offset, data], of: field + " after byte \(offset)", in: file, fileSize: fileSize)
    }
}
