/// A single-channel image of `Float` pixels stored row-major, top row first.
///
/// Pixel values are unitless; decoded 8-bit films use 0...255, preprocessed model
/// inputs use whatever range `Preprocessing` documents. Pure value type: no I/O.
public struct GrayImage: Equatable, Sendable {
    /// Width in pixels (>= 0).
    public let width: Int
    /// Height in pixels (>= 0).
    public let height: Int
    /// `width * height` pixels, row-major: pixel (x, y) is `pixels[y * width + x]`.
    public var pixels: [Float]

    /// Creates an image from row-major pixels; `pixels.count` must be `width * height`.
    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(width >= 0 && height >= 0, "negative image size")
        precondition(pixels.count == width * height, "pixel count \(pixels.count) != \(width)x\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Creates a `width x height` image filled with `value`.
    public init(width: Int, height: Int, value: Float = 0) {
        self.init(width: width, height: height, pixels: [Float](repeating: value, count: width * height))
    }

    /// The pixel at column `x`, row `y` (no bounds clamping beyond the array's own check).
    @inlinable
    public subscript(x: Int, y: Int) -> Float {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// True when the image has no pixels.
    public var isEmpty: Bool { width == 0 || height == 0 }
}
