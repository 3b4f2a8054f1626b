import Foundation
import Imaging
import Testing
@testable import Storage

@Suite("Image files")
struct ImageFileTests {
    @Test("a JPEG file loads at full size and at a scale covering the pane")
    func loadsFilm() throws {
        let folder = try TemporaryDirectory()
        let source = Fixtures.grayPattern(width: 400, height: 320)
        let path = try folder.write("film.jpeg", try JPEGCodec.encodeGray(source, quality: 90))
        let full = try ImageFile.loadFilm(path: path).image
        #expect(full.width == 400 && full.height == 320)
        #expect(Fixtures.meanAbsoluteError(full, source) < 1.5)
        let small = try ImageFile.loadFilm(path: path, fittingAtLeast: (40, 30)).image
        #expect(small.width == 50 && small.height == 40)
        #expect(try ImageFile.readHeader(path: path).width == 400)
    }

    @Test("every bad file gives a one-line error naming the file and the reason")
    func badFiles() throws {
        let folder = try TemporaryDirectory()
        let good = try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 64, height: 64), quality: 90)
        let empty = try folder.write("scan.jpeg", [])
        let text = try folder.write("notes.jpeg", Array("Hello world\n".utf8))
        let cut = try folder.write("cut.jpeg", Array(good.prefix(good.count / 2)))
        let huge = try folder.write("huge.jpeg", Fixtures.patchFrameSize(good, width: 60000, height: 60000))
        let missing = folder.url("missing.jpeg")
        try folder.makeFolder("folder.jpeg")
        let cases: [(String, String)] = [
            (empty, "empty file (0 bytes)"),
            (text, "not a JPEG (starts with \"Hello wo\")"),
            (cut, "corrupt or truncated JPEG (Premature end of JPEG file)"),
            (huge, "60000x60000 pixels exceeds the limit of 100000000 pixels"),
            (missing, "no such file"),
            (folder.url("folder.jpeg"), "is a folder, not a file"),
        ]
        for (path, reason) in cases {
            do {
                _ = try ImageFile.loadFilm(path: path, fittingAtLeast: (10, 10)).image
                Issue.record("\(path) loaded without error")
            } catch {
                #expect(error.description == "\(path): \(reason)")
                #expect(!error.description.contains("\n"))
                #expect(error.path == path)
            }
        }
    }

    @Test("files above the byte limit are refused without being read")
    func byteLimit() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("big.jpeg", [UInt8](repeating: 0xFF, count: 3000))
        #expect(throws: ImageLoadError(path: path, reason: .fileTooLarge(bytes: 3000, limit: 2048))) {
            try ImageFile.readBytes(path: path, byteLimit: 2048)
        }
        #expect(ImageLoadError(path: "x.jpeg", reason: .fileTooLarge(bytes: 11_500_000_000, limit: 256 << 20)).description
            == "x.jpeg: file is 10.7 GiB (11500000000 bytes), above the limit of 256.0 MiB (268435456 bytes)")
        #expect(try ImageFile.readBytes(path: path, byteLimit: 3000).count == 3000)
    }

    @Test("a FIFO named like a JPEG is refused instead of blocking")
    func fifo() throws {
        let folder = try TemporaryDirectory()
        let path = folder.url("pipe.jpeg")
        #expect(mkfifo(path, 0o644) == 0)
        #expect(throws: ImageLoadError(path: path, reason: .notRegularFile)) { try ImageFile.readBytes(path: path) }
    }

    @Test("control characters in a path do not break the one-line message")
    func controlCharacters() {
        let error = ImageLoadError(path: "evil\nname.jpeg", reason: .noSuchFile)
        #expect(error.description == "evil?name.jpeg: no such file")
    }
}
