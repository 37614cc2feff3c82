internal import CFFmpeg
public import Logging

/// Routes FFmpeg's own log (av_log) through swift-log. Configure once, at the edge (the CLI).
public enum FFmpegLog {
    private static let logger = Logger(label: "lectern.ffmpeg")

    /// Installs the bridge; FFmpeg messages at or above `level` are forwarded, the rest dropped in C.
    public static func bridge(level: Logger.Level) {
        av_log_set_level(avLevel(for: level))
        av_log_set_callback { avcl, level, format, arguments in
            guard level <= av_log_get_level(), let format, let arguments else { return }
            var line = [CChar](repeating: 0, count: 1024)
            var printPrefix: Int32 = 1
            _ = CFFmpeg_format_log_line(avcl, level, format, arguments, &line, Int32(line.count), &printPrefix)
            var text = String(nulTerminated: line)
            while text.last == "\n" { text.removeLast() }
            guard !text.isEmpty else { return }
            FFmpegLog.logger.log(level: FFmpegLog.swiftLevel(for: level), "\(text)")
        }
    }

    /// Silences FFmpeg entirely (tests, `--json`).
    public static func silence() { av_log_set_level(AV_LOG_QUIET) }

    /// Quiet unless asked: FFmpeg's warnings are about its internals ("Edit list enabled", "deprecated pixel format"),
    /// and its errors come one line per damaged packet (hundreds for one bad patch of a recording). Lectern reports what
    /// matters itself (one warning per damaged span, one line per failure); `--verbose` shows FFmpeg's own lines.
    static func avLevel(for level: Logger.Level) -> Int32 {
        switch level {
        case .trace: AV_LOG_DEBUG
        case .debug: AV_LOG_VERBOSE
        case .info: AV_LOG_WARNING
        case .notice, .warning, .error, .critical: AV_LOG_QUIET
        }
    }

    static func swiftLevel(for level: Int32) -> Logger.Level {
        switch level {
        case ...AV_LOG_ERROR: .error
        case ...AV_LOG_WARNING: .warning
        case ...AV_LOG_INFO: .info
        case ...AV_LOG_VERBOSE: .debug
        default: .trace
        }
    }
}
