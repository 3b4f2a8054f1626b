import Dispatch
import Foundation

/// A first-in first-out queue holding at most `capacity` items, between one producer thread and
/// one consumer: `put` waits while the queue is full, `take` while it is empty. Bounds the memory
/// of a pipeline whose producer runs ahead.
public final class BoundedQueue<Element>: @unchecked Sendable {
    private var items: [Element] = []
    private let lock = NSLock()
    private let free: DispatchSemaphore
    private let filled = DispatchSemaphore(value: 0)

    public init(capacity: Int) { free = DispatchSemaphore(value: max(1, capacity)) }

    public func put(_ item: Element) {
        free.wait()
        lock.withLock { items.append(item) }
        filled.signal()
    }

    public func take() -> Element {
        filled.wait()
        let item = lock.withLock { items.removeFirst() }
        free.signal()
        return item
    }
}
