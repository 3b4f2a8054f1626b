import Foundation
import LinearAlgebra
import NeuralNet

/// How the process computes: OpenBLAS's kernels and threads, and the network's own workers.
/// Set once at start-up, before any command runs.
public enum Runtime {
    /// Selects fast OpenBLAS kernels and the thread layout.
    ///
    /// Unless OPENBLAS_NUM_THREADS says otherwise, OpenBLAS runs single-threaded and the network
    /// splits each batch over the cores itself: on these small products that measured about twice
    /// the throughput of OpenBLAS's own threads (`lightbox bench --model-blas-threads 2` shows it),
    /// and idle OpenBLAS threads no longer spin against the review UI.
    public static func configure(environment: [String: String] = ProcessInfo.processInfo.environment) {
        BLAS.selectFastKernels()
        Parallel.workers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        if environment["OPENBLAS_NUM_THREADS"] == nil { BLAS.setThreadCount(1) }
    }

    /// OpenBLAS threads from now on (`train --blas-threads`).
    public static func setBLASThreads(_ count: Int) { BLAS.setThreadCount(count) }

    /// "BLAS: OpenBLAS core SkylakeX, 1 OpenBLAS thread x 2 workers (...)", for `--version`.
    public static var description: String {
        let selection = BLAS.selectFastKernels()
        return "BLAS: OpenBLAS core \(BLAS.coreName), \(BLAS.threadCount) OpenBLAS thread\(BLAS.threadCount == 1 ? "" : "s") x "
            + "\(BLAS.threadCount == 1 ? Parallel.workers : 1) workers (\(selection))"
    }
}
