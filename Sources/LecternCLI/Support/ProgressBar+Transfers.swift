import LecternMirror
import LecternPackage
import LecternWorker

extension ProgressBar {
    /// Draws a mirror's progress: bytes done of the total, the rate of what was received, and the time left at it.
    func update(_ progress: Mirror.Progress) {
        updateTransfer(done: progress.bytesDone, total: progress.bytesTotal, moved: progress.bytesReceived, elapsed: progress.elapsed)
    }

    /// Draws an upload's progress: bytes the server has of the total, the rate of what was sent, and the time left.
    func update(_ progress: TusUpload.Progress) {
        updateTransfer(done: progress.offset, total: progress.total, moved: progress.sent, elapsed: progress.elapsed)
    }

    /// `done` of `total` bytes, at the rate `moved` bytes in `elapsed` make, and the time left at that rate.
    private func updateTransfer(done: Int, total: Int, moved: Int, elapsed: Duration) {
        let seconds = max(elapsed.inSeconds, 0.001)
        let rate = Double(moved) / seconds
        let eta = rate > 0 ? Double(max(total - done, 0)) / rate : .infinity
        update(
            fraction: total > 0 ? Double(done) / Double(total) : 1,
            detail: "\(IngestSummary.bytes(done))/\(IngestSummary.bytes(total)) · \(IngestSummary.bytes(Int(rate)))/s · ETA \(Self.clock(eta))"
        )
    }
}
