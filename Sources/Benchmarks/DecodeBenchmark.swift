import Dispatch
import Foundation
import Imaging
import Storage
import Workflows

/// `lightbox bench decode`: decode time of one large phantom film in every format and DICOM
/// transfer syntax, beside the JPEG decode of the same film in the same run.
public struct DecodeBenchmark {
    public var width: Int, height: Int, bits: Int, repeats: Int
    /// Only these DICOM syntaxes (comma-separated raw values); nil for all.
    public var syntaxes: String?

    public init(width: Int, height: Int, bits: Int, repeats: Int, syntaxes: String?) {
        self.width = width; self.height = height; self.bits = bits; self.repeats = repeats; self.syntaxes = syntaxes
    }

    /// Wall-clock seconds of one run of `body`.
    func elapsed(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Measures, handing each line of the table to `line` as soon as it is known.
    public func run(line emit: (String) -> Void) throws {
        let film = ChestPhantom.render(width: width, height: height, seed: 7, pneumonia: true)
        var files: [(name: String, bytes: [UInt8])] = [("JPEG 8-bit q90", try JPEGCodec.encodeGray(film, quality: 90))]
        files.append(("PNG \(bits > 8 ? 16 : 8)-bit", try FilmWriter(format: bits > 8 ? .png16 : .png).encode(film)))
        let chosen = syntaxes.map { $0.split(separator: ",").compactMap { DICOMCodec.Syntax(rawValue: String($0)) } }
            ?? DICOMCodec.Syntax.allCases
        for syntax in chosen {
            let stored = min(bits, syntax.maximumBits)
            let writer = FilmWriter(format: .dicom, syntax: syntax, bits: stored)
            do { files.append(("DICOM \(syntax.rawValue) \(stored)-bit", try writer.encode(film))) } catch {
                writeStderr("bench decode: \(syntax.rawValue): \(error)\n")
            }
        }
        emit("file".padding(toLength: 30, withPad: " ", startingAt: 0)
              + "     bytes   full ms  model ms  full/JPEG  in-proc ms  full/in-proc")
        var reference = 0.0
        for (name, bytes) in files {
            let full = medianSeconds(repeats) { _ = try? FilmCodec.decode(bytes) }
            let model = medianSeconds(repeats) { _ = try? FilmCodec.decode(bytes, fittingAtLeast: (128, 128)) }
            if reference == 0 { reference = full }
            var line = name.padding(toLength: 30, withPad: " ", startingAt: 0)
                + String(format: "%10d %9.1f %9.1f %10.2f", bytes.count, full * 1000, model * 1000, full / reference)
            if name.hasPrefix("DICOM") {
                // The same decode with every codec in this process (no decoder process), alternated
                // with the routed decode so that a busy machine slows both alike: the process's cost.
                var inProcess: [Double] = [], routed: [Double] = []
                let limit = JPEGCodec.defaultPixelLimit
                _ = try? DICOMCodec.decode(bytes, pixelLimit: limit)
                for _ in 0..<max(1, repeats) {
                    inProcess.append(elapsed { _ = try? DICOMCodec.decodeInProcess(bytes, pixelLimit: limit) })
                    routed.append(elapsed { _ = try? DICOMCodec.decode(bytes, pixelLimit: limit) })
                }
                let a = inProcess.sorted()[inProcess.count / 2], b = routed.sorted()[routed.count / 2]
                line += String(format: " %11.1f %13.2f", a * 1000, b / a)
            }
            emit(line)
        }
        // A fresh decoder process: what the first compressed film of a run waits for, on an 8x8 RLE
        // film (start-up and dynamic loading; a new pool each time), against the same film decoded
        // by a running process.
        var tiny = DICOMCodec.WriteOptions()
        tiny.syntax = .rle
        if let small = try? DICOMCodec.encode(samples: [UInt16](repeating: 7, count: 64), width: 8, height: 8, options: tiny) {
            let limits = DecodeLimits(pixels: 1 << 20, decodedBytes: 1 << 20)
            var cold: [Double] = []
            for _ in 0..<max(1, repeats) {
                let pool = DecoderPool(.standard())
                cold.append(elapsed { _ = try? pool.decode(small, limits: limits) })
                pool.stopIdle()
            }
            let pool = DecoderPool(.standard())
            let warm = medianSeconds(repeats) { _ = try? pool.decode(small, limits: limits) }
            pool.stopIdle()
            let c = cold.sorted()[cold.count / 2]
            emit(String(format: "8x8 RLE film: in a new decoder process %.1f ms, in a running one %.2f ms (median of %d)",
                         c * 1000, warm * 1000, max(1, repeats)))
        }
    }
}
