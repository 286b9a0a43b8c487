import Foundation
import KikuchiCore
import KikuchiHDF5
import KikuchiIO

/// A principal component model of a scan: the mean pattern and the leading components, as
/// scikit-learn's PCA defines them (components are unit vectors; explained variance is the
/// squared singular value / (N - 1)). Saved to and read from an HDF5 file so a later run reuses it.
///
/// File layout: datasets `mean` (height x width, float32), `components` (K x height x width,
/// float32), `explained_variance` (K, float64); root attributes `pattern_width`, `pattern_height`,
/// `pattern_count` (the scan it was fitted to) and `kikuchi_pca_version` = 1.
public struct PCADecomposition: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// The number of patterns the model was fitted to.
    public let patternCount: Int
    public let mean: [Float]
    /// componentCount x (width x height), row-major; each row a unit vector.
    public let components: [Float]
    public let explainedVariance: [Double]

    public init(width: Int, height: Int, patternCount: Int, mean: [Float], components: [Float], explainedVariance: [Double]) {
        precondition(mean.count == width * height && components.count == explainedVariance.count * width * height)
        self.width = width
        self.height = height
        self.patternCount = patternCount
        self.mean = mean
        self.components = components
        self.explainedVariance = explainedVariance
    }

    public var componentCount: Int { explainedVariance.count }

    /// The model keeping only its first `count` components.
    public func leading(_ count: Int) -> PCADecomposition {
        let k = min(count, componentCount)
        return PCADecomposition(
            width: width, height: height, patternCount: patternCount, mean: mean,
            components: Array(components[0..<k * width * height]),
            explainedVariance: Array(explainedVariance[0..<k]))
    }

    /// scikit-learn's sign convention for components (`svd_flip` with `u_based_decision=False`):
    /// each row of `rows` (count x pixels) is negated where needed so that its entry of largest
    /// magnitude (the first of equals) is positive. A component's sign is otherwise arbitrary; this
    /// makes the exact and the randomized fits, and scikit-learn's, give the same rows.
    public static func flipSigns(_ rows: inout [Float], count: Int, pixels: Int) {
        for c in 0..<count {
            var largest: Float = 0, sign: Float = 1
            for j in 0..<pixels where abs(rows[c * pixels + j]) > largest {
                largest = abs(rows[c * pixels + j])
                sign = rows[c * pixels + j] < 0 ? -1 : 1
            }
            if sign < 0 { for j in 0..<pixels { rows[c * pixels + j] = -rows[c * pixels + j] } }
        }
    }

    /// Writes the model to `path`, replacing any file there.
    public func save(to path: String) throws {
        do {
            let file = try HDF5File(path, mode: .create)
            _ = try file.root.createDataset("mean", values: mean, shape: [height, width])
            _ = try file.root.createDataset("components", values: components, shape: [componentCount, height, width])
            _ = try file.root.createDataset("explained_variance", values: explainedVariance, shape: [componentCount])
            try file.root.writeNumericAttribute("pattern_width", [Int64(width)])
            try file.root.writeNumericAttribute("pattern_height", [Int64(height)])
            try file.root.writeNumericAttribute("pattern_count", [Int64(patternCount)])
            try file.root.writeNumericAttribute("kikuchi_pca_version", [Int64(1)])
            try file.close()
        } catch let error as HDF5Error {
            try? FileManager.default.removeItem(atPath: path)
            throw KikuchiError.processing(path, "cannot write the PCA model: \(error.description)")
        }
    }

    /// Reads a model written by `save(to:)`.
    public static func load(from path: String) throws -> PCADecomposition {
        do {
            let file = try HDF5File(path)
            let root = file.root
            guard try root.hasAttribute("kikuchi_pca_version"), try root.hasDataset("components") else {
                throw KikuchiError.badInput(path, "is not a PCA model written by kikuchi (no kikuchi_pca_version, components)")
            }
            let width = Int(try root.readNumericAttribute("pattern_width", as: Int64.self).first ?? 0)
            let height = Int(try root.readNumericAttribute("pattern_height", as: Int64.self).first ?? 0)
            let count = Int(try root.readNumericAttribute("pattern_count", as: Int64.self).first ?? 0)
            let mean = try root.dataset("mean").read(as: Float.self)
            let components = try root.dataset("components").read(as: Float.self)
            let variance = try root.dataset("explained_variance").read(as: Double.self)
            guard width > 0, height > 0, mean.count == width * height, components.count == variance.count * width * height else {
                throw KikuchiError.badInput(path, "PCA model datasets disagree with its pattern size \(width) x \(height)")
            }
            return PCADecomposition(
                width: width, height: height, patternCount: count, mean: mean,
                components: components, explainedVariance: variance)
        } catch let error as HDF5Error {
            throw KikuchiError.badInput(path, "cannot read the PCA model: \(error.description)")
        }
    }
}
