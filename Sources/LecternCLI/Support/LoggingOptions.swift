public import ArgumentParser
import LecternFFmpeg
public import Logging

/// Flags every subcommand shares: how much to log. Logs go to standard error through swift-log,
/// FFmpeg's own messages included.
struct LoggingOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    @Flag(name: .shortAndLong, help: "Log more (same as --log-level info).")
    var verbose = false

    var level: Logger.Level { verbose ? min(logLevel, .info) : logLevel }

    /// Bootstraps swift-log once and bridges FFmpeg's log into it.
    func makeLogger(label: String = "lectern") -> Logger {
        let level = self.level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        FFmpegLog.bridge(level: level)
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
