// swift-tools-version:5.10
// libFuzzer targets for every reader of outside bytes. Built apart from the main package because
// `-sanitize=fuzzer` gives each target libFuzzer's `main`: see README.md and run.sh.
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, which is the clone's name, not "kikuchi".
let kikuchi = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

/// One executable per parser; each holds a single `LLVMFuzzerTestOneInput`.
let targets: [(name: String, dependencies: [String])] = [
    ("fuzz-edax", ["KikuchiIO"]),
    ("fuzz-ebsp", ["KikuchiIO"]),
    ("fuzz-h5ebsd", ["KikuchiIO"]),
    ("fuzz-npy", ["KikuchiIO", "KikuchiWorkflows"]),
    ("fuzz-nordif", ["KikuchiIO"]),
    ("fuzz-png", ["KikuchiIO"]),
    ("fuzz-jpeg", ["KikuchiIO"]),
    ("fuzz-tiff", ["KikuchiIO"]),
    ("fuzz-scan-json", ["KikuchiIO"]),
    ("fuzz-keras-config", ["KikuchiNN"]),
    ("fuzz-keras-h5", ["KikuchiNN"]),
    ("fuzz-keras-zip", ["KikuchiNN"]),
    ("fuzz-kpart", ["KikuchiIO", "KikuchiDenoise"]),
    ("fuzz-training-checkpoint", ["KikuchiDenoise", "KikuchiNN"]),
    ("fuzz-emsoft", ["KikuchiSim"]),
    ("fuzz-orientations", ["KikuchiSim"]),
    ("fuzz-map-part", ["KikuchiIO", "KikuchiIndex", "KikuchiSim"]),
]

let package = Package(
    name: "kikuchi-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", .product(name: "KikuchiIO", package: kikuchi),
                                                    .product(name: "KikuchiHDF5", package: kikuchi)]),
    ] + targets.map { target in
        // lld: gold fails on the sanitizers' objects ("internal error in format_file_lineno").
        .executableTarget(name: target.name, dependencies: ["FuzzSupport"] + target.dependencies.map { .product(name: $0, package: kikuchi) },
                          linkerSettings: [.unsafeFlags(["-use-ld=lld"])])
    }
)
