import Imaging
import Feedback

/// A film decoded from any format Lightbox reads: display greys 0...255, what the file said.
public struct DecodedFilm: Sendable {
    /// Display greys 0...255 (DICOM and 16-bit PNG through their default window), possibly reduced.
    public var image: GrayImage
    /// Full-resolution size as stored.
    public var fullWidth: Int
    /// See `fullWidth`.
    public var fullHeight: Int
    /// The format found by content.
    public var format: FilmFormat
    /// Header fields (DICOM) and how the greys were chosen; empty for JPEG.
    public var metadata: FilmMetadata
    /// A grey DICOM film in modality units, reduced like `image`, for re-windowing with the
    /// header's presets; nil for other films.
    public var values: GrayImage? = nil
}

/// Decodes JPEG, PNG and DICOM films, telling them apart by content.
///
/// Every format reaches the model the same way: DICOM and PNG films are windowed to 8-bit greys
/// and then, when a reduced size is asked for, shrunk by the block mean with the power-of-two
/// factor a JPEG decoder would use for the same size (its DC-only IDCT scaling), so a DICOM film
/// carrying a JPEG film's pixels gets that JPEG's probability.
public enum FilmCodec {
    /// The format of `bytes`: by content; when the content says nothing, by the name
    /// (`.dcm`/`.dicom` tried as DICOM, `.png` as PNG), else JPEG (whose decoder names what it is).
    public static func format(of bytes: [UInt8], name: String) -> FilmFormat {
        if let found = FilmFormat.sniff(Array(bytes.prefix(FilmFormat.sniffBytes))) { return found }
        let lower = name.lowercased()
        if lower.hasSuffix(".dcm") || lower.hasSuffix(".dicom") { return .dicom }
        if lower.hasSuffix(".png") { return .png }
        return .jpeg
    }

    /// Decodes `bytes` (found by content, `name` only as a fallback hint) to display greys.
    /// - Parameter fittingAtLeast: when given, the smallest power-of-two reduction (1/8...1/1)
    ///   whose output still covers it (see `JPEGCodec.scaleDenominator`).
    public static func decode(_ bytes: [UInt8], name: String = "",
                              fittingAtLeast wanted: (width: Int, height: Int)? = nil,
                              pixelLimit: Int = JPEGCodec.defaultPixelLimit) throws(ImageLoadError.Reason) -> DecodedFilm {
        switch format(of: bytes, name: name) {
        case .jpeg:
            do {
                let header = try JPEGCodec.readHeader(bytes)
                let image = try JPEGCodec.decodeGray(bytes, fittingAtLeast: wanted, pixelLimit: pixelLimit)
                var metadata = FilmMetadata()
                metadata.encoding = "JPEG"
                return DecodedFilm(image: image, fullWidth: header.width, fullHeight: header.height,
                                   format: .jpeg, metadata: metadata)
            } catch {
                throw .jpeg(error)
            }
        case .png:
            let film: PNGFilm
            do { film = try PNGCodec.decode(bytes, pixelLimit: pixelLimit) } catch { throw .png(error) }
            var metadata = FilmMetadata()
            metadata.encoding = "PNG \(film.bitDepth)-bit"
            if film.bitDepth > 8 { metadata.windowSource = DICOMCodec.describe(film.window) }
            return reduced(film.greys, wanted: wanted, format: .png, metadata: metadata)
        case .dicom:
            let film: DICOMFilm
            do { film = try DICOMCodec.decode(bytes, pixelLimit: pixelLimit) } catch { throw .dicom(error) }
            var decoded = reduced(film.greys, wanted: wanted, format: .dicom, metadata: film.metadata)
            if !film.metadata.windowPresets.isEmpty {
                let factor = JPEGCodec.scaleDenominator(width: film.values.width, height: film.values.height, fittingAtLeast: wanted)
                decoded.values = film.values.blockMean(factor: factor)
            }
            return decoded
        }
    }

    /// `image` shrunk by the power of two a JPEG decoder would use to cover `wanted`.
    static func reduced(_ image: GrayImage, wanted: (width: Int, height: Int)?, format: FilmFormat,
                        metadata: FilmMetadata) -> DecodedFilm {
        let factor = JPEGCodec.scaleDenominator(width: image.width, height: image.height, fittingAtLeast: wanted)
        return DecodedFilm(image: image.blockMean(factor: factor), fullWidth: image.width, fullHeight: image.height,
                           format: format, metadata: metadata)
    }
}

/// A reason is thrown on its own by `FilmCodec.decode`; `ImageFile` adds the path.
extension ImageLoadError.Reason: Error {}
