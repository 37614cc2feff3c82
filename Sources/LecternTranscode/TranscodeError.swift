import Foundation
public import LecternFFmpeg

/// A transcode failure a content team can act on: its description is one line naming the file and the reason.
public struct TranscodeError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure, for code and tests that tell them apart; named after the input at fault (`notMedia`,
    /// `invalidSubtitles`) or the step that failed (`encoderFailed`, `outputFailed`), or `cancelled`.
    public enum Code: String, Sendable {
        case fileNotFound, emptyFile, notMedia, noUsableStream, stillImage, unsupportedInput, damagedInput, encoderFailed, outputFailed,
            invalidLadder, invalidSubtitles, invalidLanguage, invalidPackage, failedConformance, cancelled
    }

    /// The kind of failure.
    public var code: Code
    /// One line naming the file (or folder) and the reason, without FFmpeg's detail.
    public var message: String
    /// The FFmpeg error behind it, if any; `description` appends its message.
    public var cause: FFmpegError?

    /// A failure with its kind, its line, and the FFmpeg error that caused it, if one did.
    public init(code: Code, message: String, cause: FFmpegError? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// `message`, followed by FFmpeg's message in parentheses when there is a `cause`.
    public var description: String {
        if let cause { return "\(message) (\(cause.message))" }
        return message
    }
}

extension TranscodeError {
    /// Any failure of a transcode writing into `folder`, as one line naming the recording `fileName`: FFmpeg's write
    /// failures are output failures, damaged data is damaged input, anything else from FFmpeg an encoder failure.
    static func wrapping(_ error: any Error, fileName: String, folder: URL) -> TranscodeError {
        switch error {
        case let error as TranscodeError:
            error
        case let error as FFmpegError where error.isWriteFailure:
            TranscodeError(code: .outputFailed, message: "\(fileName): could not write the renditions in \(folder.path)", cause: error)
        case let error as FFmpegError where error.isInvalidData:
            TranscodeError(code: .damagedInput, message: "\(fileName): damaged beyond what can be decoded; nothing was published", cause: error)
        case let error as FFmpegError:
            TranscodeError(code: .encoderFailed, message: "\(fileName): transcoding failed", cause: error)
        case MP4LayoutError.noFragments(let rendition):
            TranscodeError(
                code: .damagedInput,
                message:
                    "\(fileName): too little of it could be decoded to fill the \(rendition) rendition (cut off or damaged); nothing was published"
            )
        default:
            TranscodeError(code: .outputFailed, message: "\(fileName): could not write renditions: \(error)")
        }
    }
}
