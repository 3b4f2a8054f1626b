import ReviewApp
import ArgumentParser
import Foundation
import Workflows

/// `lightbox synth`: writes synthetic chest phantoms (or converts films) for demos and tests.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write synthetic chest phantoms into DIR/NORMAL and DIR/PNEUMONIA, as JPEG, PNG or DICOM.",
        discussion: "Deterministic: the same --seed, --count and --size give byte-identical files. Half the films (alternating) carry patchy or lobar opacities and go to PNEUMONIA/. With --from, the films of a folder are written in the chosen format instead (same relative paths).")

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

    @Option(name: .long, help: "File format: \(SynthSession.Format.choiceList).")
    var format: String = "jpeg"

    @Option(name: .long, help: "DICOM transfer syntax: \(SynthSession.Syntax.allCases.map(\.rawValue).joined(separator: ", ")).")
    var syntax: String = "explicit"

    @Option(name: .long, help: "DICOM bits stored, 8...16 (above 8 the header carries the default window).")
    var bits: Int = 8

    @Flag(name: .long, help: "DICOM: write MONOCHROME1 (inverted samples).")
    var monochrome1 = false

    @Flag(name: .long, help: "Write files without a name extension (found by content).")
    var noExtension = false

    @Option(name: .long, help: "Convert the films found under this folder or file instead of rendering phantoms.")
    var from: String?

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be at least 0") }
        guard (16...4096).contains(size) else { throw ValidationError("--size must be in 16...4096") }
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be in 1...100") }
        guard SynthSession.Format(rawValue: format) != nil else {
            throw ValidationError("--format must be one of \(SynthSession.Format.choiceList)")
        }
        guard SynthSession.Syntax(rawValue: syntax) != nil else {
            throw ValidationError("--syntax must be one of \(SynthSession.Syntax.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (8...16).contains(bits) else { throw ValidationError("--bits must be in 8...16") }
    }

    private var session: SynthSession {
        SynthSession(out: out, format: SynthSession.Format(rawValue: format) ?? .jpeg, quality: quality,
                     syntax: SynthSession.Syntax(rawValue: syntax) ?? .explicitLE, bits: bits, monochrome1: monochrome1,
                     noExtension: noExtension)
    }

    func run() throws {
        if let from {
            if try session.convert(from) > 0 { throw ExitCode(1) }
            return
        }
        try session.renderPhantoms(count: count, size: size, seed: seed)
    }
}
