import ReviewCore
import Synchronization

/// Messages from background work to the UI thread: `post` from any thread wakes the loop.
public final class Inbox: Sendable {
    private let queue = Mutex<[Message]>([])
    private let wake: @Sendable () -> Void

    /// An empty inbox whose `post` calls `wake` (the screen's, which cuts the loop's sleep short).
    public init(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
    }

    /// Queues `message` and wakes the UI thread.
    public func post(_ message: Message) {
        queue.withLock { $0.append(message) }
        wake()
    }

    /// Takes every queued message, oldest first.
    public func drain() -> [Message] {
        queue.withLock { pending in
            let out = pending
            pending.removeAll(keepingCapacity: true)
            return out
        }
    }
}
