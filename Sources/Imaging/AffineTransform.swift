#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A similarity transform about the image centre: rotate, zoom, then shift, in pixels.
///
/// Forward, a source point `p` lands at `c + zoom * R(angle) * (p - c) + shift`, where `c` is
/// the centre `((w - 1) / 2, (h - 1) / 2)`. Positive angles turn the picture counter-clockwise
/// as displayed (y grows downward); zoom > 1 enlarges; positive shift moves content right/down.
public struct AffineTransform: Sendable, Equatable {
    /// Rotation in degrees, counter-clockwise on screen.
    public var rotationDegrees: Float
    /// Scale factor (> 0); 1 keeps the size.
    public var zoom: Float
    /// Translation right, in output pixels.
    public var shiftX: Float
    /// Translation down, in output pixels.
    public var shiftY: Float

    /// Creates a transform; the defaults are the identity.
    public init(rotationDegrees: Float = 0, zoom: Float = 1, shiftX: Float = 0, shiftY: Float = 0) {
        self.rotationDegrees = rotationDegrees
        self.zoom = zoom
        self.shiftX = shiftX
        self.shiftY = shiftY
    }

    /// The transform that changes nothing.
    public static let identity = AffineTransform()

    /// Views for test-time augmentation: the film as is, turned -6 and +6 degrees, and zoomed
    /// to 1.08 and 0.93; averaging the model over them steadies its output on borderline films.
    public static let testTimeViews: [AffineTransform] = [
        .identity,
        AffineTransform(rotationDegrees: -6),
        AffineTransform(rotationDegrees: 6),
        AffineTransform(zoom: 1.08),
        AffineTransform(zoom: 0.93),
    ]

    /// True when applying the transform is a no-op.
    public var isIdentity: Bool { self == .identity }

    /// The inverse map as `(a, b, c, d)` with `source - centre = [a b; c d] (dest - centre - shift)`.
    var inverseLinear: (a: Float, b: Float, c: Float, d: Float) {
        let radians = Double(rotationDegrees) * Double.pi / 180
        let cs = Float(cos(radians)) / zoom, sn = Float(sin(radians)) / zoom
        // Forward on screen: dx' = cos dx + sin dy, dy' = -sin dx + cos dy (y down); inverse
        // is the transpose divided by zoom.
        return (cs, -sn, sn, cs)
    }
}

extension GrayImage {
    /// Warps the image by `transform` (same output size) with inverse mapping, bilinear
    /// sampling and edge-replicate borders; used by augmentation and test-time augmentation.
    ///
    /// The identity transform returns `self` exactly.
    public func warpAffine(_ transform: AffineTransform) -> GrayImage {
        if transform.isIdentity || isEmpty { return self }
        let (a, b, c, d) = transform.inverseLinear
        let cx = Float(width - 1) / 2, cy = Float(height - 1) / 2
        let maxX = Float(width - 1), maxY = Float(height - 1)
        let w = width, h = height
        let out = [Float](unsafeUninitializedCapacity: w * h) { dst, count in
            pixels.withUnsafeBufferPointer { src in
                for y in 0 ..< h {
                    let dy = Float(y) - cy - transform.shiftY
                    for x in 0 ..< w {
                        let dx = Float(x) - cx - transform.shiftX
                        // Clamping the coordinate is edge replication.
                        let sx = min(max(cx + a * dx + b * dy, 0), maxX)
                        let sy = min(max(cy + c * dx + d * dy, 0), maxY)
                        let x0 = Int(sx), y0 = Int(sy)
                        let x1 = min(x0 + 1, w - 1), y1 = min(y0 + 1, h - 1)
                        let tx = sx - Float(x0), ty = sy - Float(y0)
                        let r0 = y0 * w, r1 = y1 * w
                        let top = src[r0 + x0] + (src[r0 + x1] - src[r0 + x0]) * tx
                        let bottom = src[r1 + x0] + (src[r1 + x1] - src[r1 + x0]) * tx
                        dst[y * w + x] = top + (bottom - top) * ty
                    }
                }
            }
            count = w * h
        }
        return GrayImage(width: w, height: h, pixels: out)
    }
}
