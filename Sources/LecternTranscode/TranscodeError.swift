public import LecternFFmpeg

/// A transcode failure a content team can act on: its description is one line naming the file and the reason.
public struct TranscodeError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        case fileNotFound, emptyFile, notMedia, noUsableStream, stillImage, unsupportedInput, damagedInput, encoderFailed, outputFailed,
            invalidLadder, invalidSubtitles, invalidLanguage, invalidPackage, cancelled
    }

    public var code: Code
    public var message: String
    public var cause: FFmpegError?

    public init(code: Code, message: String, cause: FFmpegError? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        if let cause { return "\(message) (\(cause.message))" }
        return message
    }
}
