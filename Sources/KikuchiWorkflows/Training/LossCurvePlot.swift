import Foundation
import KikuchiIO
import KikuchiNN

/// The loss curve of a training run as an 8-bit gray PNG, drawn without a plotting library:
/// epochs along x (first to last), the loss on a log₁₀ scale along y (from the smallest to the
/// largest value, with a margin), a frame with one tick per epoch (at most 50) and one per power
/// of ten; the training loss is a black line with square markers, the validation loss a gray
/// dashed line with square markers. The numbers themselves are in the history CSV.
public enum LossCurvePlot {
    public static let width = 640
    public static let height = 400
    private static let margin = 40

    public static func png(_ history: [EpochRecord], file: String) throws -> [UInt8] {
        var canvas = [UInt8](repeating: 255, count: width * height)
        func plot(_ x: Int, _ y: Int, _ shade: UInt8) {
            guard x >= 0, x < width, y >= 0, y < height else { return }
            canvas[y * width + x] = shade
        }
        func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ shade: UInt8, dashed: Bool = false) {
            // Bresenham's line, two pixels thick.
            var (x, y) = (x0, y0)
            let dx = abs(x1 - x0), dy = -abs(y1 - y0)
            let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
            var error = dx + dy, step = 0
            while true {
                if !dashed || (step / 6) % 2 == 0 { plot(x, y, shade); plot(x, y + 1, shade) }
                if x == x1 && y == y1 { break }
                let twice = 2 * error
                if twice >= dy { error += dy; x += sx }
                if twice <= dx { error += dx; y += sy }
                step += 1
            }
        }
        let left = margin, right = width - margin / 2, top = margin / 2, bottom = height - margin
        line(left, top, left, bottom, 64)
        line(left, bottom, right, bottom, 64)
        let values = history.flatMap { [$0.loss] + ($0.validationLoss.map { [$0] } ?? []) }.filter { $0 > 0 && $0.isFinite }
        if let smallest = values.min(), let largest = values.max() {
            var low = log10(smallest), high = log10(largest)
            let pad = max((high - low) * 0.05, 0.05)
            low -= pad
            high += pad
            let epochs = history.count
            func xPosition(_ index: Int) -> Int {
                epochs < 2 ? (left + right) / 2 : left + 8 + (right - left - 16) * index / (epochs - 1)
            }
            func yPosition(_ value: Double) -> Int {
                bottom - Int(((log10(value) - low) / (high - low) * Double(bottom - top)).rounded())
            }
            for index in 0..<epochs where epochs <= 50 { line(xPosition(index), bottom, xPosition(index), bottom + 5, 64) }
            var decade = low.rounded(.up)
            while decade <= high {
                let y = yPosition(pow(10, decade))
                line(left - 6, y, left, y, 64)
                decade += 1
            }
            for (series, shade, dashed) in [(history.map { Optional($0.loss) }, UInt8(0), false), (history.map(\.validationLoss), UInt8(140), true)] {
                var previous: (Int, Int)?
                for (index, value) in series.enumerated() {
                    guard let value, value > 0, value.isFinite else { previous = nil; continue }
                    let point = (xPosition(index), yPosition(value))
                    if let previous { line(previous.0, previous.1, point.0, point.1, shade, dashed: dashed) }
                    for dy in -2...2 { for dx in -2...2 { plot(point.0 + dx, point.1 + dy, shade) } }
                    previous = point
                }
            }
        }
        return try canvas.withUnsafeBytes {
            try PNGCodec.encode($0, width: width, height: height, pixelType: .uint8, settings: PNGCodec.Settings(compressionLevel: 6), file: file)
        }
    }

    /// The history as CSV: `epoch,loss,val_loss,learning_rate,seconds` (val_loss empty without
    /// validation), numbers with 9 significant digits.
    public static func csv(_ history: [EpochRecord]) -> String {
        var text = "epoch,loss,val_loss,learning_rate,seconds\n"
        for record in history {
            let validation = record.validationLoss.map { String(format: "%.9g", $0) } ?? ""
            text +=
                "\(record.epoch),\(String(format: "%.9g", record.loss)),\(validation),\(String(format: "%.9g", record.learningRate)),\(String(format: "%.3f", record.seconds))\n"
        }
        return text
    }
}
