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
        lines.append("\(fileName): damaged data around \(damage.summary); those seconds are published as FFmpeg could decode them")
    }

    /// Reading stopped early at `processed` seconds, or, when it did not, the decoded `duration` falls short of what
    /// the header says.
    mutating func ending(readFailure: FFmpegError?, processed: Double, duration: Double, headerDuration: Double) {
        if let readFailure {
            lines.append(
                String(format: "%@: reading stopped at %.1f s (%@); the rest of the file is missing", fileName, processed, readFailure.message)
            )
        } else if headerDuration > 0, duration < headerDuration - max(1, headerDuration * 0.02) {
            lines.append(
                String(
                    format: "%@: the recording ends at %.1f s but its header says %.1f s; the file looks truncated",
                    fileName,
                    duration,
                    headerDuration
                )
            )
        }
    }

    mutating func silent() {
        lines.append("\(fileName): no audio could be decoded; published without sound")
    }
}
