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

/// (Σ (p[i] - shift), Σ (p[i] - shift)^2) in one pass; a shift near the mean keeps the variance formula accurate.
@inline(__always)
func vectorShiftedMoments(_ p: UnsafePointer<Float>, _ n: Int, shift: Float) -> (sum: Float, squares: Float) {
    var s0 = SIMD16<Float>(), s1 = SIMD16<Float>(), q0 = SIMD16<Float>(), q1 = SIMD16<Float>()
    let sh = SIMD16<Float>(repeating: shift)
    var i = 0
    let raw = UnsafeRawPointer(p)
    while i + 32 <= n {
        let a = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self) - sh
        let b = raw.loadUnaligned(fromByteOffset: (i + 16) * 4, as: SIMD16<Float>.self) - sh
        s0 += a; s1 += b
        q0 += a * a; q1 += b * b
        i += 32
    }
    var s = (s0 + s1).sum(), q = (q0 + q1).sum()
    while i < n { let d = p[i] - shift; s += d; q += d * d; i += 1 }
    return (s, q)
}
