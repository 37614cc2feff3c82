import Foundation
import Synchronization
import Testing

@testable import LecternTranscode

/// The queue between a transcode job's decoding thread and its rungs' threads, run with real threads.
struct HandoffQueueTests {
    final class Item {
        let number: Int
        init(_ number: Int) { self.number = number }
    }

    /// Polls `condition` for up to 5 s.
    static func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(5)
        while !condition() {
            if Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return true
    }

    @Test("Values arrive in order on another thread, then nil once the producer has finished")
    func order() {
        let queue = HandoffQueue<Item>(capacity: 3)
        let received = Mutex<[Int]>([])
        let ended = Atomic(false)
        let consumer = Thread {
            while let item = queue.pop() { received.withLock { $0.append(item.number) } }
            ended.store(true, ordering: .sequentiallyConsistent)
        }
        consumer.start()
        var accepted = 0
        for number in 0..<100 where queue.push(Item(number)) { accepted += 1 }
        #expect(accepted == 100)
        queue.finish()
        #expect(Self.eventually { ended.load(ordering: .sequentiallyConsistent) })
        #expect(received.withLock { $0 } == Array(0..<100))
        #expect(queue.pop() == nil, "a pop after the end waits for nothing")
    }

    @Test("The producer waits while the consumer is `capacity` values behind")
    func bounded() {
        let queue = HandoffQueue<Item>(capacity: 2)
        let pushed = Atomic(0)
        let producer = Thread {
            for number in 0..<3 {
                queue.push(Item(number))
                pushed.add(1, ordering: .sequentiallyConsistent)
            }
        }
        producer.start()
        #expect(Self.eventually { pushed.load(ordering: .sequentiallyConsistent) == 2 })
        Thread.sleep(forTimeInterval: 0.2)
        #expect(pushed.load(ordering: .sequentiallyConsistent) == 2, "the third push did not wait for room")
        #expect(queue.pop()?.number == 0)
        #expect(Self.eventually { pushed.load(ordering: .sequentiallyConsistent) == 3 })
        #expect(queue.pop()?.number == 1)
        #expect(queue.pop()?.number == 2)
    }

    @Test("A consumer that stops releases a waiting producer, and later pushes are refused")
    func abandoned() {
        let queue = HandoffQueue<Item>(capacity: 1)
        let first = queue.push(Item(0))
        #expect(first)
        let refused = Atomic(0)
        let producer = Thread {
            if !queue.push(Item(1)) { refused.add(1, ordering: .sequentiallyConsistent) }
            if !queue.push(Item(2)) { refused.add(1, ordering: .sequentiallyConsistent) }
        }
        producer.start()
        Thread.sleep(forTimeInterval: 0.1)
        queue.abandon()
        #expect(Self.eventually { refused.load(ordering: .sequentiallyConsistent) == 2 })
    }

    /// Counts its live instances.
    final class Tracked {
        static let alive = Atomic(0)
        init() { Self.alive.add(1, ordering: .sequentiallyConsistent) }
        deinit { Self.alive.add(-1, ordering: .sequentiallyConsistent) }
    }

    @Test("A value taken from the queue is not kept alive by it (a decoded picture pins its buffers)")
    func releasesTakenValues() {
        let queue = HandoffQueue<Tracked>(capacity: 4)
        queue.push(Tracked())
        #expect(Tracked.alive.load(ordering: .sequentiallyConsistent) == 1, "the queue holds what it was given")
        do {
            let taken = queue.pop()
            #expect(taken != nil)
        }
        #expect(Tracked.alive.load(ordering: .sequentiallyConsistent) == 0, "the queue still holds a value it handed out")
    }
}
