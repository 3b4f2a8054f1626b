import Foundation
import Feedback
import Testing
@testable import Storage

@Suite("DICOM header text in a file")
struct DICOMHeaderTextTests {
    /// PS3.5 H.3.1's Patient's Name, byte for byte.
    static let yamadaBytes: [UInt8] = Array("Yamada^Tarou=\u{1B}$B;3ED\u{1B}(B^\u{1B}$BB@O:\u{1B}(B=\u{1B}$B$d$^$@\u{1B}(B^\u{1B}$B$?$m$&\u{1B}(B".utf8)

    static func film(syntax: DICOMCodec.Syntax = .explicitLE, configure: (inout DICOMCodec.WriteOptions) -> Void) throws -> FilmMetadata {
        let samples = DICOMCodecTests.samples(width: 16, height: 8, bits: 8)
        let bytes = try DICOMCodecTests.encode(samples, width: 16, height: 8) {
            $0.syntax = syntax
            configure(&$0)
        }
        return try DICOMCodec.decode(bytes, pixelLimit: 1 << 20).metadata
    }

    @Test("a Japanese name in ISO 2022 IR 87 reads as PS3.5 H.3.1 prints it, here and through the decoder process",
          arguments: [DICOMCodec.Syntax.explicitLE, .jpeg2000Lossless])
    func japaneseName(syntax: DICOMCodec.Syntax) throws {
        let metadata = try Self.film(syntax: syntax) {
            $0.patientID = "H31"
            $0.patientNameBytes = Self.yamadaBytes
            $0.specificCharacterSet = "\\ISO 2022 IR 87"
        }
        #expect(metadata.patientName == "Yamada^Tarou=山田^太郎=やまだ^たろう")
        #expect(metadata.summary(anonymised: false).contains("patient H31 Yamada^Tarou=山田^太郎=やまだ^たろう"))
        #expect(!metadata.summary(anonymised: true).contains("Yamada"))
    }

    @Test("a Korean name in ISO 2022 IR 149 reads as PS3.5 I.2 prints it")
    func koreanName() throws {
        let name: [UInt8] = Array("Hong^Gildong=\u{1B}$)C".utf8) + [0xFB, 0xF3] + Array("^\u{1B}$)C".utf8) + [0xD1, 0xCE, 0xD4, 0xD7]
            + Array("=\u{1B}$)C".utf8) + [0xC8, 0xAB] + Array("^\u{1B}$)C".utf8) + [0xB1, 0xE6, 0xB5, 0xBF]
        let metadata = try Self.film {
            $0.patientNameBytes = name
            $0.specificCharacterSet = "\\ISO 2022 IR 149"
        }
        #expect(metadata.patientName == "Hong^Gildong=洪^吉洞=홍^길동")
    }

    @Test("terminal escapes in a name or ID reach no one: escape sequences consumed, controls made ?")
    func hostileText() throws {
        let metadata = try Self.film {
            $0.patientID = "ID\u{1B}]0;title\u{07}"
            $0.patientNameBytes = Array("Evil\u{1B}[2J\u{1B}$B;3\u{1B}(B\r\n".utf8)
            $0.specificCharacterSet = "\\ISO 2022 IR 87"
        }
        for text in [metadata.patientID, metadata.patientName, metadata.summary(anonymised: false)] {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(text.debugDescription)")
        }
        #expect(metadata.patientName == "Evil\u{FFFD}2J山??")
    }

    @Test("a UTF-8 patient ID longer than the header field is cut between characters, never inside one")
    func longIDCutWhole() throws {
        let metadata = try Self.film { $0.patientID = String(repeating: "山", count: 30) }
        #expect(!metadata.patientID.contains("\u{FFFD}"))
        #expect(metadata.patientID == String(repeating: "山", count: 23))
    }

    @Test("a header field longer than GDCM's text buffer is cut between UTF-8 characters, never inside one")
    func longFieldCutWhole() throws {
        let samples = DICOMCodecTests.samples(width: 16, height: 8, bits: 8)
        var bytes = try DICOMCodecTests.encode(samples, width: 16, height: 8) { $0.viewPosition = "PA" }
        // View Position (0018,5101) CS "PA" in explicit VR little endian, made 90 bytes of 山.
        let element: [UInt8] = [0x18, 0x00, 0x01, 0x51, 0x43, 0x53, 0x02, 0x00, 0x50, 0x41]
        let at = try #require((0..<(bytes.count - element.count)).first { Array(bytes[$0..<($0 + element.count)]) == element })
        let value = Array(String(repeating: "山", count: 30).utf8)
        bytes.replaceSubrange(at..<(at + element.count), with: Array(element[0..<6]) + [UInt8(value.count), 0] + value)
        let metadata = try DICOMCodec.decode(bytes, pixelLimit: 1 << 20).metadata
        #expect(metadata.viewPosition == String(repeating: "山", count: 23))
    }
}
