// The only file that talks to OpenBLAS (cblas, LAPACK and its kernel-selection internals).
import COpenBLAS
import Foundation

/// What `BLAS.selectFastKernels()` did, with the OpenBLAS core names before and after.
public struct KernelSelection: Sendable, Equatable, CustomStringConvertible {
    /// How the selection ended.
    public enum Outcome: Sendable, Equatable {
        /// `OPENBLAS_CORETYPE` was already set (possibly empty), so the user's choice was kept.
        case respectedEnvironment(String)
        /// The detected core was not a generic fallback, so nothing was changed.
        case keptDetectedCore
        /// The core was generic but the CPU has neither AVX-512 nor AVX2+FMA.
        case noFasterCore
        /// The core was switched and the check product matched the naive product.
        case switched
        /// The switched core failed the check product, so the original core was restored.
        case reverted(reason: String)
    }
    /// Core name reported by `openblas_get_corename()` before selection.
    public let before: String
    /// Core name in use after selection.
    public let after: String
    /// What happened.
    public let outcome: Outcome

    public var description: String {
        switch outcome {
        case .respectedEnvironment(let value):
            return "OpenBLAS core \(after) (OPENBLAS_CORETYPE=\"\(value)\" kept)"
        case .keptDetectedCore: return "OpenBLAS core \(after) (detected)"
        case .noFasterCore: return "OpenBLAS core \(after) (generic; no AVX2/AVX-512 found)"
        case .switched: return "OpenBLAS core \(before) -> \(after) (selected from CPU flags, check passed)"
        case .reverted(let reason): return "OpenBLAS core \(after) (switch to faster core reverted: \(reason))"
        }
    }
}

/// A linear-algebra failure with a one-line reason.
public enum BLASError: Error, Equatable, CustomStringConvertible {
    /// Buffer sizes do not match the stated dimensions.
    case dimensionMismatch(String)
    /// The matrix is not (numerically) symmetric positive definite; `minor` is LAPACK's INFO.
    case notPositiveDefinite(minor: Int)
    /// LAPACK rejected an argument (INFO < 0).
    case illegalArgument(index: Int)

    public var description: String {
        switch self {
        case .dimensionMismatch(let what): return "linear solve: \(what)"
        case .notPositiveDefinite(let minor):
            return "linear solve: matrix is not positive definite (leading minor \(minor))"
        case .illegalArgument(let index): return "linear solve: LAPACK argument \(index) is illegal"
        }
    }
}

/// Thin typed wrappers over OpenBLAS; all matrices are row-major.
public enum BLAS {
    /// Core names OpenBLAS falls back to when it does not recognise a CPU; all are far slower than AVX2/AVX-512 kernels.
    package static let genericCores: Set<String> = [
        "prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "katmai", "coppermine",
        "northwood", "banias", "athlon", "opteron", "opteron_sse3", "barcelona", "unknown", "generic",
    ]

    /// Runs once per process; every BLAS entry point touches it, so no sgemm can race a re-init.
    private static let selection: KernelSelection = performSelection()

    /// Picks AVX-512/AVX2 kernels when OpenBLAS 0.3.21 misdetects the CPU as a generic core; idempotent, call at start.
    ///
    /// Respects a preset `OPENBLAS_CORETYPE` (even empty). The switch is verified with a small sgemm
    /// against the naive product and reverted on mismatch. Any BLAS call triggers this lazily too.
    @discardableResult
    public static func selectFastKernels() -> KernelSelection { selection }

    /// Name of the OpenBLAS core currently in use (e.g. "SkylakeX").
    public static var coreName: String {
        _ = selection
        return rawCoreName()
    }

    /// Number of threads OpenBLAS uses for a call.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of OpenBLAS threads (>= 1).
    public static func setThreadCount(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }

    private static func rawCoreName() -> String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// Lower-case CPU feature flags from /proc/cpuinfo (empty when unreadable).
    package static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map { $0.lowercased() })
        }
        return []
    }

    /// The OpenBLAS core best matching `flags`, or nil when none beats the generic one.
    package static func fastCore(for flags: Set<String>) -> String? {
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    private static func reinitialize() {
        gotoblas_dynamic_quit()
        gotoblas_dynamic_init()
    }

    private static func performSelection() -> KernelSelection {
        let before = rawCoreName()
        if let preset = getenv("OPENBLAS_CORETYPE") {
            return KernelSelection(before: before, after: before,
                                   outcome: .respectedEnvironment(String(cString: preset)))
        }
        guard genericCores.contains(before.lowercased()) else {
            return KernelSelection(before: before, after: before, outcome: .keptDetectedCore)
        }
        guard let core = fastCore(for: cpuFlags()) else {
            return KernelSelection(before: before, after: before, outcome: .noFasterCore)
        }
        setenv("OPENBLAS_CORETYPE", core, 1)
        reinitialize()
        let after = rawCoreName()
        if let problem = checkProduct() {
            unsetenv("OPENBLAS_CORETYPE")
            reinitialize()
            return KernelSelection(before: before, after: rawCoreName(), outcome: .reverted(reason: problem))
        }
        return KernelSelection(before: before, after: after, outcome: .switched)
    }

    /// Compares a 64x48 * 48x40 cblas product with the naive one; returns a reason on mismatch.
    static func checkProduct() -> String? {
        let m = 64, k = 48, n = 40
        let a = (0..<(m * k)).map { Float(($0 * 7) % 13) / 13 - 0.5 }
        let b = (0..<(k * n)).map { Float(($0 * 5) % 11) / 11 - 0.5 }
        var fast = [Float](repeating: 0, count: m * n)
        var slow = fast
        rawSgemm(false, false, m, n, k, 1, a, k, b, n, 0, &fast, n)
        naiveSgemm(transA: false, transB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k,
                   b: b, ldb: n, beta: 0, c: &slow, ldc: n)
        for i in 0..<(m * n) where abs(fast[i] - slow[i]) > 1e-4 * (1 + abs(slow[i])) {
            return "sgemm check failed at \(i): \(fast[i]) vs \(slow[i])"
        }
        return nil
    }

    @inline(__always)
    private static func rawSgemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
                                 _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
                                 _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float,
                                 _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Row-major C (m, n) = alpha * op(A) (m, k) * op(B) (k, n) + beta * C, via cblas_sgemm.
    ///
    /// op(A) is A (m, k) with leading dimension lda, or A^T where A is (k, m); likewise for B.
    @inline(__always)
    public static func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        _ = selection
        rawSgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// Reference triple loop with the same contract as `sgemm` (accumulates in Double); for tests.
    public static func naiveSgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                                  a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                  beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let av = transA ? a[p * lda + i] : a[i * lda + p]
                    let bv = transB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(av) * Double(bv)
                }
                let old = beta == 0 ? 0 : beta * c[i * ldc + j]
                c[i * ldc + j] = alpha * Float(sum) + old
            }
        }
    }

    /// Solves A X = B for symmetric positive definite A (n, n) and B (n, nrhs), both row-major, via dposv_.
    public static func solveSPD(a: [Double], b: [Double], n: Int, nrhs: Int) throws(BLASError) -> [Double] {
        _ = selection
        guard n > 0, nrhs > 0 else { throw .dimensionMismatch("n and nrhs must be positive") }
        guard a.count == n * n else { throw .dimensionMismatch("A has \(a.count) values, expected \(n * n)") }
        guard b.count == n * nrhs else { throw .dimensionMismatch("B has \(b.count) values, expected \(n * nrhs)") }
        // A is symmetric, so row-major == column-major; B must be transposed to column-major and back.
        var aa = a
        var bb = transpose(b, rows: n, cols: nrhs)
        var uplo = CChar(UInt8(ascii: "U"))
        var nn = Int32(n), nr = Int32(nrhs), ld = Int32(n), info: Int32 = 0
        dposv_(&uplo, &nn, &nr, &aa, &ld, &bb, &ld, &info, 1)
        if info > 0 { throw .notPositiveDefinite(minor: Int(info)) }
        if info < 0 { throw .illegalArgument(index: Int(-info)) }
        return transpose(bb, rows: nrhs, cols: n)
    }

    private static func transpose<T>(_ x: [T], rows: Int, cols: Int) -> [T] {
        if rows == 1 || cols == 1 { return x }
        var out = x
        for r in 0..<rows { for c in 0..<cols { out[c * rows + r] = x[r * cols + c] } }
        return out
    }
}
