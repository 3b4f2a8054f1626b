import Foundation
import Testing
import Storage
import TestSupport

@Suite("DICOM names from the command line")
struct DICOMNameCommandTests {
    @Test("inspect prints PS3.5 H.3.1's ISO 2022 IR 87 name decoded, no escape byte, and hides it with --anonymise")
    func inspectDecodesISO2022Name() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var options = DICOMCodec.WriteOptions()
        options.patientID = "H31"
        options.patientNameBytes = Array("Yamada^Tarou=\u{1B}$B;3ED\u{1B}(B^\u{1B}$BB@O:\u{1B}(B=\u{1B}$B$d$^$@\u{1B}(B^\u{1B}$B$?$m$&\u{1B}(B".utf8)
        options.specificCharacterSet = "\\ISO 2022 IR 87"
        let samples = (0..<(32 * 32)).map { UInt16($0 % 256) }
        let bytes = try DICOMCodec.encode(samples: samples, width: 32, height: 32, options: options)
        try Data(bytes).write(to: URL(fileURLWithPath: root + "/yamada.dcm"))
        let r = try lightbox(["inspect", root])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("patient H31 Yamada^Tarou=山田^太郎=やまだ^たろう"), "\(r.out)")
        #expect(!r.out.contains("\u{1B}") && !r.out.contains("\\x1b") && !r.out.contains("$B"))
        let anonymous = try lightbox(["inspect", "--anonymise", root])
        #expect(!anonymous.out.contains("山田") && !anonymous.out.contains("Yamada") && anonymous.out.contains("patient (hidden)"))
    }
}
