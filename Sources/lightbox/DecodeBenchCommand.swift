import ArgumentParser
import Foundation
import ReviewApp
import Workflows
import Benchmarks

/// `lightbox bench-decode`: decode time of one large film in every format and DICOM transfer
/// syntax, beside the JPEG decode of the same film in the same run.
struct DecodeBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-decode",
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

    func run() throws {
        try DecodeBenchmark(width: width, height: height, bits: bits, repeats: repeats, syntaxes: syntaxes).run { print($0) }
    }
}
