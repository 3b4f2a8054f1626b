import Foundation
import Imaging
import Numerics
import Storage

/// `lightbox synth`'s work: writes synthetic chest phantoms, or converts the films of a folder,
/// in one file format.
public struct SynthSession {
    /// File formats a film can be written in.
    public typealias Format = FilmWriter.Format
    /// DICOM transfer syntaxes.
    public typealias Syntax = DICOMCodec.Syntax

    public var out: String
    public var noExtension: Bool
    let writer: FilmWriter

    /// A session writing into `out` with the given encoder settings.
    public init(out: String, format: Format, quality: Int, syntax: Syntax, bits: Int, monochrome1: Bool, noExtension: Bool) {
        self.out = out
        self.noExtension = noExtension
        writer = FilmWriter(format: format, quality: quality, syntax: syntax, bits: bits, monochrome1: monochrome1)
    }

    /// Writes `count` phantoms of `size` x `size` pixels into out/NORMAL and out/PNEUMONIA
    /// (alternating, from `seed`), with a progress line on stderr.
    public func renderPhantoms(count: Int, size: Int, seed: UInt64) throws {
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

    /// Writes every film found under `source` in the chosen format, keeping relative paths;
    /// returns how many films could not be read (each named on stderr).
    public func convert(_ source: String) throws -> Int {
        var loader = FilmLoader()
        let cases = loader.scan([source])
        for studyCase in cases {
            let image: GrayImage
            do { image = try ImageFile.loadFilm(path: studyCase.absolutePath).image } catch {
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
        return loader.failures.count
    }
}
