import Foundation
import Testing
import Storage
import TestSupport

/// Probabilities from `predict --format csv` run on `folder`, by path inside the folder without
/// a .jpeg/.dcm/.png extension.
private func probabilities(_ csv: String, in folder: String) -> [String: Double] {
    var out: [String: Double] = [:]
    for line in csv.split(separator: "\n").dropFirst() {
        let cells = line.split(separator: ",")
        guard cells.count >= 3, let p = Double(cells[2]) else { continue }
        var path = String(cells[0])
        guard path.hasPrefix(folder + "/") else { continue }
        path.removeFirst(folder.count + 1)
        for suffix in [".jpeg", ".dcm", ".png"] where path.hasSuffix(suffix) { path.removeLast(suffix.count) }
        out[path] = p
    }
    return out
}

@Suite("DICOM and PNG from the command line", .serialized)
struct DICOMCommandTests {
    @Test("films converted to DICOM (8-bit, 12-bit windowed, MONOCHROME1, several syntaxes, no extension) and 16-bit PNG score as their JPEGs")
    func sameProbabilityAsJPEG() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let jpeg = root + "/jpeg"
        #expect(try lightbox(["synth", "--out", jpeg, "--count", "4", "--size", "192"]).status == 0)
        let reference = probabilities(try lightbox(["predict", jpeg, "--format", "csv"]).out, in: jpeg)
        #expect(reference.count == 4)
        let variants: [[String]] = [
            ["--format", "dicom", "--syntax", "implicit", "--bits", "8"],
            ["--format", "dicom", "--syntax", "jpeg-ls", "--bits", "12"],
            ["--format", "dicom", "--syntax", "j2k", "--bits", "12", "--monochrome1"],
            ["--format", "dicom", "--syntax", "rle", "--bits", "16"],
            ["--format", "dicom", "--syntax", "jpeg-extended", "--bits", "12"],
            ["--format", "dicom", "--syntax", "no-meta", "--bits", "10"],
            ["--format", "png16"],
        ]
        for (i, variant) in variants.enumerated() {
            let out = root + "/v\(i)"
            #expect(try lightbox(["synth", "--from", jpeg, "--out", out, "--no-extension"] + variant).status == 0)
            let r = try lightbox(["predict", out, "--format", "csv"])
            #expect(r.status == 0, "\(variant): \(r.err)")
            let got = probabilities(r.out, in: out)
            #expect(got.count == reference.count, "\(variant)")
            for (path, p) in reference {
                let q = try #require(got[path], "\(variant) lacks \(path)")
                #expect(abs(p - q) < 0.01, "\(variant) \(path): \(p) vs \(q)")
            }
        }
    }

    @Test("inspect names each film's format, each bad DICOM with its reason and each skipped file by kind")
    func inspectNamesEverything() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try lightbox(["synth", "--out", root + "/s", "--count", "2", "--size", "64", "--format", "dicom",
                              "--syntax", "j2k", "--bits", "12", "--no-extension"]).status == 0)
        let good = try Data(contentsOf: URL(fileURLWithPath: root + "/s/NORMAL/phantom-0001"))
        try good.prefix(good.count - 300).write(to: URL(fileURLWithPath: root + "/s/cut"))
        try Data("notes".utf8).write(to: URL(fileURLWithPath: root + "/s/README"))
        // A DICOM dataset without pixel data: the good file cut before (7FE0,0010).
        let bytes = [UInt8](good)
        let tag: [UInt8] = [0xE0, 0x7F, 0x10, 0x00]
        let at = try #require((0..<(bytes.count - 4)).last { Array(bytes[$0..<($0 + 4)]) == tag })
        try Data(bytes.prefix(at)).write(to: URL(fileURLWithPath: root + "/s/nopixels"))
        let r = try lightbox(["inspect", root + "/s"])
        #expect(r.status == 1)
        #expect(r.out.contains("NORMAL/phantom-0001\tNORMAL\t64\t64\t"))
        #expect(r.out.contains("JPEG 2000 Image Compression (Lossless Only)"))
        #expect(r.out.contains("DX PA CHEST · patient PHANTOM1"))
        #expect(r.err.contains("/s/cut: DICOM: item in pixel data declares "))
        #expect(r.err.contains("/s/nopixels: DICOM: DICOM without pixel data, not an image (Digital X-Ray Image Storage - For Presentation)"))
        #expect(r.err.contains("inspect: README: skipped, not a film (text)"))
        #expect(r.err.contains("inspect: 1 file skipped, not films: 1 text"))
        let anonymous = try lightbox(["inspect", "--anonymise", root + "/s/NORMAL"])
        #expect(!anonymous.out.contains("PHANTOM1") && !anonymous.out.contains("2.25.") && anonymous.out.contains("DX PA CHEST"))
    }
}
