/// Writes 8-bit greyscale and RGB PNG files: each row filtered with the best of PNG's five
/// filters (`PNGFilter`), the rows compressed with the project's own deflate (`Deflate`).
/// No zlib is needed to write them.
public enum PNGWriter {
    /// The PNG file for `raster` (colour type 0, bit depth 8).
    public static func grey(_ raster: GreyRaster) -> [UInt8] {
        file(width: raster.width, height: raster.height, colourType: 0, channels: 1, bytes: raster.bytes)
    }

    /// The PNG file for `width x height` RGB pixels, `rgb` row-major with 3 bytes a pixel
    /// (colour type 2, bit depth 8).
    public static func rgb(width: Int, height: Int, rgb: [UInt8]) -> [UInt8] {
        precondition(rgb.count == width * height * 3, "RGB byte count \(rgb.count) != 3 x \(width)x\(height)")
        return file(width: width, height: height, colourType: 2, channels: 3, bytes: rgb)
    }

    private static func file(width: Int, height: Int, colourType: UInt8, channels: Int, bytes: [UInt8]) -> [UInt8] {
        precondition(width >= 1 && height >= 1, "a PNG needs at least one pixel")
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        appendBigEndian(UInt32(width), to: &header)
        appendBigEndian(UInt32(height), to: &header)
        header += [8, colourType, 0, 0, 0]  // depth 8, deflate, adaptive filtering, no interlace
        appendChunk("IHDR", header, to: &file)
        let rows = PNGFilter.filterRows(bytes, rowBytes: width * channels, height: height, bytesPerPixel: channels)
        appendChunk("IDAT", Deflate.zlib(rows), to: &file)
        appendChunk("IEND", [], to: &file)
        return file
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
