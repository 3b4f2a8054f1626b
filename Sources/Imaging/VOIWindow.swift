#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The DICOM value-of-interest step (PS3.3 C.11.2): maps modality values (after rescale) onto
/// display greys 0...255, as a viewer exporting the film to an 8-bit JPEG with its default
/// window would. Pure math; the decoders build it from a file's header.
public enum VOIWindow: Sendable, Equatable {
    /// `LINEAR` window (C.11.2.1.2.1): below `center - 0.5 - (width - 1) / 2` black, above
    /// `center - 0.5 + (width - 1) / 2` white, linear between. `width >= 1`.
    case linear(center: Double, width: Double)
    /// `LINEAR_EXACT` (C.11.2.1.3.2): `(x - center) / width + 0.5`, clamped. `width > 0`.
    case linearExact(center: Double, width: Double)
    /// `SIGMOID` (C.11.2.1.3.1): `1 / (1 + exp(-4 (x - center) / width))`. `width > 0`.
    case sigmoid(center: Double, width: Double)
    /// A VOI LUT: value `x` reads entry `x - firstMapped` (clamped to the table's ends); entries
    /// span `0 ..< 2^bits`.
    case table(entries: [UInt16], firstMapped: Int, bits: Int)
    /// No window in the header: the pixel range `low...high` onto black...white.
    case range(low: Float, high: Float)

    /// The window a header asks for: the first Window Center/Width (with its VOI LUT Function),
    /// else the VOI LUT, else the pixel range of `image`.
    public static func fromHeader(center: Double?, width: Double?, function: String,
                                  table: (entries: [UInt16], firstMapped: Int, bits: Int)?,
                                  image: GrayImage) -> VOIWindow {
        if let center, let width, width > 0, center.isFinite, width.isFinite {
            switch function.uppercased() {
            case "LINEAR_EXACT": return .linearExact(center: center, width: width)
            case "SIGMOID": return .sigmoid(center: center, width: width)
            default: return .linear(center: center, width: max(width, 1))
            }
        }
        if let table, !table.entries.isEmpty, (1...16).contains(table.bits) {
            return .table(entries: table.entries, firstMapped: table.firstMapped, bits: table.bits)
        }
        return pixelRange(of: image)
    }

    /// `.range` over the finite minimum and maximum of `image` (0...255 when it has none).
    public static func pixelRange(of image: GrayImage) -> VOIWindow {
        var low = Float.infinity, high = -Float.infinity
        for v in image.pixels where v.isFinite {
            low = min(low, v)
            high = max(high, v)
        }
        return low <= high ? .range(low: low, high: high) : .range(low: 0, high: 255)
    }

    /// The grey in 0...1 of one modality value (the reference the fast loop in `apply` follows).
    @inlinable
    public func unitGrey(_ x: Float) -> Float {
        switch self {
        case .linear(let c, let w):
            let x = Double(x)
            if x <= c - 0.5 - (w - 1) / 2 { return 0 }
            if x > c - 0.5 + (w - 1) / 2 { return 1 }
            return Float(min(max((x - (c - 0.5)) / (w - 1) + 0.5, 0), 1))
        case .linearExact(let c, let w):
            return Float(min(max((Double(x) - c) / w + 0.5, 0), 1))
        case .sigmoid(let c, let w):
            return Float(1 / (1 + exp(-4 * (Double(x) - c) / w)))
        case .table(let entries, let first, let bits):
            guard x.isFinite else { return 0 }
            let index = min(max(Int(x.rounded(.down)) - first, 0), entries.count - 1)
            return Float(entries[index]) / Float((1 << bits) - 1)
        case .range(let low, let high):
            guard high > low else { return 0.5 }
            return min(max((x - low) / (high - low), 0), 1)
        }
    }

    /// Display greys 0...255 of every pixel of `image` (modality values), inverted
    /// (`255 - grey`) when `invert` (MONOCHROME1, or Presentation LUT Shape INVERSE).
    /// Non-finite inputs become black. O(pixels).
    public func apply(to image: GrayImage, invert: Bool) -> GrayImage {
        var out = image
        out.pixels.withUnsafeMutableBufferPointer { p in
            switch self {
            case .linear(let c, let w):
                // Same formula as `unitGrey`, in Float with the constants hoisted.
                let low = Float(c - 0.5 - (w - 1) / 2), high = Float(c - 0.5 + (w - 1) / 2)
                let offset = Float(c - 0.5), scale = Float(1 / (w - 1))
                for i in p.indices {
                    let x = p[i]
                    var g: Float = x <= low ? 0 : (x > high ? 1 : (x - offset) * scale + 0.5)
                    g = x.isFinite ? min(max(g, 0), 1) : 0
                    p[i] = (invert ? 1 - g : g) * 255
                }
            default:
                for i in p.indices {
                    let g = p[i].isFinite ? unitGrey(p[i]) : 0
                    p[i] = (invert ? 1 - g : g) * 255
                }
            }
        }
        return out
    }
}
