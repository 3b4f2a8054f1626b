/// Chroma subsampling of a JPEG (how colour planes are reduced relative to luma).
public enum JPEGSubsampling: String, Sendable, CaseIterable {
    /// No chroma subsampling.
    case chroma444 = "4:4:4"
    /// Chroma halved horizontally.
    case chroma422 = "4:2:2"
    /// Chroma halved horizontally and vertically (the usual camera/PACS export).
    case chroma420 = "4:2:0"
    /// Greyscale: one component, no chroma.
    case gray = "gray"
    /// Chroma halved vertically.
    case chroma440 = "4:4:0"
    /// Chroma quartered horizontally.
    case chroma411 = "4:1:1"
}

/// The colour space a JPEG's components are stored in.
public enum JPEGColorspace: String, Sendable, CaseIterable {
    /// RGB stored without a colour transform (rare; Adobe transform 0).
    case rgb = "RGB"
    /// YCbCr, the usual colour JPEG.
    case yCbCr = "YCbCr"
    /// One greyscale component.
    case gray = "gray"
    /// Four components, CMYK (print workflows).
    case cmyk = "CMYK"
    /// Four components, CMYK stored as YCbCr + K (Adobe transform 2).
    case ycck = "YCCK"
}

/// What a JPEG's header says, read without decoding any pixels (made by `JPEGCodec.readHeader`).
public struct JPEGHeader: Equatable, Sendable {
    /// Full-resolution width in pixels (1...65535).
    public let width: Int
    /// Full-resolution height in pixels (1...65535).
    public let height: Int
    /// Chroma subsampling.
    public let subsampling: JPEGSubsampling
    /// Component colour space.
    public let colorspace: JPEGColorspace

    /// Full-resolution pixel count, `width * height`.
    public var pixelCount: Int { width * height }
}
