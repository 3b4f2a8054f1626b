import Imaging

/// An 8-bit grey image ready for a terminal graphics encoder: row-major, top row first.
public struct GreyRaster: Equatable, Sendable {
    /// Width in pixels (>= 1 for anything an encoder accepts).
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width * height` greys, 0 black ... 255 white; pixel (x, y) is `bytes[y * width + x]`.
    public let bytes: [UInt8]

    /// Creates a raster from row-major bytes; `bytes.count` must be `width * height`.
    public init(width: Int, height: Int, bytes: [UInt8]) {
        precondition(width >= 0 && height >= 0, "negative raster size")
        precondition(bytes.count == width * height, "byte count \(bytes.count) != \(width)x\(height)")
        self.width = width
        self.height = height
        self.bytes = bytes
    }

    /// Rounds a film's greys (0...255; values outside are clamped, NaN becomes 0) to bytes.
    public init(_ image: GrayImage) {
        let bytes = image.pixels.map { v -> UInt8 in
            guard v == v else { return 0 }
            return UInt8(min(255, max(0, v.rounded())))
        }
        self.init(width: image.width, height: image.height, bytes: bytes)
    }

    /// The grey at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> UInt8 { bytes[y * width + x] }
}
