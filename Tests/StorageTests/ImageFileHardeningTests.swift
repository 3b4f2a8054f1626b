import Foundation
import Imaging
import Storage
import Testing

@Suite("image file hardening")
struct ImageFileHardeningTests {
    @Test("libjpeg's 'Unsupported marker type' and impossible precisions are called corrupt; 12-bit stays unsupported",
          arguments: [("Unsupported marker type 0x05", true), ("Unsupported JPEG data precision 0", true),
                      ("Unsupported JPEG data precision 1", true), ("Unsupported JPEG data precision 9", true),
                      ("Unsupported JPEG data precision 255", true), ("Unsupported JPEG data precision 12", false),
                      ("Unsupported JPEG process: SOF type 0xc3", false)])
    func corruptNotUnsupported(_ message: String, _ corrupt: Bool) {
        let error = JPEGCodec.classify(message)
        #expect(corrupt ? error == .corrupt(message) : error == .unsupported(message))
    }

    @Test("a film with an impossible precision byte reads as corrupt")
    func badPrecisionFile() throws {
        var bytes = try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 16, height: 16), quality: 80)
        let sof = try #require((0..<(bytes.count - 4)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        bytes[sof + 4] = 9
        #expect(throws: JPEGError.self) { try JPEGCodec.decodeGray(bytes) }
        do { _ = try JPEGCodec.decodeGray(bytes) } catch {
            guard case .corrupt = error else { Issue.record("\(error)"); return }
        }
    }

    @Test("a large file whose header gives 0x0 pixels is refused after reading only its first bytes")
    func headerFirst() throws {
        let folder = try TemporaryDirectory()
        var bytes = try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 16, height: 16), quality: 80)
        let sof = try #require((0..<(bytes.count - 9)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        for i in 5...8 { bytes[sof + i] = 0 }
        // A byte limit below the file size shows the whole file is never read: the header decides first.
        let path = try folder.write("zero.jpg", bytes + [UInt8](repeating: 0, count: 4 << 20))
        for load in [{ _ = try ImageFile.loadFilm(path: path, byteLimit: 1 << 20).image },
                     { _ = try ImageFile.check(path: path, byteLimit: 1 << 20) }] as [() throws -> Void] {
            do { try load(); Issue.record("accepted") } catch {
                #expect("\(error)".contains("corrupt"), "\(error)")
            }
        }
    }

    @Test("the segment walk asks for more only when segments before the frame header run past the prefix")
    func segmentWalk() throws {
        let film = try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 16, height: 16), quality: 80)
        #expect(!JPEGCodec.segmentsRunPast(film))               // reaches SOF0
        #expect(JPEGCodec.segmentsRunPast(Array(film.prefix(6)))) // cut inside the first segment
        let app = [0xFF, 0xE1, 0xFF, 0xFF] as [UInt8] + [UInt8](repeating: 0, count: 100)
        #expect(JPEGCodec.segmentsRunPast([0xFF, 0xD8] + app))   // a 64 KB APP1 cut after 100 bytes
        #expect(!JPEGCodec.segmentsRunPast([0xFF, 0xD8, 0x00, 0x00, 0x00]))  // junk after SOI
        #expect(!JPEGCodec.segmentsRunPast(Array("not a jpeg".utf8)))
    }
}
