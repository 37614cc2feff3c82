import LecternMirror
import LecternWorker

extension ProgressBar {
    /// Draws a mirror's progress: bytes done of the total, the rate of what was received, and the time left at it.
    func update(_ progress: Mirror.Progress) {
        let seconds = max(Double(progress.elapsed.components.seconds) + Double(progress.elapsed.components.attoseconds) * 1e-18, 0.001)
        let rate = Double(progress.bytesReceived) / seconds
        let eta = rate > 0 ? Double(max(progress.bytesTotal - progress.bytesDone, 0)) / rate : .infinity
        update(
            fraction: progress.bytesTotal > 0 ? Double(progress.bytesDone) / Double(progress.bytesTotal) : 1,
            detail: "\(IngestSummary.bytes(progress.bytesDone))/\(IngestSummary.bytes(progress.bytesTotal)) · "
                + "\(IngestSummary.bytes(Int(rate)))/s · ETA \(Self.clock(eta))"
        )
    }
}

extension ProgressBar {
    /// Draws an upload's progress: bytes the server has of the total, the rate of what was sent, and the time left.
    func update(_ progress: TusUpload.Progress) {
        let seconds = max(Double(progress.elapsed.components.seconds) + Double(progress.elapsed.components.attoseconds) * 1e-18, 0.001)
        let rate = Double(progress.sent) / seconds
        let eta = rate > 0 ? Double(max(progress.total - progress.offset, 0)) / rate : .infinity
        update(
            fraction: progress.total > 0 ? Double(progress.offset) / Double(progress.total) : 1,
            detail: "\(IngestSummary.bytes(progress.offset))/\(IngestSummary.bytes(progress.total)) · "
                + "\(IngestSummary.bytes(Int(rate)))/s · ETA \(Self.clock(eta))"
        )
    }
}
