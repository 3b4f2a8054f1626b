import Foundation
import Storage
import Testing

@Suite("Study scanner links")
struct StudyScannerLinkTests {
    @Test("by default links out of the study root (to /, to a folder or film outside) are skipped as problems; links inside are kept")
    func linksOutOfRoot() throws {
        let folder = try TemporaryDirectory()
        let jpeg = try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 8, height: 8), quality: 80)
        try folder.write("outside/e.jpg", jpeg)
        try folder.write("study/NORMAL/own.jpg", jpeg)
        try folder.symlink("study/root", to: "/")
        try folder.symlink("study/ext", to: folder.url("outside"))
        try folder.symlink("study/film.jpg", to: folder.url("outside/e.jpg"))
        try folder.symlink("study/inside", to: "NORMAL")
        let scan = try StudyScanner.scan(root: folder.url("study"))
        #expect(scan.cases.map(\.relativePath) == ["NORMAL/own.jpg"])
        #expect(scan.problems.map(\.path) == ["ext", "film.jpg", "inside", "root"])
        #expect(scan.problems.filter { $0.reason.contains("outside the study folder") }.map(\.path) == ["ext", "film.jpg", "root"])
    }
}
