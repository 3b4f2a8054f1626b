import ArgumentParser
import Foundation
import ReviewApp
import Workflows
import Benchmarks

/// `lightbox bench decode`: decode time of one large film in every format and DICOM transfer
/// syntax, beside the JPEG decode of the same film in the same run.
struct DecodeBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Time the decode of a large phantom film as JPEG, PNG and DICOM in every transfer syntax.",
        discussion: """
            Not part of the test suite. The film is a chest phantom of --width x --height pixels stored at \
            --bits bits (JPEG baseline 8, JPEG extended 12), encoded once per format; each figure is the median \
            of --repeats decodes after a warm-up: in full (as inspect and explain decode) and reduced for the \
            model (128x128 wanted, as predict decodes). The ratio is against the 8-bit JPEG (quality 90) of the \
            same film decoded in full in the same run. For DICOM, "in-proc" decodes with every codec in this \
            process, alternated with the usual decode (compressed films in the decoder process): the last \
            column is the decoder process's cost as a ratio. The last line times a new decoder process's first film.
            """)

    @Option(name: .long, help: "Film width in pixels.") var width: Int = 3000
    @Option(name: .long, help: "Film height in pixels.") var height: Int = 2500
    @Option(name: .long, help: "Bits stored for DICOM and PNG (8...16).") var bits: Int = 16
    @Option(name: .long, help: "Timed decodes of each file.") var repeats: Int = 5
    @Option(name: .long, help: "Only these DICOM syntaxes (comma-separated; default: all).") var syntaxes: String?

    func validate() throws {
        guard width >= 1, height >= 1 else { throw ValidationError("--width and --height must be at least 1") }
        guard (8...16).contains(bits) else { throw ValidationError("--bits must be in 8...16") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        let known = Set(SynthSession.Syntax.allCases.map(\.rawValue))
        for name in syntaxes?.split(separator: ",") ?? [] where !known.contains(String(name)) {
            throw ValidationError("--syntaxes: \(name) is not one of \(SynthSession.Syntax.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        try DecodeBenchmark(width: width, height: height, bits: bits, repeats: repeats, syntaxes: syntaxes).run { print($0) }
    }
}

/// `lightbox bench-decode`, the old spelling of `lightbox bench decode`: refused with the new one named.
struct OldDecodeBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-decode", shouldDisplay: false)

    @Argument(parsing: .allUnrecognized) var rest: [String] = []

    func validate() throws {
        throw ValidationError("bench-decode is now a subcommand: lightbox bench decode")
    }
}
