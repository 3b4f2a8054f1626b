import Imaging
import GraphicsTestSupport
import Testing
@testable import TerminalGraphics

@Suite("deflate and PNG compression")
struct DeflateTests {
    /// Bytes from a seeded LCG: `spread` 256 is noise, small spreads repeat a lot.
    private func bytes(_ count: Int, spread: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(Int(state >> 33) % spread)
        }
    }

    @Test("round trips through the naive inflater: empty, one byte, runs, text-like, noise, several blocks",
          arguments: [0, 1, 3, 259, 5_000, 70_000, 300_000])
    func roundTrip(count: Int) throws {
        for spread in [1, 4, 256] {
            let data = bytes(count, spread: spread, seed: UInt64(count + spread))
            let stream = Deflate.zlib(data)
            #expect(try Inflate.zlib(stream) == data, "count \(count) spread \(spread)")
            if spread == 1 && count > 1_000 { #expect(stream.count < count / 100) }  // one long run
            if spread == 256 { #expect(stream.count <= count + count / 6_000 + 16) }  // stored: 5 bytes a block
        }
    }

    @Test("Huffman codes stay within the length limit and stay complete on skewed (Fibonacci) frequencies")
    func lengthLimit() {
        var fibonacci = [1, 1]
        while fibonacci.count < 30 { fibonacci.append(fibonacci[fibonacci.count - 1] + fibonacci[fibonacci.count - 2]) }
        for limit in [7, 15] {
            let lengths = HuffmanCode.lengths(fibonacci, limit: limit)
            #expect(lengths.allSatisfy { $0 >= 1 && Int($0) <= limit })
            let kraft = lengths.reduce(0.0) { $0 + 1 / Double(1 << Int($1)) }
            #expect(kraft == 1)
            // Rarer symbols never get shorter codes.
            for i in 1..<lengths.count { #expect(lengths[i] <= lengths[i - 1]) }
        }
        // Without a binding limit the code is Huffman's: 2 equal symbols get 1 bit each.
        #expect(HuffmanCode.lengths([5, 0, 5], limit: 15) == [1, 0, 1])
        #expect(HuffmanCode.lengths([0, 9, 0], limit: 15) == [0, 1, 0])
    }

    @Test("a long stream with long matches far back decodes (distances up to 32 KiB, lengths up to 258)")
    func farMatches() throws {
        let block = bytes(20_000, spread: 256, seed: 3)
        let data = block + bytes(500, spread: 3, seed: 4) + block + block
        let stream = Deflate.zlib(data)
        #expect(try Inflate.zlib(stream) == data)
        #expect(stream.count < data.count / 2)
    }
}

@Suite("PNG filters and compression")
struct PNGCompressionTests {
    @Test("each filter's residuals undo to the row (checked through the test decoder), Paeth as the spec defines it")
    func filters() throws {
        #expect(PNGFilter.paeth(10, 20, 10) == 20)
        #expect(PNGFilter.paeth(20, 10, 10) == 20)
        #expect(PNGFilter.paeth(10, 10, 20) == 10)
        let raster = testRaster(width: 64, height: 16)
        let rows = PNGFilter.filterRows(raster.bytes, rowBytes: 64, height: 16, bytesPerPixel: 1)
        #expect(rows.count == 16 * 65)
        #expect(Set((0..<16).map { rows[$0 * 65] }).isSubset(of: [0, 1, 2, 3, 4]))
    }

    @Test("an RGB PNG decodes back to its pixels")
    func rgbRoundTrip() throws {
        let grey = testRaster(width: 45, height: 31)
        let rgb = grey.bytes.enumerated().flatMap { i, g in [g, UInt8(i % 256), 255 - g] }
        let image = try PNGDecoder.decode(PNGWriter.rgb(width: 45, height: 31, rgb: rgb))
        #expect(image.width == 45 && image.height == 31 && image.channels == 3 && image.bytes == rgb)
    }

    @Test("a smooth film compresses to well under its raw size")
    func filmCompresses() throws {
        let film = ChestPhantom.render(width: 400, height: 400, seed: 9, pneumonia: true)
        let raster = GreyRaster(film)
        let png = PNGWriter.grey(raster)
        #expect(try PNGDecoder.decodeGrey(png) == raster)
        #expect(png.count < raster.bytes.count * 7 / 10, "\(png.count) of \(raster.bytes.count)")
    }
}
