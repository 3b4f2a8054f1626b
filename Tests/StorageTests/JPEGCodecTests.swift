import Foundation
import Imaging
import Numerics
import Testing
@testable import Storage

@Suite("JPEG codec")
struct JPEGCodecTests {
    @Test("a greyscale JPEG round-trips with a small mean error and reports gray/gray")
    func grayRoundTrip() throws {
        let source = Fixtures.grayPattern(width: 97, height: 61)
        let jpeg = try JPEGCodec.encodeGray(source, quality: 92)
        let header = try JPEGCodec.readHeader(jpeg)
        #expect(header == JPEGHeader(width: 97, height: 61, subsampling: .gray, colorspace: .gray))
        let decoded = try JPEGCodec.decodeGray(jpeg)
        #expect(decoded.width == 97 && decoded.height == 61)
        #expect(Fixtures.meanAbsoluteError(decoded, source) < 1.5)
    }

    @Test("colour JPEGs of every usual flavour decode to their luma", arguments: [
        (JPEGSubsampling.chroma420, false), (.chroma422, false), (.chroma444, false),
        (.chroma440, false), (.chroma411, false), (.chroma420, true), (.chroma444, true),
    ])
    func colourFlavours(subsampling: JPEGSubsampling, progressive: Bool) throws {
        let (w, h) = (83, 57)
        let rgb = Fixtures.rgbPattern(width: w, height: h)
        let jpeg = try JPEGCodec.encodeRGB(width: w, height: h, rgb: rgb, quality: 92,
                                           subsampling: subsampling, progressive: progressive)
        // SOF2 marks a progressive frame, SOF0 a baseline one.
        #expect(containsMarker(jpeg, progressive ? 0xC2 : 0xC0))
        let header = try JPEGCodec.readHeader(jpeg)
        #expect(header == JPEGHeader(width: w, height: h, subsampling: subsampling, colorspace: .yCbCr))
        let decoded = try JPEGCodec.decodeGray(jpeg)
        #expect(Fixtures.meanAbsoluteError(decoded, Fixtures.luma(rgb, width: w, height: h)) < 2)
    }

    @Test("JPEGs with restart markers (baseline and progressive, made by cjpeg) decode correctly",
          arguments: ["restart-420.jpeg", "restart-progressive.jpeg"])
    func restartMarkers(fixture: String) throws {
        let jpeg = try Fixtures.resource(fixture)
        #expect(containsMarker(jpeg, 0xDD)) // DRI
        #expect(containsMarker(jpeg, 0xD0)) // RST0
        let decoded = try JPEGCodec.decodeGray(jpeg)
        #expect(decoded.width == 64 && decoded.height == 48)
        let expected = Fixtures.luma(Fixtures.restartPattern(), width: 64, height: 48)
        #expect(Fixtures.meanAbsoluteError(decoded, expected) < 2.5)
    }

    @Test("a CMYK (YCCK) JPEG decodes to grey using the inverted-CMYK formula")
    func cmyk() throws {
        let (w, h) = (48, 32)
        // Left half: grey level g written as inverted CMYK (255, 255, 255, g), as libjpeg-turbo
        // itself converts grey. Right half: a flat colour c=200 m=100 y=50 k=255.
        var cmyk = [UInt8]()
        var expected = GrayImage(width: w, height: h)
        for y in 0..<h {
            for x in 0..<w {
                if x < w / 2 {
                    let g = UInt8(40 + 6 * y)
                    cmyk += [255, 255, 255, g]
                    expected[x, y] = Float(g)
                } else {
                    cmyk += [200, 100, 50, 255]
                    expected[x, y] = 0.299 * 200 + 0.587 * 100 + 0.114 * 50
                }
            }
        }
        let jpeg = try JPEGCodec.encodeCMYK(width: w, height: h, cmyk: cmyk, quality: 95)
        #expect(try JPEGCodec.readHeader(jpeg).colorspace == .ycck)
        let decoded = try JPEGCodec.decodeGray(jpeg)
        #expect(Fixtures.meanAbsoluteError(decoded, expected) < 2.5)
        let scaled = try JPEGCodec.decodeGray(jpeg, fittingAtLeast: (6, 4))
        #expect(scaled.width == 6 && scaled.height == 4)
    }

    @Test("the scale is the smallest of 1/8, 1/4, 1/2, 1/1 that still covers the wanted size")
    func scaleChoice() {
        #expect(JPEGCodec.scaleDenominator(width: 3000, height: 2500, fittingAtLeast: (100, 60)) == 8)
        #expect(JPEGCodec.scaleDenominator(width: 3000, height: 2500, fittingAtLeast: (375, 313)) == 8)
        #expect(JPEGCodec.scaleDenominator(width: 3000, height: 2500, fittingAtLeast: (376, 10)) == 4)
        #expect(JPEGCodec.scaleDenominator(width: 3000, height: 2500, fittingAtLeast: (10, 626)) == 2)
        #expect(JPEGCodec.scaleDenominator(width: 3000, height: 2500, fittingAtLeast: (1501, 10)) == 1)
        #expect(JPEGCodec.scaleDenominator(width: 3000, height: 2500, fittingAtLeast: (5000, 5000)) == 1)
        #expect(JPEGCodec.scaleDenominator(width: 3000, height: 2500, fittingAtLeast: nil) == 1)
        #expect(JPEGCodec.scaledSize(width: 3000, height: 2500, denominator: 8) == (375, 313))
        #expect(JPEGCodec.scaledSize(width: 801, height: 601, denominator: 4) == (201, 151))
    }

    @Test("scaled decodes of an 800x600 film have the chosen size and look like a box average",
          arguments: [((100, 60), 100, 75, 8), ((101, 60), 200, 150, 4), ((300, 100), 400, 300, 2),
                      ((500, 100), 800, 600, 1), ((2000, 2000), 800, 600, 1)])
    func scaledDecode(wanted: (Int, Int), width: Int, height: Int, factor: Int) throws {
        let source = Fixtures.grayPattern(width: 800, height: 600)
        let jpeg = try JPEGCodec.encodeGray(source, quality: 90)
        let decoded = try JPEGCodec.decodeGray(jpeg, fittingAtLeast: (wanted.0, wanted.1))
        #expect(decoded.width == width && decoded.height == height)
        let reference = Fixtures.boxDownscale(source, by: factor)
        #expect(Fixtures.meanAbsoluteError(decoded, reference) < 2)
    }

    @Test("encoding rounds and clamps grey values to 0...255, NaN to 0")
    func encodeClamps() throws {
        // Four flat 16x16 blocks so JPEG reproduces each level almost exactly.
        let levels: [Float] = [-50, 300, .nan, 127.6]
        var image = GrayImage(width: 64, height: 16)
        for x in 0..<64 { for y in 0..<16 { image[x, y] = levels[x / 16] } }
        let decoded = try JPEGCodec.decodeGray(try JPEGCodec.encodeGray(image, quality: 100))
        for (block, expected) in [Float(0), 255, 0, 128].enumerated() {
            #expect(abs(decoded[block * 16 + 8, 8] - expected) <= 1, "block \(block)")
        }
    }

    @Test("the encoder refuses empty images and mismatched buffers with one-line errors")
    func encodeRefusesBadInput() {
        #expect(throws: JPEGError.invalidInput("image is 0x5")) {
            try JPEGCodec.encodeGray(GrayImage(width: 0, height: 5), quality: 90)
        }
        #expect(throws: JPEGError.invalidInput("11 bytes for 2x2x3")) {
            try JPEGCodec.encodeRGB(width: 2, height: 2, rgb: [UInt8](repeating: 0, count: 11))
        }
        #expect(JPEGError.invalidInput("11 bytes for 2x2x3").description == "cannot encode JPEG (11 bytes for 2x2x3)")
    }

    @Test("empty, non-JPEG and truncated bytes give one-line errors")
    func badBytes() throws {
        #expect(throws: JPEGError.empty) { try JPEGCodec.decodeGray([]) }
        #expect(JPEGError.empty.description == "empty file (0 bytes)")

        let text = Array("Hello world, this is not an image".utf8)
        #expect(throws: JPEGError.notJPEG(prefix: Array("Hello wo".utf8))) { try JPEGCodec.decodeGray(text) }
        #expect(JPEGError.notJPEG(prefix: Array("Hello wo".utf8)).description == "not a JPEG (starts with \"Hello wo\")")
        #expect(JPEGError.notJPEG(prefix: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).description
            == "not a JPEG (looks like a PNG image)")
        #expect(JPEGError.notJPEG(prefix: [0x00, 0x01, 0xFF]).description == "not a JPEG (starts with bytes 00 01 FF)")

        let jpeg = try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 64, height: 64), quality: 90)
        let cut = Array(jpeg.prefix(jpeg.count / 2))
        do {
            _ = try JPEGCodec.decodeGray(cut)
            Issue.record("truncated JPEG decoded without error")
        } catch {
            #expect(error.description == "corrupt or truncated JPEG (Premature end of JPEG file)")
        }
        // Only the header survives: header reading works, decoding refuses.
        #expect(try JPEGCodec.readHeader(cut).width == 64)
        #expect(throws: JPEGError.notJPEG(prefix: [0xFF])) { try JPEGCodec.decodeGray([0xFF]) }
        for length in [2, 3, 4, 10, 30, 100] {
            #expect(throws: JPEGError.self) { try JPEGCodec.decodeGray(Array(jpeg.prefix(length))) }
        }
    }

    @Test("randomly damaged JPEGs either decode or throw JPEGError, never crash")
    func damagedBytes() throws {
        let rgb = Fixtures.rgbPattern(width: 48, height: 40)
        let baseline = try JPEGCodec.encodeRGB(width: 48, height: 40, rgb: rgb, quality: 85)
        let progressive = try JPEGCodec.encodeRGB(width: 48, height: 40, rgb: rgb, quality: 85, progressive: true)
        var generator = SplitMix64(seed: 42)
        var failures = 0
        for original in [baseline, progressive] {
            for _ in 0..<150 {
                var damaged = original
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let at = Int.random(in: 2..<damaged.count, using: &generator)
                    damaged[at] = UInt8.random(in: 0...255, using: &generator)
                }
                do {
                    let image = try JPEGCodec.decodeGray(damaged, fittingAtLeast: (12, 10))
                    #expect(image.pixels.allSatisfy { (0...255).contains($0) })
                } catch {
                    failures += 1
                    #expect(!error.description.contains("\n"))
                }
            }
        }
        // Some damage lands in entropy data libjpeg cannot detect; most (214 of 300 with this
        // seed) is caught, because warnings count as errors.
        #expect(failures > 150)
    }

    @Test("12-bit and lossless JPEGs are reported as unsupported, not as corrupt")
    func unsupportedProcesses() throws {
        let jpeg = try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 16, height: 16), quality: 80)
        let sof = try #require(firstFrameMarker(jpeg))
        var twelveBit = jpeg
        twelveBit[sof + 4] = 12 // precision byte follows the 2-byte length
        #expect(throws: JPEGError.unsupported("Unsupported JPEG data precision 12")) { try JPEGCodec.decodeGray(twelveBit) }
        var lossless = jpeg
        lossless[sof + 1] = 0xC3
        do {
            _ = try JPEGCodec.decodeGray(lossless)
            Issue.record("lossless JPEG decoded")
        } catch {
            guard case .unsupported = error else { Issue.record("got \(error)"); return }
            #expect(error.description.hasPrefix("unsupported JPEG ("))
        }
    }

    @Test("a header claiming 60000x60000 is refused before any pixels are allocated")
    func hugeHeader() throws {
        let small = try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 16, height: 16), quality: 80)
        let huge = Fixtures.patchFrameSize(small, width: 60000, height: 60000)
        #expect(try JPEGCodec.readHeader(huge) == JPEGHeader(width: 60000, height: 60000, subsampling: .gray, colorspace: .gray))
        let expected = JPEGError.tooManyPixels(width: 60000, height: 60000, limit: 100_000_000)
        #expect(throws: expected) { try JPEGCodec.decodeGray(huge) }
        #expect(expected.description == "60000x60000 pixels exceeds the limit of 100000000 pixels")
        // Also a progressive (SOF2) frame, and a caller-chosen limit.
        let rgb = Fixtures.rgbPattern(width: 16, height: 16)
        let progressive = try JPEGCodec.encodeRGB(width: 16, height: 16, rgb: rgb, progressive: true)
        #expect(throws: JPEGError.tooManyPixels(width: 60000, height: 60000, limit: 100_000_000)) {
            try JPEGCodec.decodeGray(Fixtures.patchFrameSize(progressive, width: 60000, height: 60000))
        }
        #expect(throws: JPEGError.tooManyPixels(width: 16, height: 16, limit: 255)) {
            try JPEGCodec.decodeGray(small, pixelLimit: 255)
        }
    }

    @Test("decoding from many threads at once gives identical images")
    func concurrentDecodes() async throws {
        let jpeg = try JPEGCodec.encodeRGB(width: 120, height: 90, rgb: Fixtures.rgbPattern(width: 120, height: 90))
        let reference = try JPEGCodec.decodeGray(jpeg)
        let results = try await withThrowingTaskGroup(of: GrayImage.self) { group in
            for _ in 0..<16 { group.addTask { try JPEGCodec.decodeGray(jpeg) } }
            var images: [GrayImage] = []
            for try await image in group { images.append(image) }
            return images
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 == reference })
    }

    /// Offset of the first SOFn marker's 0xFF byte.
    private func firstFrameMarker(_ jpeg: [UInt8]) -> Int? {
        var i = 2
        while i + 4 < jpeg.count, jpeg[i] == 0xFF {
            if (0xC0...0xC3).contains(jpeg[i + 1]) { return i }
            i += 2 + (Int(jpeg[i + 2]) << 8 | Int(jpeg[i + 3]))
        }
        return nil
    }

    private func containsMarker(_ jpeg: [UInt8], _ marker: UInt8) -> Bool {
        zip(jpeg, jpeg.dropFirst()).contains { $0 == 0xFF && $1 == marker }
    }
}
