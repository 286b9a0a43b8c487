// swift-tools-version:5.10
import PackageDescription

let package = Package(
    name: "kikuchi",
    products: [
        .executable(name: "kikuchi", targets: ["kikuchi"]),
        .library(name: "KikuchiIO", targets: ["KikuchiIO"]),
        .library(name: "KikuchiImage", targets: ["KikuchiImage"]),
        .library(name: "KikuchiNN", targets: ["KikuchiNN"]),
        .library(name: "KikuchiDenoise", targets: ["KikuchiDenoise"]),
        .library(name: "KikuchiSim", targets: ["KikuchiSim"]),
        .library(name: "KikuchiHDF5", targets: ["KikuchiHDF5"]),
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
        // A thin Swift wrapper over libhdf5: files, groups, datasets, attributes.
        .target(name: "KikuchiHDF5", dependencies: ["CHDF5"]),
        // Scans in and out: EDAX UP1/UP2, h5ebsd, image folders, .npy.
        .target(name: "KikuchiIO", dependencies: ["KikuchiHDF5", "CJPEG", "CPNG"]),
        // Operations on one pattern with OpenCV's numbers: resize, CLAHE, Gaussian blur, scaling.
        .target(name: "KikuchiImage"),

        // The neural network: tensors, layers (Winograd or im2col + GEMM), Keras model files in and out.
        .target(name: "KikuchiNN", dependencies: ["CBLAS", "CMalloc", "CWinograd", "CZlib", "KikuchiHDF5", "KikuchiIO"]),
        // The denoisers and the pattern steps around them.
        .target(name: "KikuchiDenoise", dependencies: ["CBLAS", "KikuchiHDF5", "KikuchiIO", "KikuchiImage", "KikuchiNN"]),
        // Quality figures of denoised patterns (PSNR, SSIM, NCC, image quality, neighbour dot products) and the report.
        .target(name: "KikuchiMetrics", dependencies: ["CBLAS", "KikuchiDenoise", "KikuchiIO"]),
        // Simulated patterns with known truth.
        .target(name: "KikuchiSim", dependencies: ["KikuchiHDF5", "KikuchiIO", "KikuchiImage"]),

        .executableTarget(
            name: "kikuchi",
            dependencies: [
                "KikuchiIO",
                "KikuchiImage",
                "KikuchiDenoise",
                "KikuchiMetrics",
                "KikuchiNN",
                "KikuchiSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Paths of fixtures, sample data and scratch folders, shared by the test targets.
        .target(name: "KikuchiTestSupport", dependencies: ["KikuchiIO"], path: "Tests/Support"),
        .testTarget(name: "KikuchiHDF5Tests", dependencies: ["KikuchiHDF5", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiIOTests", dependencies: ["KikuchiIO", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiImageTests", dependencies: ["KikuchiImage", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiNNTests", dependencies: ["KikuchiNN", "KikuchiHDF5", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiDenoiseTests", dependencies: ["KikuchiDenoise", "KikuchiIO", "KikuchiNN", "KikuchiHDF5", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiMetricsTests", dependencies: ["KikuchiMetrics", "KikuchiIO", "KikuchiTestSupport"]),
        .testTarget(name: "KikuchiSimTests", dependencies: ["KikuchiSim", "KikuchiIO", "KikuchiTestSupport"]),
        .testTarget(name: "kikuchiTests", dependencies: ["kikuchi", "KikuchiDenoise", "KikuchiIO", "KikuchiNN", "KikuchiTestSupport"]),
    ]
)
