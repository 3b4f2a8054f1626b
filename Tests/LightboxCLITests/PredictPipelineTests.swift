import Foundation
import TestSupport
import Testing

@Suite("predict pipeline")
struct PredictPipelineTests {
    @Test("predict over several pipeline batches prints rows in scan order, names a bad film in the middle, and scores each film as it would alone")
    func rowsKeepOrderAcrossBatches() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try lightbox(["synth", "--out", root, "--count", "75", "--size", "96"]).status == 0)
        // A damaged film inside the second batch of 32.
        try Data("not a film".utf8).write(to: URL(fileURLWithPath: root + "/NORMAL/phantom-0041.jpeg"))
        let r = try lightbox(["predict", root, "--format", "csv"])
        #expect(r.status == 1)
        #expect(r.err.contains("phantom-0041.jpeg: not a JPEG"))
        #expect(r.err.contains("predict: 1 of 75 inputs failed"))
        let rows = r.out.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.count == 74)
        let paths = rows.map { $0[0] }
        let expected = (1...75).filter { $0 != 41 }.map { i in
            String(format: "%@/phantom-%04d.jpeg", i % 2 == 1 ? "NORMAL" : "PNEUMONIA", i)
        }.sorted().map { root + "/" + $0 }
        #expect(paths == expected)
        // The same probabilities as predicting each film on its own (a batch of its five views only).
        for row in [rows[0], rows[40], rows[73]] {
            let alone = try lightbox(["predict", row[0], "--format", "csv"])
            let fields = alone.out.split(separator: "\n")[1].split(separator: ",").map(String.init)
            #expect(fields[0] == row[0] && fields[1] == row[1] && fields[2] == row[2], "\(row[0])")
        }
    }
}
