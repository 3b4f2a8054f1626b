import ReviewCore
import Synchronization
import Terminal

/// Messages from background work to the UI thread: `post` from any thread wakes the loop.
final class Inbox: Sendable {
    private let queue = Mutex<[Message]>([])
    /// Wakes the UI thread's `poll`.
    let wakeup = Wakeup()

    /// Queues `message` and wakes the UI thread.
    func post(_ message: Message) {
        queue.withLock { $0.append(message) }
        wakeup.signal()
    }

    /// Takes every queued message, oldest first.
    func drain() -> [Message] {
        queue.withLock { pending in
            let out = pending
            pending.removeAll(keepingCapacity: true)
            return out
        }
    }
}
