// The only file in Lightbox that imports CSPNG (libspng 0.7).
import CSPNG
import Imaging
#if canImport(Glibc)
import Glibc
#endif

/// A PNG film as grey values: 0...255 for 8-bit (and lower) files, 0...65535 for 16-bit ones.
public struct PNGFilm: Sendable {
    /// Grey samples (`0.299 R + 0.587 G + 0.114 B` for colour and palette files; alpha ignored).
    public var values: GrayImage
    /// Bits per sample in the file (1, 2, 4, 8 or 16).
    public var bitDepth: Int

    /// Display greys 0...255: 8-bit films as they are, 16-bit films windowed like a DICOM film
    /// without a window (their pixel range onto black...white).
    public var greys: GrayImage {
        bitDepth <= 8 ? values : VOIWindow.pixelRange(of: values).apply(to: values, invert: false)
    }

    /// The window used for `greys`, for the screen.
    public var window: VOIWindow {
        bitDepth <= 8 ? .range(low: 0, high: 255) : VOIWindow.pixelRange(of: values)
    }
}

/// PNG decoding through libspng; every failure is one line.
public enum PNGCodec {
    /// The PNG signature.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]


    /// Decodes `bytes` to grey, refusing more than `pixelLimit` pixels before decoding.
    public static func decode(_ bytes: [UInt8], pixelLimit: Int) throws(PNGError) -> PNGFilm {
        guard !bytes.isEmpty else { throw PNGError("empty file (0 bytes)") }
        guard bytes.starts(with: signature) else { throw PNGError("not a PNG (no PNG signature)") }
        let result = bytes.withUnsafeBufferPointer { b -> Result<PNGFilm, PNGError> in
            guard let ctx = spng_ctx_new(0) else { return .failure(PNGError("cannot create a decoder")) }
            defer { spng_ctx_free(ctx) }
            // Ancillary chunks (text, ICC profiles) are bounded so a hostile file cannot fill memory.
            spng_set_chunk_limits(ctx, 16 << 20, 64 << 20)
            let ihdr: spng_ihdr
            switch header(ctx, b) {
            case .success(let h): ihdr = h
            case .failure(let e): return .failure(e)
            }
            let width = Int(ihdr.width), height = Int(ihdr.height)
            if width * height > pixelLimit {
                return .failure(PNGError("\(width)x\(height) pixels exceeds the limit of \(pixelLimit) pixels"))
            }
            let depth = Int(ihdr.bit_depth)
            let isGrey = ihdr.color_type == UInt8(SPNG_COLOR_TYPE_GRAYSCALE.rawValue)
            let sixteen = depth == 16
            let format: Int32
            let channels: Int
            if isGrey {
                (format, channels) = sixteen ? (Int32(SPNG_FMT_PNG.rawValue), 1) : (Int32(SPNG_FMT_G8.rawValue), 1)
            } else {
                (format, channels) = sixteen ? (Int32(SPNG_FMT_RGBA16.rawValue), 4) : (Int32(SPNG_FMT_RGBA8.rawValue), 4)
            }
            var size = 0
            var status = spng_decoded_image_size(ctx, format, &size)
            guard status == 0 else { return .failure(PNGError(status)) }
            let bytesPerSample = sixteen ? 2 : 1
            guard size == width * height * channels * bytesPerSample else {
                return .failure(PNGError("unexpected decoded size"))
            }
            var raw = [UInt8](repeating: 0, count: size)
            status = raw.withUnsafeMutableBytes { spng_decode_image(ctx, $0.baseAddress, size, format, 0) }
            guard status == 0 else { return .failure(PNGError(status)) }
            var values = [Float](repeating: 0, count: width * height)
            raw.withUnsafeBytes { r in
                for i in 0..<(width * height) {
                    func sample(_ c: Int) -> Float {
                        let at = (i * channels + c) * bytesPerSample
                        return sixteen ? Float(r.loadUnaligned(fromByteOffset: at, as: UInt16.self)) : Float(r[at])
                    }
                    values[i] = channels == 1 ? sample(0) : 0.299 * sample(0) + 0.587 * sample(1) + 0.114 * sample(2)
                }
            }
            return .success(PNGFilm(values: GrayImage(width: width, height: height, pixels: values),
                                    bitDepth: sixteen ? 16 : min(depth, 8)))
        }
        return try result.get()
    }

    /// Encodes grey `samples` (row-major, each below 2^bitDepth) as a PNG of bit depth 8 or 16.
    public static func encodeGray(samples: [UInt16], width: Int, height: Int, bitDepth: Int) throws(PNGError) -> [UInt8] {
        guard bitDepth == 8 || bitDepth == 16, width > 0, height > 0, samples.count == width * height else {
            throw PNGError("cannot encode \(width)x\(height) at \(bitDepth) bits from \(samples.count) samples")
        }
        guard let ctx = spng_ctx_new(Int32(SPNG_CTX_ENCODER.rawValue)) else { throw PNGError("cannot create an encoder") }
        defer { spng_ctx_free(ctx) }
        spng_set_option(ctx, SPNG_ENCODE_TO_BUFFER, 1)
        var ihdr = spng_ihdr(width: UInt32(width), height: UInt32(height), bit_depth: UInt8(bitDepth),
                             color_type: UInt8(SPNG_COLOR_TYPE_GRAYSCALE.rawValue), compression_method: 0,
                             filter_method: 0, interlace_method: 0)
        var status = spng_set_ihdr(ctx, &ihdr)
        guard status == 0 else { throw PNGError(status) }
        // SPNG_FMT_RAW takes 16-bit samples big-endian, as the file stores them.
        var raw = [UInt8]()
        raw.reserveCapacity(samples.count * bitDepth / 8)
        for v in samples {
            if bitDepth == 16 { raw.append(UInt8(v >> 8)) }
            raw.append(UInt8(truncatingIfNeeded: v))
        }
        status = raw.withUnsafeBytes {
            spng_encode_image(ctx, $0.baseAddress, $0.count, Int32(SPNG_FMT_RAW.rawValue), Int32(SPNG_ENCODE_FINALIZE.rawValue))
        }
        guard status == 0 else { throw PNGError(status) }
        var length = 0
        var error: Int32 = 0
        guard let buffer = spng_get_png_buffer(ctx, &length, &error) else { throw PNGError(error) }
        defer { free(buffer) }
        return Array(UnsafeRawBufferPointer(start: buffer, count: length))
    }

    private static func header(_ ctx: OpaquePointer, _ bytes: UnsafeBufferPointer<UInt8>) -> Result<spng_ihdr, PNGError> {
        var status = spng_set_png_buffer(ctx, bytes.baseAddress, bytes.count)
        guard status == 0 else { return .failure(PNGError(status)) }
        var ihdr = spng_ihdr()
        status = spng_get_ihdr(ctx, &ihdr)
        guard status == 0 else { return .failure(PNGError(status)) }
        return .success(ihdr)
    }
}

/// Why PNG bytes could not be decoded; `description` is one line without the path.
public struct PNGError: Error, Equatable, Sendable, CustomStringConvertible {
    /// libspng's message or our own.
    public var reason: String

    init(_ reason: String) { self.reason = reason }

    init(_ status: Int32) {
        self.reason = spng_strerror(status).map { String(cString: $0) } ?? "error \(status)"
    }

    /// e.g. `PNG: IDAT stream error`.
    public var description: String { "PNG: \(OneLine.clean(reason))" }
}
