// classic-bench: runs one classic denoiser over a scan file through DenoiseJob and prints its wall
// time, for benchmarks/classic/run.sh (until `kikuchi denoise --method` is wired to these denoisers).
//
// Usage: classic-bench nlpar|nlpar-auto|pca|npa|dynamic IN OUT --map COLUMNSxROWS
//                      [--lambda L] [--radius R] [--components K] [--batch ROWS_OF_PATTERNS]
import Foundation
import KikuchiDenoise
import KikuchiIO

/// Gives a scan file without map geometry (.npy) the map the benchmark names.
final class MappedReader: PatternReader {
    let base: PatternReader
    let scan: ScanDescription

    init(_ base: PatternReader, geometry: MapGeometry) {
        self.base = base
        var scan = base.scan
        scan.geometry = geometry
        self.scan = scan
    }

    func read(_ range: Range<Int>) throws -> PatternBatch { try base.read(range) }
}

func option(_ name: String, in arguments: [String]) -> String? {
    guard let at = arguments.firstIndex(of: name), at + 1 < arguments.count else { return nil }
    return arguments[at + 1]
}

let arguments = CommandLine.arguments
guard arguments.count >= 4, let map = option("--map", in: arguments)?.split(separator: "x").compactMap({ Int($0) }), map.count == 2 else {
    FileHandle.standardError.write(Data("usage: classic-bench METHOD IN OUT --map CxR [--lambda L] [--radius R] [--components K]\n".utf8))
    exit(2)
}
let (method, input, output) = (arguments[1], arguments[2], arguments[3])
do {
    let reader = MappedReader(try ScanIO.openReader(input), geometry: MapGeometry(columns: map[0], rows: map[1]))
    let denoiser: PatternDenoiser
    var batch = 64
    switch method {
    case "nlpar", "nlpar-auto":
        let nlpar = try NonLocalPatternAveraging(lambda: method == "nlpar-auto" ? nil : Double(option("--lambda", in: arguments) ?? "0.7"),
                                                 searchRadius: Int(option("--radius", in: arguments) ?? "3") ?? 3)
        batch = nlpar.preferredBatchSize(for: reader.scan)
        denoiser = nlpar
    case "pca":
        denoiser = try PCADenoiser(components: Int(option("--components", in: arguments) ?? "100") ?? 100)
        batch = reader.batchSize(forBytes: 16 << 20)
    case "npa":
        let npa = NeighbourPatternAveraging(window: try NeighbourWindow())
        batch = npa.preferredBatchSize(for: reader.scan)
        denoiser = npa
    case "dynamic":
        denoiser = try DynamicBackgroundCorrection()
    default:
        FileHandle.standardError.write(Data("unknown method \(method)\n".utf8))
        exit(2)
    }
    if let rows = option("--batch", in: arguments).flatMap(Int.init) { batch = rows }
    let writer = try ScanIO.createWriter(output, scan: denoiser.outputScan(for: reader.scan), options: WriteOptions(overwrite: true))
    let start = Date()
    try DenoiseJob(denoiser: denoiser, batchSize: batch).run(from: reader, to: writer)
    let seconds = Date().timeIntervalSince(start)
    var extra = ""
    if let nlpar = denoiser as? NonLocalPatternAveraging { extra = " lambda=\(nlpar.lambda ?? 0)" }
    print(String(format: "kikuchi %@: %.2f s (%.0f patterns/s)%@", method, seconds, Double(reader.scan.count) / seconds, extra))
} catch {
    FileHandle.standardError.write(Data("classic-bench: \(error)\n".utf8))
    exit(1)
}
