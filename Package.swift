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

        // Pure cores.
        .target(name: "Imaging", swiftSettings: optimisedInDebug),
        // 3x3 convolution kernels in C, compiled per instruction set (AVX-512, AVX2, baseline) and
        // chosen at run time; optimised in every configuration (they are the inference hot loop).
        .target(name: "CConvKernels", cSettings: [.unsafeFlags(["-O3", "-ffp-contract=fast"])]),
        .target(name: "NeuralNet", dependencies: ["COpenBLAS", "CConvKernels"], swiftSettings: optimisedInDebug),
        .target(name: "CellGrid", dependencies: ["Imaging"], swiftSettings: optimisedInDebug),
        .target(name: "Classifier", dependencies: ["NeuralNet", "Imaging"], swiftSettings: optimisedInDebug),
        .target(name: "Training", dependencies: ["Classifier", "NeuralNet", "Imaging"], swiftSettings: optimisedInDebug),
        .target(name: "ReviewCore", dependencies: ["CellGrid"]),
        .target(name: "TerminalGraphics", dependencies: ["Imaging"], swiftSettings: optimisedInDebug),
        .target(name: "Explain", dependencies: ["Imaging", "NeuralNet", "Classifier"], swiftSettings: optimisedInDebug),

        // Side effects at the edge.
        .target(name: "Storage", dependencies: ["CTurboJPEG", "Imaging", "ReviewCore"]),
        .target(name: "Terminal", dependencies: ["CNCursesW", "CellGrid", "ReviewCore", "TerminalGraphics"]),

        .executableTarget(name: "lightbox", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            "Imaging", "NeuralNet", "Storage", "CellGrid", "Classifier", "Training", "ReviewCore", "Explain",
            "Terminal", "TerminalGraphics",
        ]),

        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "Imaging"]),
        .testTarget(name: "CellGridTests", dependencies: ["CellGrid", "Imaging"]),
        .testTarget(name: "ExplainTests", dependencies: ["Explain", "Imaging", "Classifier", "NeuralNet"]),
        .testTarget(name: "ClassifierTests", dependencies: ["Classifier", "NeuralNet", "Imaging"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Imaging"]),
        // Snapshots are read from the source tree (and rewritten there with
        // LIGHTBOX_RECORD_SNAPSHOTS=1); declaring them keeps the build from warning about them.
        .testTarget(name: "ReviewCoreTests", dependencies: ["ReviewCore", "CellGrid", "Imaging"],
                    resources: [.copy("Snapshots")]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Imaging", "ReviewCore"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TerminalGraphicsTests", dependencies: ["TerminalGraphics", "Imaging"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "CellGrid", "ReviewCore", "TerminalGraphics"]),
        .testTarget(name: "LightboxCLITests", dependencies: ["lightbox", "Storage", "Imaging", "ReviewCore", "Terminal", "TerminalGraphics"]),
    ]
)

// Fuzzing (Scripts/fuzz.sh): the target links libFuzzer, so it exists only when asked for with
// LIGHTBOX_FUZZ=1 and is built with -sanitize=fuzzer,address.
if Context.environment["LIGHTBOX_FUZZ"] == "1" {
    package.products.append(.executable(name: "lightbox-fuzz", targets: ["LightboxFuzz"]))
    package.targets.append(.executableTarget(
        name: "LightboxFuzz", dependencies: ["Classifier", "Imaging", "NeuralNet", "ReviewCore", "Storage"],
        path: "Fuzz/LightboxFuzz"))
}
