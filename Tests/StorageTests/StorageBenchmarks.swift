import Foundation
import Imaging
import Testing
@testable import Storage

/// Timings for the report; run with `LIGHTBOX_BENCH=1 swift test -c release --filter StorageBenchmarks`.
@Suite("Storage benchmarks", .serialized, .enabled(if: ProcessInfo.processInfo.environment["LIGHTBOX_BENCH"] != nil))
struct StorageBenchmarks {
    /// Median wall time of `body` over `reps` runs, in milliseconds.
    private func medianMilliseconds(reps: Int, _ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        var samples: [Double] = []
        for _ in 0..<reps {
            let t = try clock.measure(body)
            samples.append(Double(t.components.attoseconds) / 1e15 + Double(t.components.seconds) * 1e3)
        }
        return samples.sorted()[reps / 2]
    }

    /// An RGB film-like pattern with mild deterministic noise (so Huffman decoding has work).
    private func noisyRGB(width: Int, height: Int) -> [UInt8] {
        var rgb = Fixtures.rgbPattern(width: width, height: height)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 0..<rgb.count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Int(state >> 60) - 8
            rgb[i] = UInt8(clamping: Int(rgb[i]) + noise)
        }
        return rgb
    }

    @Test("decode times at full and 1/8 scale")
    func decodeTimes() throws {
        for (w, h, reps) in [(224, 224, 201), (3000, 2500, 9)] {
            let jpeg = try JPEGCodec.encodeRGB(width: w, height: h, rgb: noisyRGB(width: w, height: h), quality: 90)
            let full = try medianMilliseconds(reps: reps) { _ = try JPEGCodec.decodeGray(jpeg) }
            let eighth = try medianMilliseconds(reps: reps) { _ = try JPEGCodec.decodeGray(jpeg, fittingAtLeast: (1, 1)) }
            let bytes = [UInt8](repeating: 7, count: w * h)
            let widen = medianMilliseconds(reps: reps) { _ = JPEGCodec.floats(bytes) }
            let grayJPEG = try JPEGCodec.encodeGray(Fixtures.luma(noisyRGB(width: w, height: h), width: w, height: h), quality: 90)
            let grayFull = try medianMilliseconds(reps: reps) { _ = try JPEGCodec.decodeGray(grayJPEG) }
            print("BENCH widen \(w)x\(h) bytes to Float: \(String(format: "%.3f", widen)) ms; grey JPEG \(grayJPEG.count) bytes full decode \(String(format: "%.3f", grayFull)) ms")
            print("BENCH decode \(w)x\(h) 4:2:0 q90 noisy \(jpeg.count) bytes: full \(String(format: "%.3f", full)) ms, 1/8 \(String(format: "%.3f", eighth)) ms")
            let smooth = try JPEGCodec.encodeRGB(width: w, height: h, rgb: Fixtures.rgbPattern(width: w, height: h), quality: 85)
            let smoothFull = try medianMilliseconds(reps: reps) { _ = try JPEGCodec.decodeGray(smooth) }
            let smoothEighth = try medianMilliseconds(reps: reps) { _ = try JPEGCodec.decodeGray(smooth, fittingAtLeast: (1, 1)) }
            print("BENCH decode \(w)x\(h) 4:2:0 q85 smooth \(smooth.count) bytes: full \(String(format: "%.3f", smoothFull)) ms, 1/8 \(String(format: "%.3f", smoothEighth)) ms")
        }
    }

    @Test("scan time for 5,000 files")
    func scanTime() throws {
        let folder = try TemporaryDirectory()
        try StudyScannerTests().makeManyFiles(in: folder, count: 5000)
        let ms = try medianMilliseconds(reps: 7) { _ = try StudyScanner.scan(root: folder.url("big")) }
        print("BENCH scan 5000 files in 100 folders: \(String(format: "%.2f", ms)) ms")
    }

    @Test("SHA-256 throughput")
    func shaThroughput() {
        let bytes = [UInt8](repeating: 0x5A, count: 64 << 20)
        let ms = medianMilliseconds(reps: 5) { _ = SHA256.hash(bytes) }
        print("BENCH SHA-256 64 MiB: \(String(format: "%.1f", ms)) ms = \(String(format: "%.0f", 64.0 * 1048.576 / ms)) MB/s")
    }
}
