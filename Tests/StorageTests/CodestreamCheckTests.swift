import Foundation
import Imaging
import Testing
@testable import Storage

/// Films Lightbox writes, with their header mutated the ways that crashed OpenJPEG and GDCM (issue 22).
@Suite("Codestream checked against the DICOM header")
struct CodestreamCheckTests {
    static func film(_ syntax: DICOMCodec.Syntax, size: Int = 64, bits: Int = 12) throws -> [UInt8] {
        var options = DICOMCodec.WriteOptions()
        options.syntax = syntax
        options.bitsStored = min(bits, syntax.maximumBits)
        let top = Float((1 << options.bitsStored) - 1)
        let samples = Fixtures.grayPattern(width: size, height: size).pixels.map { UInt16(($0 / 255 * top).rounded()) }
        return try DICOMCodec.encode(samples: samples, width: size, height: size, options: options)
    }

    static func reason(_ bytes: [UInt8]) -> String? {
        do {
            _ = try DICOMCodec.decode(bytes, pixelLimit: 1 << 20)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test("every compressed syntax Lightbox writes passes the check",
          arguments: DICOMCodec.Syntax.allCases.filter { ![.implicitLE, .explicitLE, .explicitBE, .deflated, .noMeta].contains($0) })
    func cleanFilmsPass(syntax: DICOMCodec.Syntax) throws {
        let bytes = try Self.film(syntax)
        let fragment = try #require(DICOMMutation.firstFragment(of: bytes))
        #expect(!fragment.isEmpty)
        #expect(Self.reason(bytes) == nil)
    }

    @Test("JPEG 2000 with Columns 1, 63, or Rows 2 Columns 3 is refused with both sizes, before OpenJPEG runs",
          arguments: [(64, 1), (64, 63), (2, 3)])
    func jpeg2000Size(rows: Int, columns: Int) throws {
        var bytes = try Self.film(.jpeg2000Lossless)
        if rows != 64 { bytes = try #require(DICOMMutation.settingRows(bytes, to: UInt16(rows))) }
        bytes = try #require(DICOMMutation.settingColumns(bytes, to: UInt16(columns)))
        #expect(Self.reason(bytes) == "JPEG 2000 codestream is 64x64 but the header says Columns \(columns), Rows \(rows)")
    }

    @Test("JPEG 2000 SIZ: components, subsampling, precision and tiling are checked")
    func jpeg2000Fields() throws {
        let bytes = try Self.film(.jpeg2000Lossless)
        let range = try #require(DICOMMutation.firstFragment(of: bytes))
        let frame = Array(bytes[range])
        let header = CodestreamCheck.Header(columns: 64, rows: 64, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 12)
        let j2k = "1.2.840.10008.1.2.4.90"
        #expect(CodestreamCheck.problem(syntax: j2k, header: header, frame: frame) == nil)
        // SIZ starts at 2: marker, Lsiz, Rsiz, Xsiz @6, Ysiz @10, XOsiz @14, YOsiz @18, XTsiz @22, YTsiz @26,
        // XTOsiz @30, YTOsiz @34, Csiz @38, then Ssiz XRsiz YRsiz @40.
        var subsampled = frame
        subsampled[2 + 41] = 2
        #expect(CodestreamCheck.problem(syntax: j2k, header: header, frame: subsampled) == "JPEG 2000 component 1 is subsampled (2x1), not read")
        var deep = frame
        deep[2 + 40] = 0x1F   // 32-bit precision
        #expect(CodestreamCheck.problem(syntax: j2k, header: header, frame: deep) == "JPEG 2000 component 1 has 32 bits, more than Bits Allocated 16")
        var noTile = frame
        noTile[2 + 22 ... 2 + 25] = [0, 0, 0, 0]
        #expect(CodestreamCheck.problem(syntax: j2k, header: header, frame: noTile)?.hasPrefix("JPEG 2000 tiling is invalid") == true)
        var rgb = header
        rgb.samplesPerPixel = 3
        #expect(CodestreamCheck.problem(syntax: j2k, header: rgb, frame: frame) == "JPEG 2000 codestream has 1 components but Samples per Pixel is 3")
        #expect(CodestreamCheck.problem(syntax: j2k, header: header, frame: Array(frame.prefix(20))) == "JPEG 2000 SIZ marker is cut short")
        #expect(CodestreamCheck.problem(syntax: j2k, header: header, frame: []) == "JPEG 2000 frame has no codestream (no SOC marker)")
    }

    @Test("JPEG-LS with Columns 1 is refused; GDCM takes a JPEG film's size from its SOF, which then agrees")
    func jpegSize() throws {
        let ls = try #require(DICOMMutation.settingColumns(try Self.film(.jpegLSLossless), to: 1))
        #expect(Self.reason(ls) == "JPEG-LS frame is 64x64 but the header says Columns 1, Rows 64")
        for syntax in [DICOMCodec.Syntax.jpegBaseline, .jpegExtended, .jpegLossless] {
            let bytes = try #require(DICOMMutation.settingColumns(try Self.film(syntax), to: 1))
            let film = try DICOMCodec.decode(bytes, pixelLimit: 1 << 20)
            #expect(film.values.width == 64, "\(syntax)")
        }
    }

    @Test("JPEG SOF: size, components, precision and sampling factors are checked")
    func jpegFields() throws {
        let bytes = try Self.film(.jpegExtended)
        let frame = Array(bytes[try #require(DICOMMutation.firstFragment(of: bytes))])
        let header = CodestreamCheck.Header(columns: 64, rows: 64, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 12)
        let jpeg = "1.2.840.10008.1.2.4.51"
        #expect(CodestreamCheck.problem(syntax: jpeg, header: header, frame: frame) == nil)
        var narrow = header
        narrow.columns = 1
        #expect(CodestreamCheck.problem(syntax: jpeg, header: narrow, frame: frame) == "JPEG frame is 64x64 but the header says Columns 1, Rows 64")
        var eight = header
        eight.bitsAllocated = 8
        #expect(CodestreamCheck.problem(syntax: jpeg, header: eight, frame: frame) == "JPEG frame has 16-bit samples, Bits Allocated is 8")
        let sof = try #require(frame.indices.first { frame[$0] == 0xFF && frame[$0 + 1] == 0xC1 })
        var sampling = frame
        sampling[sof + 2 + 9] = 0x51   // component 1: H 5, V 1
        #expect(CodestreamCheck.problem(syntax: jpeg, header: header, frame: sampling) == "JPEG component 1 has sampling factors 5x1 (1...4 allowed)")
        var dnl = frame
        dnl[sof + 2 + 3] = 0
        dnl[sof + 2 + 4] = 0
        #expect(CodestreamCheck.problem(syntax: jpeg, header: header, frame: dnl) == "JPEG frame leaves its height to a DNL marker, not read")
        #expect(CodestreamCheck.problem(syntax: jpeg, header: header, frame: [0xFF, 0xD8, 0xFF, 0xD9]) == "JPEG frame ends before its frame header (SOF)")
    }

    @Test("RLE: a flipped bit in the segment count or an offset is refused")
    func rleHeader() throws {
        let bytes = try Self.film(.rle)   // 12 bits in 16: two segments
        let count = try #require(DICOMMutation.flippingFragmentBit(bytes, offset: 0, bit: 2))
        #expect(Self.reason(count) == "RLE frame has 6 segments, 2 expected for 1 sample(s) of 16 bits")
        let first = try #require(DICOMMutation.flippingFragmentBit(bytes, offset: 4, bit: 3))
        #expect(Self.reason(first) == "RLE segment 1 starts at 72, not 64")
        let second = try #require(DICOMMutation.flippingFragmentBit(bytes, offset: 11, bit: 6))
        #expect(Self.reason(second)?.hasPrefix("RLE segment 2 starts at 10737") == true)
    }
}

/// The kept hostile films: every JPEG 2000 one crashes OpenJPEG inside GDCM (SIGABRT from free(),
/// reproducibly, when the codestream check is skipped); the JPEG-LS and RLE ones disagree with
/// their header too (GDCM reads garbage or fails). Each must end in a one-line reason. `LIGHTBOX_WRITE_MUTANTS=DIR swift test --filter KeptHostileFilms` also writes them to
/// DIR (how Fuzz/Corpus/dicom/hostile-*.dcm were made).
@Suite("Kept hostile DICOM films")
struct KeptHostileFilms {
    static func films() throws -> [(name: String, bytes: [UInt8], reason: String)] {
        let j2k = try CodestreamCheckTests.film(.jpeg2000Lossless)
        let lossy = try CodestreamCheckTests.film(.jpeg2000)
        let rle = try CodestreamCheckTests.film(.rle)
        let ls = try CodestreamCheckTests.film(.jpegLSLossless)
        let rows2 = try #require(DICOMMutation.settingRows(j2k, to: 2))
        func size(_ rows: Int, _ columns: Int) -> String {
            "JPEG 2000 codestream is 64x64 but the header says Columns \(columns), Rows \(rows)"
        }
        return [
            ("hostile-j2k-columns-1", try #require(DICOMMutation.settingColumns(j2k, to: 1)), size(64, 1)),
            ("hostile-j2k-columns-63", try #require(DICOMMutation.settingColumns(j2k, to: 63)), size(64, 63)),
            ("hostile-j2k-rows-2-columns-3", try #require(DICOMMutation.settingColumns(rows2, to: 3)), size(2, 3)),
            ("hostile-j2k-lossy-columns-1", try #require(DICOMMutation.settingColumns(lossy, to: 1)), size(64, 1)),
            // Codestream bit flips found by the campaign: SIZ's Ysiz (64 -> 80) and Xsiz (64 -> 262208).
            ("hostile-j2k-ysiz-flip", try #require(DICOMMutation.flippingFragmentBit(j2k, offset: 15, bit: 4)),
             "JPEG 2000 codestream is 64x80 but the header says Columns 64, Rows 64"),
            ("hostile-j2k-lossy-xsiz-flip", try #require(DICOMMutation.flippingFragmentBit(lossy, offset: 9, bit: 2)),
             "JPEG 2000 codestream is 262208x64 but the header says Columns 64, Rows 64"),
            ("hostile-jpeg-ls-columns-1", try #require(DICOMMutation.settingColumns(ls, to: 1)),
             "JPEG-LS frame is 64x64 but the header says Columns 1, Rows 64"),
            ("hostile-rle-segments-flip", try #require(DICOMMutation.flippingFragmentBit(rle, offset: 0, bit: 2)),
             "RLE frame has 6 segments, 2 expected for 1 sample(s) of 16 bits"),
            ("hostile-rle-offset-flip", try #require(DICOMMutation.flippingFragmentBit(rle, offset: 10, bit: 0)),
             "RLE segment 2 starts at 66946, outside the frame's 5568 bytes or before segment 1"),
            // Found by flipping every bit of the header of a 64x64 RLE film: GDCM reads the RLE
            // header while parsing and divides by a segment count of 0 (SIGFPE) or walks 65538
            // segments (SIGSEGV), so that header is checked before GDCM parses the file.
            ("hostile-rle-segments-0", try #require(DICOMMutation.flippingFragmentBit(rle, offset: 0, bit: 1)),
             "RLE header declares 0 segments (1...15 allowed)"),
            ("hostile-rle-segments-65538", try #require(DICOMMutation.flippingFragmentBit(rle, offset: 2, bit: 0)),
             "RLE header declares 65538 segments (1...15 allowed)"),
        ]
    }

    @Test("each kept film ends in its one-line reason, and a good film decodes after them all")
    func reasons() throws {
        let folder = ProcessInfo.processInfo.environment["LIGHTBOX_WRITE_MUTANTS"]
        for film in try Self.films() {
            #expect(CodestreamCheckTests.reason(film.bytes) == film.reason, "\(film.name)")
            #expect(film.bytes.count < 10_000, "\(film.name) is \(film.bytes.count) bytes")
            if let folder { try Data(film.bytes).write(to: URL(fileURLWithPath: folder + "/" + film.name + ".dcm")) }
        }
        #expect(CodestreamCheckTests.reason(try CodestreamCheckTests.film(.jpeg2000Lossless)) == nil)
    }
}
