// The only file that calls the C convolution kernels (CConvKernels).
import CConvKernels

/// Instruction set of the C convolution kernels. Every level computes the same function up to
/// float rounding; tests run each one against the naive convolution.
public enum ConvKernelLevel: Int32, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    /// Plain C for the baseline x86-64 (or any) target.
    case portable = 0
    /// AVX2 and FMA.
    case avx2 = 1
    /// AVX-512F and FMA.
    case avx512 = 2

    /// The fastest level this CPU supports.
    public static let best = ConvKernelLevel(rawValue: lb_best_level()) ?? .portable

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .portable: return "portable"
        case .avx2: return "AVX2"
        case .avx512: return "AVX-512"
        }
    }
}

/// Typed wrappers over the C kernels; shapes are documented in ConvKernels.h.
enum ConvKernels {
    /// Floats of per-worker scratch `winograd` needs for tile size m and C -> OC channels.
    static func winogradScratch(tile m: Int, channels: Int, outChannels: Int) -> Int {
        Int(lb_winograd_scratch_floats(Int32(m), Int32(channels), Int32(outChannels)))
    }

    /// Winograd F(m x m, 3x3), pad 1, over tiles `tiles` of x (n, H, W, C) -> y (pooled or full), with
    /// bias, ReLU and 2x2 max pool in the epilogue; u ((m+2)^2, C, OC) from `Winograd.transformWeights`.
    /// `outRange` (multiples of 16, default all) restricts the output channels computed.
    @inline(__always)
    static func winograd(_ level: ConvKernelLevel, tile m: Int, _ x: UnsafePointer<Float>, height: Int, width: Int, channels: Int,
                         outChannels: Int, u: UnsafePointer<Float>, bias: UnsafePointer<Float>, relu: Bool, pool: Bool,
                         tiles: Range<Int>, outRange: Range<Int>? = nil, scratch: UnsafeMutablePointer<Float>,
                         _ y: UnsafeMutablePointer<Float>) {
        let oc = outRange ?? 0..<outChannels
        lb_winograd_conv(level.rawValue, Int32(m), x, Int32(height), Int32(width), Int32(channels), Int32(outChannels), u, bias,
                         relu ? 1 : 0, pool ? 1 : 0, tiles.lowerBound, tiles.upperBound, Int32(oc.lowerBound),
                         Int32(oc.upperBound), scratch, y)
    }

    /// Single-channel 3x3 pad-1 convolution with bias, ReLU and 2x2 max pool over pooled rows `rows`
    /// (row = image * H/2 + oh) of x (n, H, W) -> y (n, H/2, W/2, OC); w (9, OC); scratch 4 * (W + 2).
    @inline(__always)
    static func directConv1Pool(_ level: ConvKernelLevel, _ x: UnsafePointer<Float>, height: Int, width: Int,
                                outChannels: Int, w: UnsafePointer<Float>, bias: UnsafePointer<Float>, relu: Bool,
                                rows: Range<Int>, scratch: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        lb_direct_conv1_pool(level.rawValue, x, Int32(height), Int32(width), Int32(outChannels), w, bias, relu ? 1 : 0,
                             rows.lowerBound, rows.upperBound, scratch, y)
    }
}
