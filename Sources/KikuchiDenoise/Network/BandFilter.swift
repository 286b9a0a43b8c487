import KikuchiImage

/// A pattern's bands, b(x) = x - G_s(x) with G_s a Gaussian of sigma s = min(width, height) / 16:
/// what is left once the smooth background is taken off, the part of a pattern the guard, the
/// blend and the demo's real-pattern figures compare.
public struct BandFilter: Sendable {
    public let width: Int, height: Int
    private let blur: GaussianBlur

    public init(width: Int, height: Int) throws {
        (self.width, self.height) = (width, height)
        blur = try GaussianBlur(sigma: Double(min(width, height)) / 16)
    }

    /// b(x) of the width x height pattern `x`.
    public func apply(_ x: [Float]) throws -> [Float] {
        zip(x, blur.apply(try Image<Float>(width: width, height: height, pixels: x)).pixels).map { $0 - $1 }
    }
}
