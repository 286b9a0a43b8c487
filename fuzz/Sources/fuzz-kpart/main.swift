import Foundation
import FuzzSupport
import KikuchiDenoise
import KikuchiIO

// A denoise --shard part file: magic, manifest, every pattern; and the .progress record beside
// it read as a resume checkpoint.
FuzzDriver.run(seeds: {
    let path = FuzzInput.folder + "/seed.kpart"
    let scan = ScanDescription(
        width: 8, height: 6, count: 6, pixelType: .float32,
        geometry: MapGeometry(columns: 3, rows: 2))
    let part = try ScanPart(
        creating: path,
        manifest: ScanPartManifest(
            scan: scan, inputPixelType: .uint16, encoding: OutputEncoding(), shard: Shard(index: 1, count: 2)!, identity: "fuzz"))
    var batch = PatternBatch(width: 8, height: 6, pixelType: .float32, count: 3)
    for pattern in 0..<3 { batch.setPattern(pattern, from: (0..<48).map { Float($0 + pattern) }) }
    try part.write(batch, at: 0)
    var checkpoint = DenoiseCheckpoint(partPath: path, identity: "fuzz")
    checkpoint.insert(0..<3)
    try checkpoint.save()
    return [
        "written.kpart": [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))),
        "written.progress": [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + ".progress")))
    ]
}) { bytes in
    let path = FuzzInput.file(bytes, named: "shard.kpart")
    FuzzInput.file(bytes, named: "shard.kpart.progress")
    _ = DenoiseCheckpoint.load(partPath: path, identity: "fuzz").missing(in: 0..<1000)
    let part = try ScanPart(opening: path)
    if part.hasAllBytes { try FuzzInput.readAll(PartSetReader(parts: [part])) }
}
