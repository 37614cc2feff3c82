import ArgumentParser
import Foundation
import LecternTranscode
import Synchronization

/// An ingest that failed because of the recording or its files, not the machine: the one line on standard error as
/// for any other error, and exit status 65 (EX_DATAERR), so a worker knows another attempt cannot help.
enum RecordingRefused {
    static let exitStatus: Int32 = 65

    static func exit(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
        return ExitCode(exitStatus)
    }
}

extension TranscodeError {
    /// Whether the recording (or a subtitle, audio or ladder file given with it) is at fault: trying again on another
    /// machine gives the same answer. Disk, encoder and cancellation failures are not.
    var isTheRecordingsFault: Bool {
        switch code {
        case .fileNotFound, .emptyFile, .notMedia, .noUsableStream, .stillImage, .unsupportedInput, .damagedInput, .invalidLadder,
            .invalidSubtitles, .invalidLanguage:
            true
        case .encoderFailed, .outputFailed, .invalidPackage, .failedConformance, .cancelled: false
        }
    }
}

/// At most a few progress lines a second.
final class ProgressPace: Sendable {
    private let last = Mutex<ContinuousClock.Instant?>(nil)

    func due() -> Bool {
        let now = ContinuousClock.now
        return last.withLock { last in
            if let previous = last, now - previous < .milliseconds(500) { return false }
            last = now
            return true
        }
    }
}
