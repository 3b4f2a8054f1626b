// The only file in Lightbox that imports CTurboJPEG (TurboJPEG 2.x API, libjpeg-turbo 2.1).
// Each call creates and destroys its own tjhandle, so the codec is safe to use from any number
// of threads at once and no handle is ever shared.
import Foundation
import CTurboJPEG
import Imaging

/// JPEG decoding to greyscale films and encoding of grey/RGB images, via libjpeg-turbo.
public enum JPEGCodec {
    /// Default upper bound on a JPEG's full-resolution `width * height` (100 megapixels, about
    /// 10000x10000). Checked against the header before any pixel buffer is allocated; the
    /// largest chest films are about 4300x4300 (18.5 Mpx).
    public static let defaultPixelLimit = 100_000_000

    /// The downscale denominators tried, smallest output first (TurboJPEG scales by 1/8, 1/4,
    /// 1/2 inside the IDCT, which is much cheaper than decoding fully and resampling).
    public static let scaleDenominators = [8, 4, 2, 1]

    // MARK: Header

    /// Reads width, height, subsampling and colour space from the JPEG header without decoding.
    public static func readHeader(_ bytes: [UInt8]) throws(JPEGError) -> JPEGHeader {
        try checkSignature(bytes)
        let handle = try makeDecompressor()
        defer { tjDestroy(handle) }
        return try header(handle, bytes)
    }

    // MARK: Scaling

    /// Output size when decoding a `width x height` JPEG at scale 1/`denominator`
    /// (TurboJPEG rounds up: ceil(width / denominator)).
    public static func scaledSize(width: Int, height: Int, denominator: Int) -> (width: Int, height: Int) {
        let factor = tjscalingfactor(num: 1, denom: Int32(denominator))
        return (Int(lb_tj_scaled(Int32(width), factor)), Int(lb_tj_scaled(Int32(height), factor)))
    }

    /// The largest denominator among 8, 4, 2, 1 whose scaled output still covers `wanted` in
    /// both directions; 1 (full size) when `wanted` is nil or no smaller scale covers it.
    ///
    /// Example: a 3000x2500 film for a pane needing 100x60 pixels decodes at 1/8 (375x313).
    public static func scaleDenominator(width: Int, height: Int, fittingAtLeast wanted: (width: Int, height: Int)?) -> Int {
        guard let wanted else { return 1 }
        for denominator in scaleDenominators where supportedDenominators.contains(denominator) {
            let size = scaledSize(width: width, height: height, denominator: denominator)
            if size.width >= wanted.width && size.height >= wanted.height { return denominator }
        }
        return 1
    }

    /// Denominators d for which TurboJPEG offers the factor 1/d (from `tjGetScalingFactors`).
    static let supportedDenominators: Set<Int> = {
        var count: Int32 = 0
        guard let factors = tjGetScalingFactors(&count) else { return [1] }
        var result: Set<Int> = [1]
        for i in 0..<Int(count) where factors[i].num == 1 {
            result.insert(Int(factors[i].denom))
        }
        return result
    }()

    // MARK: Decoding

    /// Decodes any baseline or progressive JPEG (grey, YCbCr at any usual subsampling, RGB,
    /// CMYK/YCCK, with or without restart markers) to a greyscale image with values 0...255.
    ///
    /// - Parameters:
    ///   - fittingAtLeast: when given, decode at the smallest scale (1/8, 1/4, 1/2 or 1/1)
    ///     whose output is at least this many pixels wide and high; nil decodes at full size.
    ///   - pixelLimit: refuse headers whose full-resolution `width * height` exceeds this.
    /// - Colour: YCbCr keeps the luma plane (Y = 0.299 R + 0.587 G + 0.114 B, the same weights
    ///   libjpeg uses for RGB). CMYK/YCCK is decoded to CMYK and converted as described at
    ///   `grayFromInvertedCMYK`.
    /// - Throws: `JPEGError`; libjpeg-turbo *warnings* (such as "Premature end of JPEG file"
    ///   for a truncated file) are errors too, because the decoder fills missing data with grey.
    public static func decodeGray(
        _ bytes: [UInt8],
        fittingAtLeast wanted: (width: Int, height: Int)? = nil,
        pixelLimit: Int = defaultPixelLimit
    ) throws(JPEGError) -> GrayImage {
        try checkSignature(bytes)
        let handle = try makeDecompressor()
        defer { tjDestroy(handle) }
        let info = try header(handle, bytes)
        if info.pixelCount > pixelLimit {
            throw .tooManyPixels(width: info.width, height: info.height, limit: pixelLimit)
        }
        let denominator = scaleDenominator(width: info.width, height: info.height, fittingAtLeast: wanted)
        let size = scaledSize(width: info.width, height: info.height, denominator: denominator)
        let isFourComponent = info.colorspace == .cmyk || info.colorspace == .ycck
        let channels = isFourComponent ? 4 : 1
        let format = isFourComponent ? TJPF_CMYK : TJPF_GRAY
        var decoded = [UInt8](repeating: 0, count: size.width * size.height * channels)
        // LIMITSCANS guards against progressive files with pathological scan counts;
        // STOPONWARNING stops at the first warning since warnings are errors here anyway.
        let flags = TJFLAG_ACCURATEDCT | TJFLAG_LIMITSCANS | TJFLAG_STOPONWARNING
        let status = bytes.withUnsafeBufferPointer { jpeg in
            decoded.withUnsafeMutableBufferPointer { out in
                tjDecompress2(handle, jpeg.baseAddress, UInt(jpeg.count), out.baseAddress,
                              Int32(size.width), Int32(size.width * channels), Int32(size.height),
                              format.rawValue, flags)
            }
        }
        if status != 0 { throw classify(errorMessage(handle)) }
        let pixels = isFourComponent ? grayFromInvertedCMYK(decoded) : floats(decoded)
        return GrayImage(width: size.width, height: size.height, pixels: pixels)
    }

    /// Converts CMYK pixels as libjpeg-turbo delivers them to grey 0...255.
    ///
    /// JPEG CMYK is in practice written by Adobe software with *inverted* samples (255 = no
    /// ink), and libjpeg-turbo keeps that convention (its own cmyk-to-rgb conversion and its
    /// CMYK encoder use it). With inverted samples c, m, y, k:
    ///   R = c·k/255, G = m·k/255, B = y·k/255,  grey = 0.299 R + 0.587 G + 0.114 B.
    /// A rare non-Adobe file storing ink amounts directly would come out as a negative.
    /// No colour management: print-profile colours are approximate, which is fine for films.
    static func grayFromInvertedCMYK(_ cmyk: [UInt8]) -> [Float] {
        let count = cmyk.count / 4
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            cmyk.withUnsafeBufferPointer { src in
                for i in 0..<count {
                    let k = Float(src[4 * i + 3]) / 255
                    let r = Float(src[4 * i]) * k
                    let g = Float(src[4 * i + 1]) * k
                    let b = Float(src[4 * i + 2]) * k
                    out[i] = 0.299 * r + 0.587 * g + 0.114 * b
                }
            }
            initialized = count
        }
    }

    /// Widens 8-bit samples to Float (0...255).
    static func floats(_ bytes: [UInt8]) -> [Float] {
        [Float](unsafeUninitializedCapacity: bytes.count) { out, initialized in
            bytes.withUnsafeBufferPointer { src in
                for i in 0..<src.count { out[i] = Float(src[i]) }
            }
            initialized = bytes.count
        }
    }

    // MARK: Encoding

    /// Encodes a greyscale image as a one-component JPEG; pixel values are rounded and clamped
    /// to 0...255 (NaN becomes 0). `quality` is clamped to 1...100.
    public static func encodeGray(_ image: GrayImage, quality: Int = 90, progressive: Bool = false) throws(JPEGError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: image.pixels.count)
        image.pixels.withUnsafeBufferPointer { src in
            for i in 0..<src.count {
                let v = src[i]
                bytes[i] = v.isNaN ? 0 : UInt8(Swift.min(Swift.max(v.rounded(), 0), 255))
            }
        }
        return try compress(bytes, width: image.width, height: image.height, format: TJPF_GRAY, channels: 1,
                            subsampling: .gray, quality: quality, progressive: progressive)
    }

    /// Encodes interleaved 8-bit RGB (`rgb.count == width * height * 3`) as a YCbCr JPEG with
    /// the given chroma subsampling (`.gray` keeps only luma); `quality` is clamped to 1...100.
    public static func encodeRGB(
        width: Int, height: Int, rgb: [UInt8], quality: Int = 90,
        subsampling: JPEGSubsampling = .chroma420, progressive: Bool = false
    ) throws(JPEGError) -> [UInt8] {
        try compress(rgb, width: width, height: height, format: TJPF_RGB, channels: 3,
                     subsampling: subsampling, quality: quality, progressive: progressive)
    }

    /// Encodes interleaved 8-bit CMYK (inverted, Adobe convention) as a YCCK JPEG with an
    /// Adobe marker; a test hook for the CMYK decoding path.
    package static func encodeCMYK(width: Int, height: Int, cmyk: [UInt8], quality: Int = 90) throws(JPEGError) -> [UInt8] {
        try compress(cmyk, width: width, height: height, format: TJPF_CMYK, channels: 4,
                     subsampling: .chroma444, quality: quality, progressive: false)
    }

    /// tjCompress2 into a buffer we own, sized by tjBufSize (TJFLAG_NOREALLOC: TurboJPEG
    /// never reallocates it, so no tjFree is needed).
    private static func compress(
        _ pixels: [UInt8], width: Int, height: Int, format: TJPF, channels: Int,
        subsampling: JPEGSubsampling, quality: Int, progressive: Bool
    ) throws(JPEGError) -> [UInt8] {
        guard width > 0, height > 0 else { throw .invalidInput("image is \(width)x\(height)") }
        guard width <= 65535, height <= 65535 else {
            throw .invalidInput("\(width)x\(height) exceeds the JPEG maximum of 65535 per side")
        }
        guard pixels.count == width * height * channels else {
            throw .invalidInput("\(pixels.count) bytes for \(width)x\(height)x\(channels)")
        }
        guard let handle = tjInitCompress() else { throw .codecFailure(errorMessage(nil)) }
        defer { tjDestroy(handle) }
        let samp = tjSubsampling(subsampling)
        // Four-component images need more room than tjBufSize's three-component worst case.
        let capacity = Int(tjBufSize(Int32(width), Int32(height), Int32(samp.rawValue))) * (channels == 4 ? 2 : 1)
        var output = [UInt8](repeating: 0, count: capacity)
        var size = UInt(capacity)
        var flags = TJFLAG_NOREALLOC
        if progressive { flags |= TJFLAG_PROGRESSIVE }
        let q = Int32(Swift.min(Swift.max(quality, 1), 100))
        let status = pixels.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                var target: UnsafeMutablePointer<UInt8>? = dst.baseAddress
                return tjCompress2(handle, src.baseAddress, Int32(width), Int32(width * channels), Int32(height),
                                   format.rawValue, &target, &size, Int32(samp.rawValue), q, flags)
            }
        }
        if status != 0 { throw .codecFailure(errorMessage(handle)) }
        output.removeLast(capacity - Int(size))
        return output
    }

    // MARK: Shared helpers

    /// Rejects empty input and input without the SOI marker before libjpeg sees it.
    private static func checkSignature(_ bytes: [UInt8]) throws(JPEGError) {
        if bytes.isEmpty { throw .empty }
        if bytes.count < 2 || bytes[0] != 0xFF || bytes[1] != 0xD8 {
            throw .notJPEG(prefix: Array(bytes.prefix(8)))
        }
    }

    private static func makeDecompressor() throws(JPEGError) -> tjhandle {
        guard let handle = tjInitDecompress() else { throw .codecFailure(errorMessage(nil)) }
        return handle
    }

    /// tjDecompressHeader3 mapped to Swift enums.
    private static func header(_ handle: tjhandle, _ bytes: [UInt8]) throws(JPEGError) -> JPEGHeader {
        var width: Int32 = 0, height: Int32 = 0, samp: Int32 = -1, space: Int32 = -1
        let status = bytes.withUnsafeBufferPointer { jpeg in
            tjDecompressHeader3(handle, jpeg.baseAddress, UInt(jpeg.count), &width, &height, &samp, &space)
        }
        if status != 0 { throw classify(errorMessage(handle)) }
        guard width > 0, height > 0 else { throw .corrupt("header gives \(width)x\(height) pixels") }
        guard let subsampling = swiftSubsampling(samp) else { throw .unsupported("subsampling code \(samp)") }
        guard let colorspace = swiftColorspace(space) else { throw .unsupported("colour space code \(space)") }
        return JPEGHeader(width: Int(width), height: Int(height), subsampling: subsampling, colorspace: colorspace)
    }

    /// Sorts a libjpeg message into "valid but not handled" (12-bit or lossless files, which
    /// 8-bit libjpeg-turbo 2.1 cannot decode; subsampling TurboJPEG 2.x has no name for, such as
    /// 3x1 factors) and everything else, which means damaged data.
    ///
    /// libjpeg words some damage as "unsupported" too: an unknown marker ("Unsupported marker
    /// type") and a sample precision no JPEG process has (only 8 and 12 bits exist, and 2...16
    /// for lossless files, which are refused by their SOF type instead) are corrupt files.
    package static func classify(_ message: String) -> JPEGError {
        let lower = message.lowercased()
        if lower.contains("unsupported marker type") { return .corrupt(message) }
        if let range = lower.firstRange(of: "unsupported jpeg data precision") {
            let digits = lower[range.upperBound...].drop(while: { $0 == " " }).prefix(while: \.isNumber)
            if let precision = Int(digits), precision != 12, precision != 16 { return .corrupt(message) }
            return .unsupported(message)
        }
        if lower.contains("unsupported") || lower.contains("subsampling") { return .unsupported(message) }
        return .corrupt(message)
    }

    /// tjGetErrorStr2 (per handle, thread-safe) with a fallback for a missing message.
    private static func errorMessage(_ handle: tjhandle?) -> String {
        guard let text = tjGetErrorStr2(handle) else { return "unknown error" }
        let message = String(cString: text)
        return message.isEmpty ? "unknown error" : message
    }

    private static func tjSubsampling(_ s: JPEGSubsampling) -> TJSAMP {
        switch s {
        case .chroma444: return TJSAMP_444
        case .chroma422: return TJSAMP_422
        case .chroma420: return TJSAMP_420
        case .gray: return TJSAMP_GRAY
        case .chroma440: return TJSAMP_440
        case .chroma411: return TJSAMP_411
        }
    }

    private static func swiftSubsampling(_ code: Int32) -> JPEGSubsampling? {
        JPEGSubsampling.allCases.first { Int32(tjSubsampling($0).rawValue) == code }
    }

    private static func swiftColorspace(_ code: Int32) -> JPEGColorspace? {
        switch code {
        case Int32(TJCS_RGB.rawValue): return .rgb
        case Int32(TJCS_YCbCr.rawValue): return .yCbCr
        case Int32(TJCS_GRAY.rawValue): return .gray
        case Int32(TJCS_CMYK.rawValue): return .cmyk
        case Int32(TJCS_YCCK.rawValue): return .ycck
        default: return nil
        }
    }
}
