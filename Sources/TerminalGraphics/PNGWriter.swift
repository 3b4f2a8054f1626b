/// Writes 8-bit greyscale PNG files without compression: the zlib stream holds stored
/// (uncompressed) deflate blocks, so the file is about `height * (width + 1)` bytes plus
/// 5 bytes per 65,535 and 57 bytes of framing. No zlib is needed to write or read it.
public enum PNGWriter {
    /// The PNG file for `raster` (colour type 0, bit depth 8, filter 0 on every row).
    public static func grey(_ raster: GreyRaster) -> [UInt8] {
        precondition(raster.width >= 1 && raster.height >= 1, "a PNG needs at least one pixel")
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        appendBigEndian(UInt32(raster.width), to: &header)
        appendBigEndian(UInt32(raster.height), to: &header)
        header += [8, 0, 0, 0, 0]  // depth 8, grey, deflate, adaptive filtering, no interlace
        appendChunk("IHDR", header, to: &file)
        appendChunk("IDAT", zlibStored(scanlines(raster)), to: &file)
        appendChunk("IEND", [], to: &file)
        return file
    }

    /// Each row prefixed by filter type 0 (none).
    static func scanlines(_ raster: GreyRaster) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raster.height * (raster.width + 1))
        for y in 0..<raster.height {
            out.append(0)
            out += raster.bytes[(y * raster.width)..<((y + 1) * raster.width)]
        }
        return out
    }

    /// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 BTYPE 00) holding `data`.
    static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]  // deflate, 32 KiB window, no dictionary, fastest; (0x7801 % 31 == 0)
        out.reserveCapacity(data.count + data.count / 65_535 * 5 + 16)
        var start = 0
        repeat {
            let count = min(65_535, data.count - start)
            let final: UInt8 = start + count == data.count ? 1 : 0
            out.append(final)  // BFINAL, BTYPE = 00, rest of the byte padding
            out += [UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += data[start..<(start + count)]
            start += count
        } while start < data.count
        appendBigEndian(Checksums.adler32(data), to: &out)
        return out
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        appendBigEndian(UInt32(data.count), to: &file)
        file += typeBytes
        file += data
        appendBigEndian(Checksums.crc32(data, continuing: Checksums.crc32(typeBytes)), to: &file)
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
