import Foundation
import Imaging
import Testing
@testable import Storage

@Suite("PNG through libspng")
struct PNGCodecTests {
    @Test("8-bit grey round-trips exactly; 16-bit is windowed over its pixel range")
    func roundTrip() throws {
        let samples8: [UInt16] = (0..<60).map { UInt16($0 * 4) }
        let png8 = try PNGCodec.encodeGray(samples: samples8, width: 10, height: 6, bitDepth: 8)
        #expect(FilmFormat.sniff(png8) == .png)
        let film8 = try PNGCodec.decode(png8, pixelLimit: 100)
        #expect(film8.bitDepth == 8 && film8.values.pixels == samples8.map(Float.init))
        #expect(film8.greys.pixels == samples8.map(Float.init))
        let samples16: [UInt16] = (0..<60).map { UInt16(1000 + $0 * 700) }
        let film16 = try PNGCodec.decode(try PNGCodec.encodeGray(samples: samples16, width: 10, height: 6, bitDepth: 16),
                                         pixelLimit: 100)
        #expect(film16.bitDepth == 16 && film16.values.pixels == samples16.map(Float.init))
        #expect(film16.greys.pixels.first == 0 && film16.greys.pixels.last == 255)
        #expect(abs(film16.greys.pixels[30] - 255 * 30 / 59) < 1e-3)
    }

    @Test("a cut, corrupted or oversized PNG gives a one-line reason")
    func badFiles() throws {
        let png = try PNGCodec.encodeGray(samples: [UInt16](repeating: 7, count: 64 * 64), width: 64, height: 64, bitDepth: 8)
        #expect(throws: PNGError.self) { try PNGCodec.decode(Array(png.prefix(png.count / 2)), pixelLimit: 1 << 20) }
        #expect(throws: PNGError("4096 pixels exceeds the limit of 100 pixels".replacingOccurrences(of: "4096", with: "64x64"))) {
            try PNGCodec.decode(png, pixelLimit: 100)
        }
        #expect(throws: PNGError("not a PNG (no PNG signature)")) { try PNGCodec.decode([1, 2, 3], pixelLimit: 100) }
        var damaged = png
        damaged[40] ^= 0xFF   // inside IDAT: CRC or inflate fails
        #expect(throws: PNGError.self) { try PNGCodec.decode(damaged, pixelLimit: 1 << 20) }
    }
}

@Suite("Films found by content")
struct FilmFormatTests {
    @Test("JPEG, PNG, DICOM with preamble and bare DICOM datasets are told apart by their first bytes")
    func sniff() throws {
        let jpeg = try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 8, height: 8), quality: 80)
        #expect(FilmFormat.sniff(jpeg) == .jpeg)
        let dicom = try DICOMCodec.encode(samples: [1, 2, 3, 4], width: 2, height: 2, options: DICOMCodec.WriteOptions())
        #expect(FilmFormat.sniff(Array(dicom.prefix(132))) == .dicom)
        var bare = DICOMCodec.WriteOptions()
        bare.syntax = .noMeta
        let noMeta = try DICOMCodec.encode(samples: [1, 2, 3, 4], width: 2, height: 2, options: bare)
        #expect(FilmFormat.sniff(Array(noMeta.prefix(132))) == .dicom)
        #expect(try DICOMCodec.decode(noMeta, pixelLimit: 10).values.pixels == [1, 2, 3, 4])
        #expect(FilmFormat.sniff(Array("just some text that is long enough to be checked".utf8)) == nil)
        #expect(FilmFormat.sniff([UInt8](repeating: 0, count: 132)) == nil)
        #expect(FilmFormat.sniff([]) == nil)
    }

    @Test("films without an extension are found by content; other files are skipped and counted by kind")
    func scannerByContent() throws {
        let folder = try TemporaryDirectory()
        let jpeg = try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 8, height: 8), quality: 80)
        let dicom = try DICOMCodec.encode(samples: [1, 2, 3, 4], width: 2, height: 2, options: DICOMCodec.WriteOptions())
        let png = try PNGCodec.encodeGray(samples: [1, 2, 3, 4], width: 2, height: 2, bitDepth: 16)
        try folder.write("study/IM0001", dicom)
        try folder.write("study/scan.dcm", dicom)
        try folder.write("study/export", png)
        try folder.write("study/photo.bin", jpeg)
        try folder.write("study/notes.txt", Array("notes".utf8))
        try folder.write("study/readme", Array("more notes".utf8))
        try folder.write("study/report.pdf", Array("%PDF-1.4 ...".utf8))
        try folder.write("study/empty", [])
        let scan = try StudyScanner.scan(root: folder.url("study"))
        #expect(scan.cases.map(\.relativePath) == ["IM0001", "export", "photo.bin", "scan.dcm"])
        #expect(scan.skippedNonFilms == 4)
        #expect(scan.skippedByKind == ["text": 2, "PDF document": 1, "empty file": 1])
        #expect(scan.skipped.map(\.description).contains("report.pdf: skipped, not a film (PDF document)"))
        for studyCase in scan.cases {
            #expect((try? ImageFile.loadFilm(path: studyCase.absolutePath).image) != nil, "\(studyCase.relativePath)")
        }
        // A single file without extension is a study of one film when its content is one.
        #expect(try StudyScanner.scan(root: folder.url("study/IM0001")).cases.count == 1)
        #expect(throws: StudyScanError.notAStudy(folder.url("study/readme"))) {
            try StudyScanner.scan(root: folder.url("study/readme"))
        }
    }

    @Test("a DICOM or PNG film reduced for the model matches the JPEG decoder's scaled output closely")
    func reducedLikeJPEG() throws {
        let source = Fixtures.grayPattern(width: 400, height: 320)
        let jpeg = try JPEGCodec.encodeGray(source, quality: 100)
        let decoded = try JPEGCodec.decodeGray(jpeg)
        let samples = decoded.pixels.map { UInt16($0) }
        let dicom = try DICOMCodec.encode(samples: samples, width: 400, height: 320, options: DICOMCodec.WriteOptions())
        let fromJPEG = try FilmCodec.decode(jpeg, fittingAtLeast: (50, 40))
        let fromDICOM = try FilmCodec.decode(dicom, fittingAtLeast: (50, 40))
        #expect(fromJPEG.image.width == fromDICOM.image.width && fromJPEG.image.height == fromDICOM.image.height)
        #expect(fromDICOM.fullWidth == 400 && fromDICOM.format == .dicom && fromJPEG.format == .jpeg)
        // Same 8x8 block means up to the range mapping (affine) and JPEG rounding.
        let a = fromJPEG.image.pixels, b = fromDICOM.image.pixels
        let (lo, hi) = (samples.min()!, samples.max()!)
        let mapped = a.map { ($0 - Float(lo)) / Float(hi - lo) * 255 }
        #expect(zip(mapped, b).map { abs($0 - $1) }.max()! < 3)
    }
}
