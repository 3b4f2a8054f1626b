/// Reductions with independent SIMD accumulators (a plain Float loop is a serial add chain the compiler may not reorder).

/// Σ p[0..<n].
@inline(__always)
func vectorSum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
    var i = 0
    let raw = UnsafeRawPointer(p)
    while i + 32 <= n {
        acc0 += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        acc1 += raw.loadUnaligned(fromByteOffset: (i + 16) * 4, as: SIMD16<Float>.self)
        i += 32
    }
    var s = (acc0 + acc1).sum()
    while i < n { s += p[i]; i += 1 }
    return s
}

/// Σ (p[i] - mean)^2.
@inline(__always)
func vectorSquaredDeviation(_ p: UnsafePointer<Float>, _ n: Int, mean: Float) -> Float {
    var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
    let m = SIMD16<Float>(repeating: mean)
    var i = 0
    let raw = UnsafeRawPointer(p)
    while i + 32 <= n {
        let a = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self) - m
        let b = raw.loadUnaligned(fromByteOffset: (i + 16) * 4, as: SIMD16<Float>.self) - m
        acc0 += a * a
        acc1 += b * b
        i += 32
    }
    var s = (acc0 + acc1).sum()
    while i < n { let d = p[i] - mean; s += d * d; i += 1 }
    return s
}

/// Σ a[i] * b[i].
@inline(__always)
func vectorDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
    var i = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while i + 32 <= n {
        acc0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        acc1 += ra.loadUnaligned(fromByteOffset: (i + 16) * 4, as: SIMD16<Float>.self)
            * rb.loadUnaligned(fromByteOffset: (i + 16) * 4, as: SIMD16<Float>.self)
        i += 32
    }
    var s = (acc0 + acc1).sum()
    while i < n { s += a[i] * b[i]; i += 1 }
    return s
}
