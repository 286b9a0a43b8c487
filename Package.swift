// swift-tools-version:5.10
import PackageDescription

let package = Package(
    name: "kikuchi",
    products: [
        .executable(name: "kikuchi", targets: ["kikuchi"]),
        .library(name: "KikuchiCore", targets: ["KikuchiCore"]),
        .library(name: "KikuchiHDF5", targets: ["KikuchiHDF5"]),
        .library(name: "KikuchiIO", targets: ["KikuchiIO"]),
        .library(name: "KikuchiImage", targets: ["KikuchiImage"]),
        .library(name: "KikuchiNN", targets: ["KikuchiNN"]),
        .library(name: "KikuchiDenoise", targets: ["KikuchiDenoise"]),
        .library(name: "KikuchiMetrics", targets: ["KikuchiMetrics"]),
        .library(name: "KikuchiSim", targets: ["KikuchiSim"]),
        .library(name: "KikuchiIndex", targets: ["KikuchiIndex"]),
        .library(name: "KikuchiWorkflows", targets: ["KikuchiWorkflows"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries: each a module map plus a shim header; pkg-config finds the flags.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5-serial", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg", providers: [.apt(["libjpeg-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CMalloc"),

        // The Winograd data transforms, in C to get AVX2 / AVX-512 code for them alone.
        .target(name: "CWinograd"),
        // What every room shares: the one error type, checked header sizes, raw files, output paths
        // written under a temporary name, the bounded queue between threads, OpenBLAS' threads.
        .target(name: "KikuchiCore", dependencies: ["CBLAS"]),
        // A thin Swift wrapper over libhdf5: files, groups, datasets, attributes.
        .target(name: "KikuchiHDF5", dependencies: ["CHDF5"]),
        // Scans in and out: EDAX UP1/UP2, h5ebsd, NORDIF, Oxford, image folders, .npy; the transcoder.
        .target(name: "KikuchiIO", dependencies: ["KikuchiCore", "KikuchiHDF5", "CJPEG", "CPNG"]),
        // Operations on one pattern with OpenCV's numbers: resize, CLAHE, Gaussian blur, scaling.
        .target(name: "KikuchiImage"),

        // The neural network: tensors, layers (Winograd or im2col + GEMM), Keras model files in and out.
        // It knows tensors and files of models, not scans.
        .target(name: "KikuchiNN", dependencies: ["CBLAS", "CMalloc", "CWinograd", "CZlib", "KikuchiCore", "KikuchiHDF5"]),
        // The denoisers, the pattern steps around them and the streaming, resumable, shardable job.
        .target(name: "KikuchiDenoise", dependencies: ["CBLAS", "KikuchiCore", "KikuchiHDF5", "KikuchiIO", "KikuchiImage", "KikuchiNN"]),
        // Quality figures of denoised patterns (PSNR, SSIM, NCC, image quality, neighbour dot products) and the report.
        .target(name: "KikuchiMetrics", dependencies: ["CBLAS", "KikuchiCore", "KikuchiIO"]),
        // Simulated patterns with known truth.
        .target(name: "KikuchiSim", dependencies: ["KikuchiCore", "KikuchiHDF5", "KikuchiIO", "KikuchiImage"]),
        // Orientations from patterns: cubochoric sampling, dictionary indexing by GEMM, refinement, .ang files.
        .target(name: "KikuchiIndex", dependencies: ["CBLAS", "KikuchiCore", "KikuchiIO", "KikuchiImage", "KikuchiMetrics", "KikuchiSim"]),
        // What the commands do, as a library: the methods by name, bundled models, a run's identity,
        // comparison, the demo, training runs with their history, simulation to files.
        .target(name: "KikuchiWorkflows", dependencies: ["KikuchiCore", "KikuchiIO", "KikuchiImage", "KikuchiNN", "KikuchiDenoise", "KikuchiMetrics", "KikuchiSim", "KikuchiIndex"]),

        .executableTarget(
            name: "kikuchi",
            dependencies: [
                "KikuchiCore",
                "KikuchiIO",
                "KikuchiImage",
                "KikuchiDenoise",
                "KikuchiMetrics",
                "KikuchiNN",
                "KikuchiSim",
                "KikuchiIndex",
                "KikuchiWorkflows",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Paths of fixtures, sample data and scratch folders, shared by the test targets.
        .target(name: "KikuchiTestSupport", dependencies: ["KikuchiCore", "KikuchiIO"], path: "Tests/Support"),
        .testTarget(name: "KikuchiCoreTests", dependencies: ["KikuchiCore", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiHDF5Tests", dependencies: ["KikuchiHDF5", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiIOTests", dependencies: ["KikuchiIO", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiImageTests", dependencies: ["KikuchiImage", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiNNTests", dependencies: ["KikuchiNN", "KikuchiHDF5", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiDenoiseTests", dependencies: ["KikuchiDenoise", "KikuchiIO", "KikuchiNN", "KikuchiHDF5", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiMetricsTests", dependencies: ["KikuchiMetrics", "KikuchiIO", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiIndexTests", dependencies: ["KikuchiIndex", "KikuchiCore", "KikuchiIO", "KikuchiSim", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiSimTests", dependencies: ["KikuchiSim", "KikuchiIO", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiWorkflowsTests", dependencies: ["KikuchiWorkflows", "KikuchiCore", "KikuchiDenoise", "KikuchiIO", "KikuchiMetrics", "KikuchiNN", "KikuchiSim", "KikuchiTestSupport"]),
        .testTarget(name: "kikuchiTests", dependencies: ["kikuchi", "KikuchiCore", "KikuchiDenoise", "KikuchiIO", "KikuchiIndex", "KikuchiNN", "KikuchiSim", "KikuchiWorkflows", "KikuchiTestSupport"]),
    ]
)
