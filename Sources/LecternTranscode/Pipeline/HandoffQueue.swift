import Dispatch
import Synchronization

/// A bounded, blocking queue that moves values from one thread to another: one producer, one consumer.
///
/// Values go in as `sending` and come out as `sending`, so the compiler checks both ends: the producer cannot touch a
/// value after pushing it, and the consumer owns what it pops. This is how a transcode job's threads hand each other
/// FFmpeg objects (a frame for a rung's encoder, the rung itself when it is done) without those wrappers being Sendable.
final class HandoffQueue<Element>: Sendable {
    /// A value in transit. Only `push` (which takes it as `sending`) creates one and only `pop` (which hands it on as
    /// `sending`) reads it, exactly once, so no two threads ever hold it.
    private struct InTransit: @unchecked Sendable {
        let value: Element
    }

    private struct State {
        /// Taken values leave a nil behind until the array is compacted: the queue must not keep them alive (a decoded
        /// picture pins its buffers, 12 MB for 4K).
        var items: [InTransit?] = []
        var head = 0
        /// The producer sends no more: the consumer gets what is left, then nil.
        var finished = false
        /// The consumer stopped: pushes are refused (and their values dropped).
        var abandoned = false
    }

    private let state = Mutex(State())
    /// Free places; the producer waits on it when the consumer is `capacity` values behind.
    private let slots = DispatchSemaphore(value: 0)
    /// Values waiting (plus one when finished); the consumer waits on it.
    private let ready = DispatchSemaphore(value: 0)

    init(capacity: Int) {
        // Counted up from 0 rather than created at `capacity`: libdispatch traps when a semaphore is freed below the
        // value it was created with, which a queue abandoned with values in it would be.
        for _ in 0..<max(capacity, 1) { slots.signal() }
    }

    /// Hands `value` to the consumer, waiting while the queue is full. Returns false (and drops the value) when the
    /// consumer has stopped.
    @discardableResult
    func push(_ value: sending Element) -> Bool {
        if state.withLock({ $0.abandoned }) { return false }
        slots.wait()
        let moved = InTransit(value: value)
        let accepted = state.withLock { state in
            guard !state.abandoned, !state.finished else { return false }
            state.items.append(moved)
            return true
        }
        if accepted { ready.signal() } else { slots.signal() }
        return accepted
    }

    /// The next value, waiting for one; nil once the producer has finished and everything pushed was taken.
    func pop() -> sending Element? {
        ready.wait()
        let moved = state.withLock { state -> InTransit? in
            guard state.head < state.items.count else { return nil }
            let item = state.items[state.head].take()
            state.head += 1
            if state.head > 64, state.head * 2 > state.items.count {
                state.items.removeFirst(state.head)
                state.head = 0
            }
            return item
        }
        guard let moved else {
            ready.signal()  // stay at the end for any later pop
            return nil
        }
        slots.signal()
        return moved.value
    }

    /// The producer is done: the consumer drains what is queued, then gets nil.
    func finish() {
        let first = state.withLock { state -> Bool in
            defer { state.finished = true }
            return !state.finished
        }
        if first { ready.signal() }
    }

    /// The consumer is done (it failed): queued values are dropped, a waiting producer is released and later pushes are
    /// refused.
    func abandon() {
        state.withLock { state in
            state.abandoned = true
            state.items = []
            state.head = 0
        }
        slots.signal()
    }
}
