internal import CFFmpeg

/// A failed FFmpeg call: the function, FFmpeg's error code and its message.
///
/// Expected states (EAGAIN, EOF) are never thrown; wrappers return them as values.
public struct FFmpegError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Equatable {
        /// A C call returned a negative status.
        case status(Int32)
        /// A needed codec, filter or format is not in this FFmpeg build.
        case unavailable
        /// An allocation returned NULL.
        case outOfMemory
        /// The input is not what FFmpeg needs (no stream, bad parameters).
        case invalidInput
        /// The input is in a format Lectern does not open (a playlist, a list of other files): see `InputPolicy`.
        case refusedFormat
    }

    public let code: Code
    /// The FFmpeg function that failed, e.g. `avformat_open_input`.
    public let function: String
    public let message: String

    public init(code: Code, function: String, message: String) {
        self.code = code
        self.function = function
        self.message = message
    }

    init(status: Int32, function: String) {
        self.init(code: .status(status), function: function, message: Self.describe(status))
    }

    public var description: String { "\(function): \(message)" }

    /// Whether FFmpeg said the data is invalid (a damaged or truncated file).
    public var isInvalidData: Bool { code == .status(CFFmpeg_AVERROR_INVALIDDATA()) }

    /// Whether the system refused to store what FFmpeg wrote: a full disk or quota, a read-only or failing disk, no
    /// permission. The output's fault, not the recording's.
    public var isWriteFailure: Bool {
        [ENOSPC, EDQUOT, EFBIG, EROFS, EIO, EACCES, EPERM].contains { code == .status(CFFmpeg_AVERROR($0)) }
    }

    static func describe(_ status: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        av_strerror(status, &buffer, buffer.count)
        return String(nulTerminated: buffer)
    }
}

/// The one chokepoint from C status codes to Swift errors.
@inline(__always)
func check(_ result: Int32, _ function: StaticString) throws(FFmpegError) {
    if result < 0 { throw FFmpegError(status: result, function: "\(function)") }
}

/// The status codes that mean "not now" and "no more": expected states, returned as values.
enum Status {
    static let again: Int32 = CFFmpeg_AVERROR(EAGAIN)
    static let endOfFile: Int32 = CFFmpeg_AVERROR_EOF()
}

func allocated<T>(_ pointer: T?, _ function: StaticString) throws(FFmpegError) -> T {
    guard let pointer else { throw FFmpegError(code: .outOfMemory, function: "\(function)", message: "out of memory") }
    return pointer
}

extension String {
    /// The text of a C buffer FFmpeg filled with a NUL-terminated UTF-8 string.
    init(nulTerminated buffer: [CChar]) {
        self = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
