import Numerics
import ReviewApp
import ArgumentParser
import Foundation
import Imaging
import Storage

/// `lightbox synth`: writes synthetic chest phantoms for demos and tests.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write synthetic chest phantoms into DIR/NORMAL and DIR/PNEUMONIA.",
        discussion: "Deterministic: the same --seed, --count and --size give byte-identical files. Half the films (alternating) carry patchy or lobar opacities and go to PNEUMONIA/.")

    @Option(name: .long, help: "Output folder (created if missing).")
    var out: String

    @Option(name: .long, help: "Number of films.")
    var count: Int = 12

    @Option(name: .long, help: "Seed of every random choice.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Width and height of each film in pixels.")
    var size: Int = 512

    @Option(name: .long, help: "JPEG quality, 1...100.")
    var quality: Int = 90

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be at least 0") }
        guard (16...4096).contains(size) else { throw ValidationError("--size must be in 16...4096") }
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be in 1...100") }
    }

    func run() throws {
        let fm = FileManager.default
        for folder in ["NORMAL", "PNEUMONIA"] {
            try fm.createDirectory(atPath: (out as NSString).appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let progress = ProgressReporter(label: "synth", total: count, unit: "films")
        let digits = max(4, String(count).count)
        let master = SplitMix64(seed: seed)
        for i in 0..<count {
            let pneumonia = i % 2 == 1
            var filmSeed = master.derived(UInt64(i))
            let image = ChestPhantom.render(width: size, height: size, seed: filmSeed.next(), pneumonia: pneumonia)
            let bytes = try JPEGCodec.encodeGray(image, quality: quality)
            let number = String(i + 1)
            let name = "phantom-" + String(repeating: "0", count: digits - number.count) + number + ".jpeg"
            let path = (out as NSString).appendingPathComponent((pneumonia ? "PNEUMONIA/" : "NORMAL/") + name)
            try AtomicFile.write(bytes, to: path)
            progress.advance()
        }
        progress.finish()
    }
}
