import Dispatch
import Foundation
import Workflows

/// Stopping background work when the review quits, so the process never exits while a worker
/// is inside OpenBLAS (exit's teardown freeing its buffers under a running sgemm crashed).
extension EffectRunner {
    /// True once `stopWorkers` was called.
    public var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }

    /// Drops every queued decode, scoring batch, explanation and hash, then waits until the ones
    /// running have returned or `timeout` passes; true when all workers are idle.
    ///
    /// Queued jobs return at once, so the wait is one running job at most, whatever is queued.
    @discardableResult
    public func stopWorkers(timeout: Duration) -> Bool {
        stopping.store(true, ordering: .sequentiallyConsistent)
        explainWanted.withLock { $0.removeAll() }
        hashJob.withLock { $0?.cancel() }
        let idle = DispatchGroup()
        for queue in [imageQueue, modelQueue, explainQueue] {
            idle.enter()
            queue.async { idle.leave() }
        }
        let nanos = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        return idle.wait(timeout: .now() + .nanoseconds(Int(nanos))) == .success
    }
}

/// Ends the process with `status` without running exit's teardown (atexit handlers, OpenBLAS's
/// shutdown), after flushing standard output: safe while a worker thread may still be inside a
/// library call. Use only when every record that matters is already on disk.
public func exitSkippingTeardown(_ status: Int32) -> Never {
    AppSyscalls.flushAndExitSkippingTeardown(status)
}
