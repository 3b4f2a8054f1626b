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

/// (Σ m[i]*a[i], Σ m[i]*a[i]*b[i]) with m[i] = mask[i] > 0 ? 1 : 0, or 1 when `mask` is nil: the sums BN backward
/// needs, with a fused ReLU's mask applied as a select (a branch would mispredict on every sign change).
@inline(__always)
func vectorSumAndDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int,
                     maskedBy mask: UnsafePointer<Float>?) -> (sum: Float, dot: Float) {
    var s0 = SIMD16<Float>(), d0 = SIMD16<Float>()
    let zero = SIMD16<Float>()
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    var i = 0
    if let mask {
        let rm = UnsafeRawPointer(mask)
        while i + 16 <= n {
            let m = rm.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            let av = ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self).replacing(with: zero, where: m .<= zero)
            s0 += av
            d0 += av * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
    } else {
        while i + 16 <= n {
            let av = ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            s0 += av
            d0 += av * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
    }
    var s = s0.sum(), d = d0.sum()
    while i < n {
        let av = mask.map { $0[i] > 0 ? a[i] : 0 } ?? a[i]
        s += av; d += av * b[i]; i += 1
    }
    return (s, d)
}

/// out[i] = alpha * m[i]*u[i] + beta * v[i] + delta, with m as in `vectorSumAndDot`; overwrites out.
@inline(__always)
func vectorAffine2(_ u: UnsafePointer<Float>, _ v: UnsafePointer<Float>, a alpha: Float, b beta: Float, d delta: Float,
                   _ out: UnsafeMutablePointer<Float>, _ n: Int, maskedBy mask: UnsafePointer<Float>?) {
    let av = SIMD16<Float>(repeating: alpha), bv = SIMD16<Float>(repeating: beta), dv = SIMD16<Float>(repeating: delta)
    let zero = SIMD16<Float>()
    let ru = UnsafeRawPointer(u), rv = UnsafeRawPointer(v), ro = UnsafeMutableRawPointer(out)
    var i = 0
    if let mask {
        let rm = UnsafeRawPointer(mask)
        while i + 16 <= n {
            let m = rm.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            let uv = ru.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self).replacing(with: zero, where: m .<= zero)
            let r = av * uv + bv * rv.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self) + dv
            ro.storeBytes(of: r, toByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
    } else {
        while i + 16 <= n {
            let uv = ru.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            let r = av * uv + bv * rv.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self) + dv
            ro.storeBytes(of: r, toByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
    }
    while i < n {
        let uu = mask.map { $0[i] > 0 ? u[i] : 0 } ?? u[i]
        out[i] = alpha * uu + beta * v[i] + delta
        i += 1
    }
}
