import Testing
@testable import LinearAlgebra

@Suite("BLAS")
struct BLASTests {
    @Test("sgemm matches the naive product for all transpose combinations and odd sizes",
          arguments: [(false, false), (false, true), (true, false), (true, true)])
    func sgemmMatchesNaive(transA: Bool, transB: Bool) {
        for (m, n, k) in [(1, 1, 1), (7, 13, 5), (33, 65, 17), (64, 3, 129)] {
            // Leading dimensions larger than needed exercise the stride arguments.
            let lda = (transA ? m : k) + 2, ldb = (transB ? k : n) + 1, ldc = n + 3
            let a = randomArray((transA ? k : m) * lda, seed: 1)
            let b = randomArray((transB ? n : k) * ldb, seed: 2)
            var fast = randomArray(m * ldc, seed: 3)
            var slow = fast
            BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.7, a: a, lda: lda,
                       b: b, ldb: ldb, beta: 0.3, c: &fast, ldc: ldc)
            BLAS.naiveSgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.7, a: a, lda: lda,
                            b: b, ldb: ldb, beta: 0.3, c: &slow, ldc: ldc)
            #expect(maxRelativeError(fast, slow) < 1e-4, "m=\(m) n=\(n) k=\(k)")
        }
    }

    @Test("kernel selection leaves a non-generic core on an AVX2/AVX-512 CPU, or keeps a preset OPENBLAS_CORETYPE")
    func kernelSelection() {
        let selection = BLAS.selectFastKernels()
        #expect(BLAS.selectFastKernels() == selection, "selection is idempotent")
        switch selection.outcome {
        case .respectedEnvironment:
            #expect(selection.after == selection.before)
            #expect(BLAS.coreName == selection.before)
        default:
            if BLAS.fastCore(for: BLAS.cpuFlags()) != nil {
                #expect(!BLAS.genericCores.contains(BLAS.coreName.lowercased()), "\(selection)")
                #expect(BLAS.coreName.lowercased() != "prescott")
            }
        }
        #expect(BLAS.checkProduct() == nil)
        #expect(BLAS.threadCount >= 1)
    }

    @Test("CPU flags map to SkylakeX with AVX-512, Haswell with AVX2+FMA, nothing otherwise")
    func coreFromFlags() {
        #expect(BLAS.fastCore(for: ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx2", "fma"]) == "SkylakeX")
        #expect(BLAS.fastCore(for: ["avx512f", "avx2", "fma"]) == "Haswell")
        #expect(BLAS.fastCore(for: ["avx2", "fma", "sse3"]) == "Haswell")
        #expect(BLAS.fastCore(for: ["avx", "sse3"]) == nil)
    }

    @Test("solveSPD solves a symmetric positive definite system")
    func solveSPD() throws {
        let n = 9, nrhs = 3
        let m = randomArray(n * n, seed: 5).map(Double.init)
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n {
            var s = i == j ? Double(n) : 0
            for p in 0..<n { s += m[p * n + i] * m[p * n + j] }
            a[i * n + j] = s
        } }
        let b = randomArray(n * nrhs, seed: 6).map(Double.init)
        let x = try BLAS.solveSPD(a: a, b: b, n: n, nrhs: nrhs)
        let reference = naiveSolve(a, b, n: n, nrhs: nrhs)
        for i in 0..<(n * nrhs) { #expect(abs(x[i] - reference[i]) < 1e-9) }
    }

    @Test("solveSPD reports a matrix that is not positive definite and mismatched sizes")
    func solveSPDErrors() {
        #expect(throws: BLASError.notPositiveDefinite(minor: 1)) {
            try BLAS.solveSPD(a: [-1.0, 0, 0, 1], b: [1.0, 1], n: 2, nrhs: 1)
        }
        #expect(throws: BLASError.self) { try BLAS.solveSPD(a: [1.0, 0, 0], b: [1.0, 1], n: 2, nrhs: 1) }
    }

    /// Gauss-Jordan with partial pivoting on a row-major (n, n) system with (n, nrhs) right-hand sides.
    func naiveSolve(_ a: [Double], _ b: [Double], n: Int, nrhs: Int) -> [Double] {
        var a = a, b = b
        for col in 0..<n {
            let pivot = (col..<n).max { abs(a[$0 * n + col]) < abs(a[$1 * n + col]) }!
            for j in 0..<n { a.swapAt(col * n + j, pivot * n + j) }
            for j in 0..<nrhs { b.swapAt(col * nrhs + j, pivot * nrhs + j) }
            for row in 0..<n where row != col {
                let f = a[row * n + col] / a[col * n + col]
                for j in 0..<n { a[row * n + j] -= f * a[col * n + j] }
                for j in 0..<nrhs { b[row * nrhs + j] -= f * b[col * nrhs + j] }
            }
        }
        for row in 0..<n { for j in 0..<nrhs { b[row * nrhs + j] /= a[row * n + row] } }
        return b
    }
}
