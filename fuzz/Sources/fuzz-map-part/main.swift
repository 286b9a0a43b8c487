import FuzzSupport
import KikuchiCore
import KikuchiIO
import KikuchiIndex
import KikuchiSim

// A part of a sharded orientation map (`kikuchi index --shard K/N`, read by `kikuchi merge`).
FuzzDriver.run(seeds: {
    let ang = AngFile(
        geometry: MapGeometry(columns: 3, rows: 2), patternCentre: (0.5, 0.5, 0.6),
        phase: AngFile.Phase(name: "Ni", formula: "Ni", tslSymmetry: 43, lattice: (3.52, 3.52, 3.52, 90, 90, 90)))
    let row = AngFile.Row(orientation: EulerAngles(phi1: 10, Phi: 20, phi2: 30), imageQuality: 0.5, confidence: 0.3, detectorSignal: 100, fit: 0)
    let path = FuzzInput.file([], named: "seed.ang.mappart")
    try? ang.write(
        [row, row, row], to: try OutputPath(path, overwrite: true),
        share: OrientationMapPart.Share(index: 1, count: 2, range: 0..<3, identity: "seed"))
    return ["written.ang.mappart": Array(RawFile.contents(of: path) ?? [])]
}) { bytes in
    let part = try OrientationMapPart(opening: FuzzInput.file(bytes, named: "map.ang.mappart"))
    _ = part.body.count
}
