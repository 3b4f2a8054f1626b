import ArgumentParser
import Foundation
import ReviewApp
import Workflows
import Benchmarks
import Imaging
import Storage

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
            same film decoded in full in the same run.
            """)

    @Option(name: .long, help: "Film width in pixels.") var width: Int = 3000
    @Option(name: .long, help: "Film height in pixels.") var height: Int = 2500
    @Option(name: .long, help: "Bits stored for DICOM and PNG (8...16).") var bits: Int = 16
    @Option(name: .long, help: "Timed decodes of each file.") var repeats: Int = 5
    @Option(name: .long, help: "Only these DICOM syntaxes (comma-separated; default: all).") var syntaxes: String?

    func run() throws {
        let film = ChestPhantom.render(width: width, height: height, seed: 7, pneumonia: true)
        var files: [(name: String, bytes: [UInt8])] = [("JPEG 8-bit q90", try JPEGCodec.encodeGray(film, quality: 90))]
        files.append(("PNG \(bits > 8 ? 16 : 8)-bit", try FilmWriter(format: bits > 8 ? .png16 : .png).encode(film)))
        let chosen = syntaxes.map { $0.split(separator: ",").compactMap { DICOMCodec.Syntax(rawValue: String($0)) } }
            ?? DICOMCodec.Syntax.allCases
        for syntax in chosen {
            let stored = min(bits, syntax.maximumBits)
            let writer = FilmWriter(format: .dicom, syntax: syntax, bits: stored)
            do { files.append(("DICOM \(syntax.rawValue) \(stored)-bit", try writer.encode(film))) } catch {
                writeStderr("bench-decode: \(syntax.rawValue): \(error)\n")
            }
        }
        print("file".padding(toLength: 30, withPad: " ", startingAt: 0)
              + "     bytes   full ms  model ms  full/JPEG  in-proc ms  full/in-proc")
        var reference = 0.0
        for (name, bytes) in files {
            let full = medianSeconds(repeats) { _ = try? FilmCodec.decode(bytes) }
            let model = medianSeconds(repeats) { _ = try? FilmCodec.decode(bytes, fittingAtLeast: (128, 128)) }
            if reference == 0 { reference = full }
            var line = name.padding(toLength: 30, withPad: " ", startingAt: 0)
                + String(format: "%10d %9.1f %9.1f %10.2f", bytes.count, full * 1000, model * 1000, full / reference)
            if name.hasPrefix("DICOM") {
                // The same decode with every codec in this process (no decoder process): its cost.
                let inProcess = medianSeconds(repeats) { _ = try? DICOMCodec.decodeInProcess(bytes, pixelLimit: JPEGCodec.defaultPixelLimit) }
                let routed = medianSeconds(repeats) { _ = try? DICOMCodec.decode(bytes, pixelLimit: JPEGCodec.defaultPixelLimit) }
                line += String(format: " %11.1f %13.2f", inProcess * 1000, routed / inProcess)
            }
            print(line)
        }
        // A fresh decoder process: what the first compressed film of a run waits for.
        if let first = files.first(where: { $0.name.hasPrefix("DICOM j2k ") || $0.name.hasPrefix("DICOM rle ") }) {
            let pool = DecoderPool(.standard())
            let limits = DecodeLimits(pixels: UInt64(JPEGCodec.defaultPixelLimit), decodedBytes: DICOMCodec.defaultDecodedByteLimit)
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try? pool.decode(first.bytes, limits: limits)
            let cold = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let warm = medianSeconds(repeats) { _ = try? pool.decode(first.bytes, limits: limits) }
            print(String(format: "%@: first film in a new decoder process %.1f ms, then %.1f ms (start-up %.1f ms)",
                         first.name, cold * 1000, warm * 1000, (cold - warm) * 1000))
            pool.stopIdle()
        }
    }
}
