import Foundation
import LecternTranscode
import Synchronization

/// Shows transcode progress on standard error: a redrawn bar on a terminal, a plain line every 10 % otherwise.
/// When the length is unknown it shows the time done and the speed instead (a line a minute of lecture otherwise).
final class ProgressBar: Sendable {
    private struct State {
        var lastDecile = -1
        var lastMinute = -1
        var drawn = false
    }

    private let label: String
    private let isTerminal: Bool
    private let state = Mutex(State())

    init(label: String) {
        self.label = label
        self.isTerminal = isatty(STDERR_FILENO) == 1
    }

    func update(_ progress: TranscodeProgress) {
        let speed = String(format: "%.1f× real time", progress.speed)
        // No length in the header (browser recordings), or a recording running past it (joined transport streams):
        // a percentage or an ETA would be made up.
        guard progress.total > 0, progress.processed <= progress.total * 1.05 else {
            updateOpenEnded(seconds: progress.processed, detail: "\(Self.clock(progress.processed)) done · \(speed)")
            return
        }
        update(
            fraction: progress.fraction,
            detail: "\(Self.clock(progress.processed))/\(Self.clock(progress.total)) · \(speed) · ETA \(progress.eta.map(Self.clock) ?? "--:--")"
        )
    }

    private func updateOpenEnded(seconds: Double, detail: String) {
        state.withLock { state in
            let line = "\(label) \(detail)"
            if isTerminal {
                Self.write("\r\u{1B}[2K\(line)")
                state.drawn = true
            } else if Int(seconds / 60) > state.lastMinute {
                state.lastMinute = Int(seconds / 60)
                Self.write(line + "\n")
            }
        }
    }

    /// Draws `fraction` (0...1) with a detail text (amounts, speed, ETA).
    func update(fraction: Double, detail: String) {
        state.withLock { state in
            let percent = Int(fraction * 100)
            let line = "\(label) \(percent)% · \(detail)"
            if isTerminal {
                let width = 24
                let filled = Int(min(max(fraction, 0), 1) * Double(width))
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                Self.write("\r\u{1B}[2K\(bar) \(line)")
                state.drawn = true
            } else if percent / 10 > state.lastDecile {
                state.lastDecile = percent / 10
                Self.write(line + "\n")
            }
        }
    }

    /// Ends the bar's line so later output starts on a fresh one.
    func finish() {
        state.withLock { state in
            if state.drawn { Self.write("\n") }
            state.drawn = false
        }
    }

    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--:--" }
        let total = Int(seconds.rounded())
        return total >= 3600
            ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60) : String(format: "%d:%02d", total / 60, total % 60)
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
