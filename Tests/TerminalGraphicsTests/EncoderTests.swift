import Imaging
import GraphicsTestSupport
import Testing
@testable import TerminalGraphics

@Suite("PNG writer and checksums")
struct PNGWriterTests {
    @Test("CRC-32 and Adler-32 match their published check values and the naive versions")
    func checksums() {
        #expect(Checksums.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Checksums.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(Checksums.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        let long = testRaster(width: 300, height: 100).bytes  // > 5552 bytes: the modulo path
        #expect(Checksums.adler32(long) == PNGDecoder.naiveAdler(long))
        #expect(Checksums.crc32(long) == PNGDecoder.bitwiseCRC(long))
        #expect(Checksums.crc32(long[150...], continuing: Checksums.crc32(long[..<150])) == Checksums.crc32(long))
    }

    @Test("a PNG decodes back to the same pixels, at odd sizes and over several deflate blocks", arguments: [(1, 1), (37, 23), (400, 300)])
    func roundTrip(width: Int, height: Int) throws {
        let raster = testRaster(width: width, height: height)
        let png = PNGWriter.grey(raster)
        #expect(try PNGDecoder.decodeGrey(png) == raster)
    }
}

@Suite("kitty graphics encoder")
struct KittyGraphicsTests {
    @Test("a film sent as PNG comes back pixel for pixel, in 4,096-character chunks with m=1 then m=0")
    func pngRoundTrip() throws {
        let raster = testRaster(width: 211, height: 97)
        let text = KittyGraphics.transmitAndDisplay(raster, id: 7, placement: 3, columns: 21, rows: 5)
        let commands = try KittyDecoder.commands(text)
        #expect(commands.count > 3)  // 211*97 noisy pixels: ~15 KB of PNG, ~20 KB of base64
        #expect(commands.dropLast().allSatisfy { $0.payload.utf8.count == 4096 })
        let (keys, bytes) = try KittyDecoder.payload(commands)
        #expect(keys == ["a": "T", "f": "100", "i": "7", "p": "3", "q": "2", "c": "21", "r": "5", "m": "1"])
        #expect(try PNGDecoder.decodeGrey(bytes) == raster)
    }

    @Test("raw RGB payload (f=24) carries the size and each grey three times")
    func rgbRoundTrip() throws {
        let raster = testRaster(width: 13, height: 9)
        let (keys, bytes) = try KittyDecoder.payload(KittyDecoder.commands(
            KittyGraphics.transmitAndDisplay(raster, id: 1, payload: .rgb, moveCursor: false)))
        #expect(keys["f"] == "24" && keys["s"] == "13" && keys["v"] == "9" && keys["C"] == "1")
        #expect(keys["c"] == nil && keys["p"] == nil)
        #expect(bytes.count == 13 * 9 * 3)
        let tripled: [UInt8] = raster.bytes.flatMap { [$0, $0, $0] }
        #expect(bytes == tripled)
    }

    @Test("a small image is one command with m=0; delete and the query are the protocol's exact bytes")
    func singleChunkAndCommands() throws {
        let commands = try KittyDecoder.commands(KittyGraphics.transmitAndDisplay(testRaster(width: 2, height: 2), id: 9))
        #expect(commands.count == 1 && commands[0].keys["m"] == "0")
        let anonymous = try KittyDecoder.commands(KittyGraphics.transmitAndDisplay(testRaster(width: 2, height: 2), id: nil))
        #expect(anonymous[0].keys["i"] == nil && anonymous[0].keys["a"] == "T")
        #expect(KittyGraphics.delete(id: 42) == "\u{1B}_Ga=d,d=I,i=42,q=2\u{1B}\\")
        #expect(KittyGraphics.query == "\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\")
    }
}

@Suite("sixel encoder")
struct SixelEncoderTests {
    @Test("a grey film decodes back within the registers' rounding, every pixel painted", arguments: [(1, 1), (37, 23), (120, 60)])
    func roundTrip(width: Int, height: Int) throws {
        let raster = testRaster(width: width, height: height)
        let decoded = try SixelDecoder.decode(SixelEncoder.encode(raster))
        #expect(decoded.width == raster.width && decoded.height == raster.height)
        let worst = zip(decoded.pixels, raster.bytes).map { abs($0 - Int($1)) }.max() ?? 0
        #expect(!decoded.pixels.contains(-1))
        #expect(worst <= 2)
    }

    @Test("flat areas are run-length compressed; two levels give black and white only")
    func compressionAndLevels() throws {
        let flat = GreyRaster(width: 300, height: 12, bytes: [UInt8](repeating: 128, count: 3600))
        let text = SixelEncoder.encode(flat)
        #expect(text.contains("!300~"))
        #expect(text.utf8.count < 101 * 16 + 60)  // the palette and two short bands
        let binary = try SixelDecoder.decode(SixelEncoder.encode(testRaster(width: 40, height: 20), levels: 2))
        #expect(Set(binary.pixels).isSubset(of: [0, 255]))
        #expect(SixelEncoder.encode(flat, levels: 2).hasPrefix("\u{1B}Pq\"1;1;300;12#0;2;0;0;0#1;2;100;100;100#"))
    }

    @Test("rows past the last band's height are not painted (height not a multiple of six)")
    func partialBand() throws {
        let raster = GreyRaster(width: 3, height: 7, bytes: [UInt8](repeating: 255, count: 21))
        let text = SixelEncoder.encode(raster, levels: 2)
        #expect(text.hasSuffix("#1~~~-#1@@@\u{1B}\\"))
        #expect(try SixelDecoder.decode(text).pixels == [Int](repeating: 255, count: 21))
    }
}

@Suite("tmux passthrough")
struct TmuxPassthroughTests {
    @Test("each sequence is wrapped on its own with ESC doubled")
    func wrapping() {
        #expect(TmuxPassthrough.wrap("\u{1B}_Ga=T;AA\u{1B}\\") == "\u{1B}Ptmux;\u{1B}\u{1B}_Ga=T;AA\u{1B}\u{1B}\\\u{1B}\\")
        let two = "\u{1B}_Gm=1;A\u{1B}\\\u{1B}_Gm=0;B\u{1B}\\"
        #expect(TmuxPassthrough.wrapEach(two) == TmuxPassthrough.wrap("\u{1B}_Gm=1;A\u{1B}\\") + TmuxPassthrough.wrap("\u{1B}_Gm=0;B\u{1B}\\"))
    }
}

@Suite("grey raster")
struct GreyRasterTests {
    @Test("film greys are rounded and clamped to bytes; NaN becomes black")
    func fromImage() {
        let image = GrayImage(width: 4, height: 1, pixels: [-3, 127.6, 300, .nan])
        #expect(GreyRaster(image).bytes == [0, 128, 255, 0])
    }
}
