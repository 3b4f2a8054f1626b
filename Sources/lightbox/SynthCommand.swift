import ReviewApp
import ArgumentParser
import Foundation
import Workflows
import Imaging
import Storage
import Numerics

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

    @Option(name: .long, help: "File format: \(FilmWriter.Format.choiceList).")
    var format: String = "jpeg"

    @Option(name: .long, help: "DICOM transfer syntax: \(DICOMCodec.Syntax.allCases.map(\.rawValue).joined(separator: ", ")).")
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
        guard FilmWriter.Format(rawValue: format) != nil else {
            throw ValidationError("--format must be one of \(FilmWriter.Format.choiceList)")
        }
        guard DICOMCodec.Syntax(rawValue: syntax) != nil else {
            throw ValidationError("--syntax must be one of \(DICOMCodec.Syntax.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (8...16).contains(bits) else { throw ValidationError("--bits must be in 8...16") }
    }

    private var writer: FilmWriter {
        FilmWriter(format: FilmWriter.Format(rawValue: format) ?? .jpeg, quality: quality,
                   syntax: DICOMCodec.Syntax(rawValue: syntax) ?? .explicitLE, bits: bits, monochrome1: monochrome1)
    }

    func run() throws {
        if let from { return try convert(from) }
        let fm = FileManager.default
        for folder in ["NORMAL", "PNEUMONIA"] {
            try fm.createDirectory(atPath: (out as NSString).appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let writer = self.writer
        let progress = ProgressReporter(label: "synth", total: count, unit: "films")
        let digits = max(4, String(count).count)
        let master = SplitMix64(seed: seed)
        for i in 0..<count {
            let pneumonia = i % 2 == 1
            var filmSeed = master.derived(UInt64(i))
            let image = ChestPhantom.render(width: size, height: size, seed: filmSeed.next(), pneumonia: pneumonia)
            let number = String(i + 1)
            let stem = "phantom-" + String(repeating: "0", count: digits - number.count) + number
            let bytes = try writer.encode(image, identity: (patientID: "PHANTOM\(number)", uid: "2.25.\(seed).\(i + 1)"))
            let name = stem + (noExtension ? "" : writer.fileExtension)
            let path = (out as NSString).appendingPathComponent((pneumonia ? "PNEUMONIA/" : "NORMAL/") + name)
            try AtomicFile.write(bytes, to: path)
            progress.advance()
        }
        progress.finish()
    }

    /// Writes every film found under `source` in the chosen format, keeping relative paths.
    private func convert(_ source: String) throws {
        let writer = self.writer
        var loader = FilmLoader()
        let cases = loader.scan([source])
        for studyCase in cases {
            let image: GrayImage
            do { image = try ImageFile.loadGray(path: studyCase.absolutePath) } catch {
                loader.report(error.description)
                continue
            }
            var relative = studyCase.relativePath
            if let dot = relative.lastIndex(of: "."), !relative[dot...].contains("/") { relative = String(relative[..<dot]) }
            let path = (out as NSString).appendingPathComponent(relative + (noExtension ? "" : writer.fileExtension))
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            // The UID comes from the pixels, not the position: two conversions never collide.
            try AtomicFile.write(try writer.encode(image, identity: (patientID: "CONVERTED", uid: FilmWriter.contentUID(of: image))), to: path)
        }
        if !loader.failures.isEmpty { throw ExitCode(1) }
    }
}
