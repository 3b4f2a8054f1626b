import LinearAlgebra
import Dispatch
import Synchronization

/// Thread fan-out for the layers' loops (sgemm threads are separate: `BLAS.setThreadCount`).
///
/// `forEachChunk` splits 0..<count into contiguous chunks run on up to `Parallel.workers` threads; serial when the work is small.
///
/// `cost` is a rough per-index cost in elements touched; work below ~64K elements runs inline,
/// since waking a thread costs more than it saves. The body must only write disjoint memory per index.
public enum Parallel {
    /// Threads used for elementwise loops and im2col: 1 unless the program sets it at start-up
    /// before any forward pass (the executable sets the active cores, at most 8; the core reads
    /// no process information itself). Stored atomically, so a set races with no reader.
    public static var workers: Int {
        get { configuredWorkers.load(ordering: .relaxed) }
        set { configuredWorkers.store(newValue, ordering: .relaxed) }
    }

    private static let configuredWorkers = Atomic<Int>(1)

    @inline(__always)
    static func forEachChunk(_ count: Int, cost: Int, _ body: (Range<Int>) -> Void) {
        let chunks = min(workers, count, max(1, count * cost / 65_536))
        if chunks <= 1 { body(0..<count); return }
        // The chunks write disjoint memory and concurrentPerform returns only after all ran,
        // so handing the non-Sendable body to the workers is safe.
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = count * c / chunks, hi = count * (c + 1) / chunks
                if lo < hi { work(lo..<hi) }
            }
        }
    }

    /// Runs body(0..<n) concurrently, one call per index (n small: one per worker); inline when n == 1.
    @inline(__always)
    static func forEachWorker(_ n: Int, _ body: (Int) -> Void) {
        if n <= 1 { body(0); return }
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: n) { work($0) }
        }
    }
}
