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
        .executable(name: "lightbox-decoder", targets: ["lightbox-decoder"]),
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
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
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
        // The JSON writer of every command's --json and of safetensors metadata.
        .target(name: "JSONWriter"),
        .target(name: "NeuralNet", dependencies: ["LinearAlgebra", "Numerics", "CConvKernels", "JSONWriter"], swiftSettings: optimisedInDebug),
        // The values every side shares: films' identities, verdicts, feedback records, timestamps.
        .target(name: "Feedback"),
        .target(name: "CellGrid", dependencies: ["Imaging"], swiftSettings: optimisedInDebug),
        .target(name: "Classifier", dependencies: ["NeuralNet", "Feedback", "Imaging", "Numerics"], swiftSettings: optimisedInDebug),
        .target(name: "Training", dependencies: ["Classifier", "NeuralNet", "Imaging", "LinearAlgebra", "Numerics", "JSONWriter"], swiftSettings: optimisedInDebug),
        .target(name: "ReviewCore", dependencies: ["CellGrid", "Feedback", "Imaging"]),
        .target(name: "TerminalGraphics", dependencies: ["Imaging"], swiftSettings: optimisedInDebug),
        .target(name: "Explain", dependencies: ["Imaging", "LinearAlgebra", "Numerics"], swiftSettings: optimisedInDebug),
        // Reader agreement (kappa, AC1, Fleiss), bootstrap intervals over films, consensus labels.
        .target(name: "Statistics", dependencies: ["Numerics"], swiftSettings: optimisedInDebug),

        // Side effects at the edge.
        .target(name: "Storage", dependencies: ["CTurboJPEG", "CSPNG", "CGDCM", "Feedback", "Imaging"]),
        // The team store: verdicts on a shared PostgreSQL server (libpq), with a local spool.
        .target(name: "TeamStore", dependencies: ["CLibPQ", "Feedback", "Storage"]),
        .target(name: "Terminal", dependencies: ["CNCursesW", "CellGrid", "TerminalGraphics"]),

        // The batch work the commands share: film loading, predict's pipeline, train, adapt,
        // explain, evaluate and their reports.
        .target(name: "Workflows", dependencies: [
            "Numerics", "Imaging", "LinearAlgebra", "NeuralNet", "Storage", "Classifier", "Training", "Feedback", "Explain",
            "Statistics", "TeamStore", "JSONWriter",
        ]),
        // The interactive review: effect interpreter, event loop, caches and the film painter,
        // testable without a terminal (Tests/ReviewAppTests).
        .target(name: "ReviewApp", dependencies: [
            "Numerics", "Imaging", "NeuralNet", "Storage", "CellGrid", "Classifier", "Training", "Feedback", "ReviewCore",
            "Explain", "Terminal", "TerminalGraphics", "Workflows",
        ]),
        // bench's measurements and their timing helpers.
        .target(name: "Benchmarks", dependencies: [
            "Numerics", "Imaging", "LinearAlgebra", "NeuralNet", "Storage", "CellGrid", "Classifier", "Training", "Feedback", "ReviewCore",
            "TerminalGraphics", "ReviewApp", "Workflows", "JSONWriter",
        ]),

        // The decoder process (Storage/DecoderServer.swift): decodes compressed DICOM under a memory
        // cap, so a codec's crash ends it and not Lightbox. Found beside the lightbox executable.
        .executableTarget(name: "lightbox-decoder", dependencies: ["Storage"]),

        // Commands: parse, validate, call, print. The work is in ReviewApp, Workflows and Benchmarks.
        .executableTarget(name: "lightbox", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            "ReviewApp", "Workflows", "Benchmarks",
        ]),

        .testTarget(name: "NumericsTests", dependencies: ["Numerics"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "Numerics"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["LinearAlgebra", "Numerics", "NeuralNet", "Imaging"]),
        .testTarget(name: "FeedbackTests", dependencies: ["Feedback", "Numerics"]),
        .testTarget(name: "CellGridTests", dependencies: ["Numerics", "CellGrid", "Imaging"]),
        .testTarget(name: "ExplainTests", dependencies: ["Numerics", "Explain", "Imaging"]),
        .testTarget(name: "ClassifierTests", dependencies: ["Numerics", "Classifier", "NeuralNet", "Imaging"]),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"]),
        .testTarget(name: "TrainingTests", dependencies: ["Numerics", "Training", "Feedback", "Imaging", "LinearAlgebra"]),
        // Snapshots are read from the source tree (and rewritten there with
        // LIGHTBOX_RECORD_SNAPSHOTS=1); declaring them keeps the build from warning about them.
        .testTarget(name: "ReviewCoreTests", dependencies: ["Numerics", "ReviewCore", "CellGrid", "Feedback", "Imaging"],
                    resources: [.copy("Snapshots")]),
        .testTarget(name: "StorageTests", dependencies: ["Numerics", "Storage", "Imaging", "Feedback"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TerminalGraphicsTests", dependencies: ["TerminalGraphics", "Imaging", "GraphicsTestSupport"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "CellGrid", "TerminalGraphics"]),
        // Pure test helpers (no C library): decoders for kitty, sixel and PNG output, SSIM.
        .target(name: "GraphicsTestSupport", dependencies: ["TerminalGraphics"], path: "Tests/GraphicsTestSupport"),
        // Runs against a real PostgreSQL server the tests start themselves (initdb in a temporary folder).
        .testTarget(name: "TeamStoreTests", dependencies: ["TeamStore", "Feedback", "TestSupport"]),
        // Fixtures and a scripted screen shared by the review and command-line tests;
        // PostgresServer, a throwaway PostgreSQL cluster for the team store's tests.
        .target(name: "TestSupport", dependencies: ["CellGrid", "Feedback", "Imaging", "ReviewApp", "ReviewCore", "Storage",
                                                    "Terminal", "TerminalGraphics", "TeamStore"],
                path: "Tests/TestSupport"),
        .testTarget(name: "ReviewAppTests", dependencies: ["Numerics", "ReviewApp", "TestSupport", "GraphicsTestSupport", "CellGrid",
                                                           "Classifier", "Explain", "Feedback", "Workflows",
                                                           "Imaging", "ReviewCore", "Storage", "TerminalGraphics", "Terminal"]),
        .testTarget(name: "WorkflowsTests", dependencies: ["Workflows", "Explain", "Imaging"]),
        .testTarget(name: "LightboxCLITests", dependencies: ["Numerics", "lightbox", "ReviewApp", "TestSupport", "GraphicsTestSupport", "Workflows",
                                                             "Storage", "Imaging", "Feedback", "ReviewCore", "Terminal", "TerminalGraphics", "TeamStore"]),
    ],
    cxxLanguageStandard: .cxx17
)

// Fuzzing (Scripts/fuzz.sh): the target links libFuzzer, so it exists only when asked for with
// LIGHTBOX_FUZZ=1 and is built with -sanitize=fuzzer,address.
if Context.environment["LIGHTBOX_FUZZ"] == "1" {
    package.products.append(.executable(name: "lightbox-fuzz", targets: ["LightboxFuzz"]))
    package.targets.append(.executableTarget(
        name: "LightboxFuzz", dependencies: ["Numerics", "Classifier", "Imaging", "NeuralNet", "Feedback", "ReviewCore", "Storage"],
        path: "Fuzz/LightboxFuzz"))
}
