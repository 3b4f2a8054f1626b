import Foundation
import Imaging
import Storage

/// `lightbox bench storage`: JPEG decode at full and 1/8 scale, SHA-256 throughput and a
/// 5,000-file scan, each the median of several runs in this process, printed with the ratio
/// that matters (scaled decode against full decode).
public enum StorageBenchmark {
    /// Median wall time of `body` over `runs` runs after a warm-up (`medianSeconds`), in milliseconds.
    static func medianMilliseconds(runs: Int, _ body: () throws -> Void) -> Double {
        1000 * medianSeconds(runs) { try? body() }
    }

    /// The report, one line per measurement; `folder` is a scratch folder it fills and empties.
    public static func report(scratch folder: String) throws -> [String] {
        var lines: [String] = []
        for (side, runs) in [(224, 101), (2048, 9)] {
            let film = ChestPhantom.render(width: side, height: side, seed: 1, pneumonia: true)
            let jpeg = try JPEGCodec.encodeGray(film, quality: 90)
            let full = medianMilliseconds(runs: runs) { _ = try JPEGCodec.decodeGray(jpeg) }
            let eighth = medianMilliseconds(runs: runs) { _ = try JPEGCodec.decodeGray(jpeg, fittingAtLeast: (1, 1)) }
            lines.append(String(format: "decode %dx%d grey q90 (%d bytes): full %.3f ms, 1/8 scale %.3f ms (%.1fx faster)",
                                side, side, jpeg.count, full, eighth, full / eighth))
        }
        let bytes = [UInt8](repeating: 0x5A, count: 64 << 20)
        let sha = medianMilliseconds(runs: 5) { _ = SHA256.hash(bytes) }
        lines.append(String(format: "SHA-256 of 64 MiB: %.1f ms = %.0f MB/s", sha, 64 * 1.048576e3 / sha))

        let root = folder + "/scan"
        let film = try JPEGCodec.encodeGray(ChestPhantom.render(width: 64, height: 64, seed: 2, pneumonia: false))
        for group in 0..<100 {
            let dir = root + "/\(group % 2 == 0 ? "NORMAL" : "PNEUMONIA")/g\(group)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for i in 0..<50 { FileManager.default.createFile(atPath: dir + "/f\(i).jpeg", contents: Data(film)) }
        }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let scan = medianMilliseconds(runs: 7) { _ = try StudyScanner.scan(root: root) }
        lines.append(String(format: "scan of 5,000 films in 100 folders: %.2f ms", scan))
        return lines
    }
}
