import Foundation
import LecternFFmpeg

/// What a transcode tells the content team about their recording, one line each, naming the file: where its
/// timestamps start again, where it is damaged, where reading stopped or the file looks cut short, and sound that
/// could not be decoded. The caller reports them (the CLI prints each as "warning: ...").
struct RecordingWarnings {
    private let fileName: String
    private(set) var lines: [String] = []

    init(fileName: String) {
        self.fileName = fileName
    }

    /// Timestamps that start again at these lecture times (files joined end to end, a clock reset).
    mutating func joined(at times: [Double]) {
        guard !times.isEmpty else { return }
        let list = times.map { String(format: "%.1f s", $0) }.joined(separator: ", ")
        lines.append(
            "\(fileName): the timestamps start again at \(list) (recordings joined end to end, or a clock reset); published as one continuous lecture"
        )
    }

    mutating func damaged(_ damage: DamageLog) {
        guard !damage.isEmpty else { return }
        lines.append("\(fileName): damaged at \(damage.summary); those seconds are published as far as they could be decoded")
    }

    /// Reading stopped early at `processed` seconds, or, when it did not, the decoded `duration` falls short of what
    /// the header says; either way the line says how much of the recording was decoded.
    mutating func ending(readFailure: FFmpegError?, processed: Double, duration: Double, headerDuration: Double) {
        let decoded = headerDuration > 0 ? String(format: "%.1f s of %.1f s decoded", duration, headerDuration) : nil
        if let readFailure {
            let amount = decoded.map { "; \($0)" } ?? ""
            lines.append(
                String(
                    format: "%@: reading stopped at %.1f s (%@)%@; the rest of the file is missing",
                    fileName,
                    processed,
                    readFailure.message,
                    amount
                )
            )
        } else if let decoded, duration < headerDuration - max(1, headerDuration * 0.02) {
            lines.append("\(fileName): \(decoded): the recording ends before its header says; the file looks truncated")
        }
    }

    /// The least of a recording that is published: 5 % of the length its header states (at least 1 s) when that length
    /// is 10 s or more. Less is a broken copy whose lecture would be useless: refused, so the team uploads it again.
    static let smallestDecodedShare = 0.05

    /// Refuses a recording of which too little could be decoded (see `smallestDecodedShare`).
    func refuseIfMostlyMissing(duration: Double, headerDuration: Double) throws(TranscodeError) {
        guard headerDuration >= 10, duration < max(1, headerDuration * Self.smallestDecodedShare) else { return }
        throw TranscodeError(
            code: .damagedInput,
            message: String(
                format: "%@: only %.1f s of %.1f s could be decoded (less than 5 %%); nothing was published",
                fileName,
                duration,
                headerDuration
            )
        )
    }

    mutating func silent() {
        lines.append("\(fileName): no audio could be decoded; published without sound")
    }
}
