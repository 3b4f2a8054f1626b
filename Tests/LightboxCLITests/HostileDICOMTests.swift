import Foundation
import Testing
import Storage
import TestSupport

/// Issue 22: a DICOM film that crashed GDCM/OpenJPEG took every other film's result with it.
@Suite("Hostile DICOM among good films", .serialized)
struct HostileDICOMTests {
    /// Four JPEG 2000 films and `bad.dcm`: one of them with Columns 1 (OpenJPEG wrote past GDCM's buffer).
    static func study() throws -> String {
        let root = try temporaryFolder()
        #expect(try lightbox(["synth", "--out", root + "/s", "--count", "4", "--size", "64", "--format", "dicom",
                              "--syntax", "j2k", "--bits", "12"]).status == 0)
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: root + "/s/NORMAL/phantom-0001.dcm")))
        let bad = try #require(DICOMMutation.settingColumns(good, to: 1))
        try Data(bad).write(to: URL(fileURLWithPath: root + "/s/bad.dcm"))
        return root
    }

    @Test("predict prints every good film's result and one line for the bad one")
    func predict() throws {
        let root = try Self.study()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try lightbox(["predict", root + "/s", "--format", "csv"])
        #expect(r.status == 1)
        #expect(r.out.split(separator: "\n").count == 5, "\(r.out)")   // header and four films
        for name in ["phantom-0001", "phantom-0002", "phantom-0003", "phantom-0004"] { #expect(r.out.contains(name)) }
        let lines = r.err.split(separator: "\n").filter { $0.contains("bad.dcm") }
        #expect(lines == ["lightbox: \(root)/s/bad.dcm: DICOM: JPEG 2000 codestream is 64x64 but the header says Columns 1, Rows 64"])
    }

    @Test("inspect reads the four good films and names the bad one")
    func inspect() throws {
        let root = try Self.study()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try lightbox(["inspect", root + "/s"])
        #expect(r.status == 1)
        #expect(r.err.contains("bad.dcm: DICOM: JPEG 2000 codestream is 64x64 but the header says Columns 1, Rows 64"))
        #expect(r.err.contains("inspect: 4 films read, 1 problem"))
    }
}
