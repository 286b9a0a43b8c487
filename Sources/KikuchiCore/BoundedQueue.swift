import Foundation

/// A first-in first-out queue of at most `capacity` items between producer and consumer threads
/// (any number of each): `push` waits while it is full, `pop` while it is empty. Bounding it
/// bounds the memory of a pipeline whatever the number of patterns.
public final class BoundedQueue<Item> {
    private var items: [Item] = []
    private var closed = false
    private let capacity: Int
    private let condition = NSCondition()

    public init(capacity: Int) { self.capacity = max(capacity, 1) }

    /// Adds `item`, waiting for room; returns false (dropping it) once the queue is closed.
    @discardableResult
    public func push(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !closed { condition.wait() }
        guard !closed else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, or nil once the queue is closed and empty.
    public func pop() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// No more items will come (or none are wanted): wakes every waiter.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
