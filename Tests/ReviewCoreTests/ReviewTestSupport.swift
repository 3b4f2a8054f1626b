import CellGrid
import Foundation
import Imaging
import Testing
@testable import ReviewCore
import Feedback

/// A fixed clock for key presses: 2026-01-02T03:04:05.000Z plus `step` seconds.
func time(_ step: Int = 0) -> UTCTimestamp {
    UTCTimestamp(millisecondsSinceEpoch: 1_767_323_045_000 + Int64(step) * 1000)
}

/// A 64-digit fake SHA-256 made from `n`.
func sha(_ n: Int) -> String {
    let hex = String(n, radix: 16)
    return String(repeating: "0", count: 64 - hex.count) + hex
}

/// A study of `count` films named `film00.jpeg`... in folders a/ and b/ alternately.
func makeState(count: Int = 6, model: String? = nil, width: Int = 80, height: Int = 24,
               colorMode: BlockImageColorMode = .palette256) -> AppState {
    let paths = (0..<count).map { ($0 % 2 == 0 ? "a/" : "b/") + "film" + ($0 < 10 ? "0" : "") + "\($0).jpeg" }
    return AppState(studyName: "demo", paths: paths, reviewer: "ana", modelID: model, threshold: 0.5,
                    colorMode: colorMode, width: width, height: height)
}

extension AppState {
    /// Sends keys at successive seconds and returns all effects.
    @discardableResult
    mutating func press(_ keys: Key..., from step: Int = 0) -> [Effect] {
        var effects: [Effect] = []
        for (i, key) in keys.enumerated() { effects += update(.key(key, at: time(step + i))) }
        return effects
    }

    /// Sends each character of `text` as a key.
    @discardableResult
    mutating func type(_ text: String) -> [Effect] {
        var effects: [Effect] = []
        for c in text { effects += update(.key(.character(c), at: time())) }
        return effects
    }

    /// Marks the log read, every film hashed (sha(i)) and, with `scores`, scored.
    mutating func settle(scores: [Double]? = nil, records: [FeedbackRecord] = []) {
        _ = update(.logLoaded(records: records, warnings: []))
        var digests: [String: String] = [:]
        for (i, c) in cases.enumerated() { digests[c.id.relativePath] = sha(i + 1) }
        _ = update(.hashed(digests))
        if let scores {
            var map: [String: Double] = [:]
            for (i, c) in cases.enumerated() where i < scores.count { map[c.id.relativePath] = scores[i] }
            _ = update(.predicted(map))
        }
    }

    /// Paths in worklist order.
    var listedPaths: [String] { order.map { cases[$0].id.relativePath } }
}

/// Only the `.appendVerdict` effects.
func verdictEffects(_ effects: [Effect]) -> [FeedbackRecord] {
    effects.compactMap { if case .appendVerdict(let r) = $0 { r } else { nil } }
}

/// Compares `grid.debugText` with `Snapshots/<name>.txt`; with LIGHTBOX_RECORD_SNAPSHOTS=1
/// the file is (re)written instead, to be reviewed by eye and committed.
func expectSnapshot(_ grid: CellGrid, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = folder.appendingPathComponent(name + ".txt")
    let text = grid.debugText + "\n"
    if ProcessInfo.processInfo.environment["LIGHTBOX_RECORD_SNAPSHOTS"] == "1" {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(text == expected, "snapshot \(name) differs; rerun with LIGHTBOX_RECORD_SNAPSHOTS=1 and review the diff",
            sourceLocation: sourceLocation)
}

/// A flat grey film `width` x `height` (one style run per row in snapshots).
func flatFilm(width: Int, height: Int, grey: Float = 128) -> GrayImage {
    GrayImage(width: width, height: height, value: grey)
}
