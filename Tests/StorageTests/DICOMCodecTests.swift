import Foundation
import Imaging
import Feedback
import Testing
@testable import Storage

@Suite("DICOM through GDCM")
struct DICOMCodecTests {
    /// 12-bit samples of a smooth pattern (values 80...3760), row-major.
    static func samples(width: Int, height: Int, bits: Int = 12) -> [UInt16] {
        let pattern = Fixtures.grayPattern(width: width, height: height)
        let scale = Float((1 << bits) - 1) / 255
        return pattern.pixels.map { UInt16(($0 * scale).rounded()) }
    }

    static func encode(_ samples: [UInt16], width: Int, height: Int,
                       configure: (inout DICOMCodec.WriteOptions) -> Void) throws -> [UInt8] {
        var options = DICOMCodec.WriteOptions()
        configure(&options)
        return try DICOMCodec.encode(samples: samples, width: width, height: height, options: options)
    }

    @Test("every transfer syntax round-trips: lossless ones exactly, lossy ones within a few levels",
          arguments: DICOMCodec.Syntax.allCases)
    func roundTrip(syntax: DICOMCodec.Syntax) throws {
        let (w, h) = (67, 45)   // odd sizes catch row-padding mistakes
        let bits = syntax.maximumBits >= 12 ? 12 : 8
        let stored = Self.samples(width: w, height: h, bits: bits)
        let bytes = try Self.encode(stored, width: w, height: h) { $0.syntax = syntax; $0.bitsStored = bits }
        #expect(FilmFormat.sniff(Array(bytes.prefix(132))) == .dicom)
        let film = try DICOMCodec.decode(bytes, pixelLimit: 1 << 20)
        #expect(film.values.width == w && film.values.height == h)
        let errors = zip(film.values.pixels, stored).map { abs($0 - Float($1)) }
        let tolerance: Float = syntax.isLossy ? Float(1 << bits) / 64 : 0
        #expect(errors.max()! <= tolerance, "max error \(errors.max()!) in \(syntax)")
        #expect(film.metadata.encoding.hasPrefix("DICOM"))
    }

    @Test("a 12-bit film with a window in the header gives the greys of that window")
    func windowFromHeader() throws {
        let stored: [UInt16] = [0, 1000, 1500, 2000, 2047, 2048, 2500, 3000, 4095]
        let bytes = try Self.encode(stored, width: 9, height: 1) {
            $0.bitsStored = 12
            $0.windows = [WindowPreset(center: 2048, width: 1001), WindowPreset(center: 100, width: 50)]
        }
        let film = try DICOMCodec.decode(bytes, pixelLimit: 100)
        #expect(film.metadata.windowPresets == [WindowPreset(center: 2048, width: 1001), WindowPreset(center: 100, width: 50)])
        #expect(film.metadata.windowSource == "window 2048/1001")
        let greys = film.greys.pixels
        // LINEAR: black at or below c - 0.5 - (w-1)/2 = 1547.5, white above 2547.5.
        #expect(greys[0] == 0 && greys[1] == 0 && greys[2] == 0)
        #expect(greys[7] == 255 && greys[8] == 255)
        let expected = ((2000 - 2047.5) / 1000 + 0.5) * 255
        #expect(abs(greys[3] - Float(expected)) < 1e-3)
    }

    @Test("MONOCHROME1 is inverted, so a film stored inverted reads as the original")
    func monochrome1() throws {
        let stored = Self.samples(width: 20, height: 10, bits: 8)
        let inverted = stored.map { 255 - $0 }
        let plain = try DICOMCodec.decode(try Self.encode(stored, width: 20, height: 10) { _ in }, pixelLimit: 1000)
        let mono1 = try DICOMCodec.decode(try Self.encode(inverted, width: 20, height: 10) { $0.monochrome1 = true },
                                          pixelLimit: 1000)
        #expect(mono1.inverted && !plain.inverted)
        // Both use their own pixel range; the ranges mirror each other, so the greys agree.
        let difference = zip(plain.greys.pixels, mono1.greys.pixels).map { abs($0 - $1) }.max()!
        #expect(difference < 1e-3)
    }

    @Test("rescale slope and intercept give modality values; a multi-frame file gives its first frame and says so")
    func rescaleAndFrames() throws {
        let stored: [UInt16] = [0, 10, 20, 30]
        let bytes = try Self.encode(stored, width: 2, height: 2) {
            $0.bitsStored = 12
            $0.rescaleSlope = 2
            $0.rescaleIntercept = -1024
            $0.frames = 3
        }
        let film = try DICOMCodec.decode(bytes, pixelLimit: 100)
        #expect(film.values.pixels == [-1024, -1004, -984, -964])
        #expect(film.metadata.frames == 3)
        #expect(film.metadata.summary(anonymised: false).contains("frame 1 of 3"))
    }

    @Test("header fields come through, and the summary hides identifying ones when anonymised")
    func metadata() throws {
        let bytes = try Self.encode([1, 2, 3, 4], width: 2, height: 2) {
            $0.patientID = "PID-77"
            $0.studyDate = "20240131"
            $0.sopInstanceUID = "2.25.123456"
            $0.viewPosition = "AP"
        }
        let m = try DICOMCodec.decode(bytes, pixelLimit: 100).metadata
        #expect(m.patientID == "PID-77" && m.studyDate == "20240131" && m.sopInstanceUID == "2.25.123456")
        #expect(m.modality == "DX" && m.viewPosition == "AP" && m.bodyPart == "CHEST")
        #expect(m.summary(anonymised: false).hasPrefix("DX AP CHEST · patient PID-77 · 20240131"))
        let hidden = m.summary(anonymised: true)
        #expect(!hidden.contains("PID-77") && !hidden.contains("20240131"))
    }

    @Test("truncated pixel data is refused with the byte counts")
    func truncated() throws {
        let bytes = try Self.encode(Self.samples(width: 64, height: 64), width: 64, height: 64) { $0.bitsStored = 12 }
        let cut = Array(bytes.dropLast(100))
        #expect {
            try DICOMCodec.decode(cut, pixelLimit: 1 << 20)
        } throws: { error in
            guard let e = error as? DICOMError else { return false }
            return e.kind == .badPixels && e.reason == "element (7FE0,0010) declares 8192 bytes, 8092 remain (truncated or a lying length)"
        }
    }

    @Test("a lying element length is refused before GDCM allocates it")
    func lyingLength() throws {
        let bytes = try Self.encode([1, 2, 3, 4], width: 2, height: 2) { $0.patientID = "PID" }
        var patched = bytes
        let at = try #require(Self.find([0x10, 0x00, 0x20, 0x00] + Array("LO".utf8), in: patched))
        patched[at + 6] = 0x60   // 0xEA60 = 60000 bytes declared for Patient ID
        patched[at + 7] = 0xEA
        #expect {
            try DICOMCodec.decode(patched, pixelLimit: 100)
        } throws: { error in
            (error as? DICOMError)?.reason.hasPrefix("element (0010,0020) declares 60000 bytes") == true
        }
    }

    @Test("absurd declared sizes are refused before decoding")
    func absurdSize() throws {
        let bytes = try Self.encode([1, 2, 3, 4], width: 2, height: 2) { _ in }
        #expect {
            try DICOMCodec.decode(bytes, pixelLimit: 3)
        } throws: { ($0 as? DICOMError)?.kind == .tooLarge }
        // Rows and Columns patched to 65535: 4 Gpx declared, 4 bytes of pixels present.
        var patched = bytes
        for tag: [UInt8] in [[0x28, 0x00, 0x10, 0x00], [0x28, 0x00, 0x11, 0x00]] {
            let at = Self.find(tag + Array("US".utf8), in: patched)!
            patched[at + 8] = 0xFF
            patched[at + 9] = 0xFF
        }
        #expect {
            try DICOMCodec.decode(patched, pixelLimit: JPEGCodec.defaultPixelLimit)
        } throws: { error in
            (error as? DICOMError)?.reason == "65535x65535 pixels exceeds the limit of 100000000 pixels"
        }
    }

    @Test("non-image DICOM, non-DICOM bytes and a file cut in its header each give a reason")
    func notImages() throws {
        let bytes = try Self.encode([1, 2, 3, 4], width: 2, height: 2) { _ in }
        let pixelTag = Self.find([0xE0, 0x7F, 0x10, 0x00], in: bytes)!
        let noPixels = Array(bytes.prefix(pixelTag))
        #expect {
            try DICOMCodec.decode(noPixels, pixelLimit: 100)
        } throws: { error in
            guard let e = error as? DICOMError else { return false }
            return e.kind == .notImage && e.reason.hasPrefix("DICOM without pixel data, not an image")
        }
        for junk in [Array("hello, not a dataset at all".utf8), [UInt8](repeating: 0, count: 200), Array(bytes.prefix(140))] {
            #expect(throws: DICOMError.self) { try DICOMCodec.decode(junk, pixelLimit: 100) }
        }
    }

    @Test("decoding is safe from many threads at once")
    func concurrent() async throws {
        let stored = Self.samples(width: 40, height: 30)
        let bytes = try Self.encode(stored, width: 40, height: 30) { $0.syntax = .jpeg2000Lossless; $0.bitsStored = 12 }
        let reference = try DICOMCodec.decode(bytes, pixelLimit: 1 << 20).values
        try await withThrowingTaskGroup(of: GrayImage.self) { group in
            for _ in 0..<8 { group.addTask { try DICOMCodec.decode(bytes, pixelLimit: 1 << 20).values } }
            for try await image in group { #expect(image == reference) }
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        return nil
    }
}
