import FuzzSupport
import KikuchiSim

// An orientations CSV of Euler angles (`kikuchi simulate --orientations`).
FuzzDriver.run(seeds: {
    [
        "written.csv": Array(
            OrientationsCSV.lines([
                EulerAngles(phi1: 10, Phi: 20.5, phi2: 300),
                EulerAngles(phi1: 0, Phi: 0, phi2: 0)
            ]).utf8)
    ]
}) { bytes in
    _ = try OrientationsCSV.read(FuzzInput.file(bytes, named: "orientations.csv"))
}
