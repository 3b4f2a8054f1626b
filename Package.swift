// swift-tools-version:6.0
import PackageDescription

/// Numerical modules are optimised even in debug builds, so the test suite (which trains
/// small networks and renders films) runs in seconds rather than minutes.
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "Lightbox",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lightbox", targets: ["lightbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries from Debian, one shim each.
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW",
                       providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CTurboJPEG", path: "Sources/CTurboJPEG",
                       providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CSPNG", path: "Sources/CSPNG",
                       providers: [.apt(["libspng-dev"])]),
        // GDCM has no pkg-config file on Debian (CMake files only), hence the include flag.
        .target(name: "CGDCM", path: "Sources/CGDCM",
                cxxSettings: [.unsafeFlags(["-I/usr/include/gdcm-3.0"])],
                linkerSettings: [.linkedLibrary("gdcmMSFF"), .linkedLibrary("gdcmDSED"),
                                 .linkedLibrary("gdcmDICT"), .linkedLibrary("gdcmCommon"), .linkedLibrary("z"),
                                 .linkedLibrary("stdc++")]),

        // Pure cores.
        // Seeded samplers and the logistic helpers, written once, reproducible forever.
        .target(name: "Numerics", swiftSettings: optimisedInDebug),
        .target(name: "Imaging", dependencies: ["Numerics"], swiftSettings: optimisedInDebug),
        // The one file that calls OpenBLAS (BLAS and LAPACK), for the network and LIME's ridge.
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"], swiftSettings: optimisedInDebug),
        // 3x3 convolution kernels in C, compiled per instruction set (AVX-512, AVX2, baseline) and
        // chosen at run time; optimised in every configuration (they are the inference hot loop).
        .target(name: "CConvKernels", cSettings: [.unsafeFlags(["-O3", "-ffp-contract=fast"])]),
        .target(name: "NeuralNet", dependencies: ["LinearAlgebra", "Numerics", "CConvKernels"], swiftSettings: optimisedInDebug),
        .target(name: "CellGrid", dependencies: ["Imaging"], swiftSettings: optimisedInDebug),
        .target(name: "Classifier", dependencies: ["NeuralNet", "Imaging", "Numerics"], swiftSettings: optimisedInDebug),
        .target(name: "Training", dependencies: ["Classifier", "NeuralNet", "Imaging", "LinearAlgebra", "Numerics"], swiftSettings: optimisedInDebug),
        .target(name: "ReviewCore", dependencies: ["CellGrid", "Imaging"]),
        .target(name: "TerminalGraphics", dependencies: ["Imaging"], swiftSettings: optimisedInDebug),
        .target(name: "Explain", dependencies: ["Imaging", "LinearAlgebra", "Numerics"], swiftSettings: optimisedInDebug),

        // Side effects at the edge.
        .target(name: "Storage", dependencies: ["CTurboJPEG", "CSPNG", "CGDCM", "Imaging", "ReviewCore"]),
        .target(name: "Terminal", dependencies: ["CNCursesW", "CellGrid", "ReviewCore", "TerminalGraphics"]),

        // The review's effect interpreter and event loop, and the film loading the commands share:
        // everything the executable runs, testable without a terminal (Tests/ReviewAppTests).
        .target(name: "ReviewApp", dependencies: [
            "Numerics", "Imaging", "NeuralNet", "Storage", "CellGrid", "Classifier", "Training", "ReviewCore", "Explain",
            "Terminal", "TerminalGraphics",
        ]),

        // Commands: parse, validate, call, print.
        .executableTarget(name: "lightbox", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            "Imaging", "NeuralNet", "Storage", "CellGrid", "Classifier", "Training", "ReviewCore", "Explain",
            "Terminal", "TerminalGraphics", "ReviewApp", "Numerics", "LinearAlgebra",
        ]),

        .testTarget(name: "NumericsTests", dependencies: ["Numerics"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "Numerics"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["LinearAlgebra", "Numerics", "NeuralNet", "Imaging"]),
        .testTarget(name: "CellGridTests", dependencies: ["Numerics", "CellGrid", "Imaging"]),
        .testTarget(name: "ExplainTests", dependencies: ["Numerics", "Explain", "Imaging"]),
        .testTarget(name: "ClassifierTests", dependencies: ["Numerics", "Classifier", "NeuralNet", "Imaging"]),
        .testTarget(name: "TrainingTests", dependencies: ["Numerics", "Training", "Imaging", "LinearAlgebra"]),
        // Snapshots are read from the source tree (and rewritten there with
        // LIGHTBOX_RECORD_SNAPSHOTS=1); declaring them keeps the build from warning about them.
        .testTarget(name: "ReviewCoreTests", dependencies: ["Numerics", "ReviewCore", "CellGrid", "Imaging"],
                    resources: [.copy("Snapshots")]),
        .testTarget(name: "StorageTests", dependencies: ["Numerics", "Storage", "Imaging", "ReviewCore"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TerminalGraphicsTests", dependencies: ["TerminalGraphics", "Imaging", "TestSupport"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "CellGrid", "ReviewCore", "TerminalGraphics"]),
        // Fixtures and a scripted screen shared by the review and command-line tests.
        .target(name: "TestSupport", dependencies: ["CellGrid", "Imaging", "ReviewApp", "ReviewCore", "Storage", "Terminal",
                                                    "TerminalGraphics"],
                path: "Tests/TestSupport"),
        .testTarget(name: "ReviewAppTests", dependencies: ["Numerics", "ReviewApp", "TestSupport", "CellGrid", "Classifier", "Explain",
                                                           "Imaging", "ReviewCore", "Storage", "TerminalGraphics", "Terminal"]),
        .testTarget(name: "LightboxCLITests", dependencies: ["Numerics", "lightbox", "ReviewApp", "TestSupport", "Storage", "Imaging",
                                                             "ReviewCore", "Terminal", "TerminalGraphics"]),
    ],
    cxxLanguageStandard: .cxx17
)

// Fuzzing (Scripts/fuzz.sh): the target links libFuzzer, so it exists only when asked for with
// LIGHTBOX_FUZZ=1 and is built with -sanitize=fuzzer,address.
if Context.environment["LIGHTBOX_FUZZ"] == "1" {
    package.products.append(.executable(name: "lightbox-fuzz", targets: ["LightboxFuzz"]))
    package.targets.append(.executableTarget(
        name: "LightboxFuzz", dependencies: ["Numerics", "Classifier", "Imaging", "NeuralNet", "ReviewCore", "Storage"],
        path: "Fuzz/LightboxFuzz"))
}
