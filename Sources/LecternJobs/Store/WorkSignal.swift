/// Wakes the workers of this process when a job can be claimed, so they need not poll often.
actor WorkSignal {
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextID = 0

    /// Wakes every waiting worker.
    func announce() {
        let woken = waiters.values
        waiters.removeAll()
        for waiter in woken { waiter.resume() }
    }

    /// Returns at the next `announce()`, after `timeout`, or when the task is cancelled.
    nonisolated func wait(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForAnnouncement() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForAnnouncement() async {
        let id = nextID
        nextID += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled { continuation.resume() } else { waiters[id] = continuation }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
