import LecternFFmpeg
import Logging

/// One stream's decoder, turning packets into frames on the lecture's timeline (shifted so that the recording starts at
/// zero). A packet the decoder refuses is noted in the damage log and skipped, never fatal: a damaged recording is
/// published as far as it decodes.
final class StreamDecoder {
    private let decoder: Decoder
    /// Seconds of the stream's own clock before the lecture's zero.
    private let offset: Double
    private let offsetTicks: Int64
    private let frame: Frame
    private let logger: Logger

    /// The time base of the frames handed out.
    var timeBase: Rational { decoder.timeBase }

    init(_ demuxer: Demuxer, stream: Int, offset: Double, logger: Logger) throws(FFmpegError) {
        decoder = try Decoder(demuxer, stream: stream)
        self.offset = offset
        offsetTicks = Int64((offset / decoder.timeBase.doubleValue).rounded())
        frame = try Frame()
        self.logger = logger
    }

    /// Decodes `packet` and hands every frame that comes out to `deliver`, with its pts moved onto the lecture's
    /// timeline (in `timeBase`) and its time in seconds. `fallbackTime` dates damage that carries no timestamp.
    func decode(
        _ packet: borrowing Packet,
        damage: inout DamageLog,
        fallbackTime: Double,
        deliver: (borrowing Frame, Double) throws -> Void
    ) throws {
        let time = packet.pts == noTimestamp ? fallbackTime : decoder.timeBase.seconds(packet.pts) - offset
        if packet.isCorrupt { damage.record(time) }
        do {
            if try !decoder.send(packet) {
                // Full: what it holds goes on first, then it takes the packet.
                try drain(damage: &damage, fallbackTime: fallbackTime, deliver: deliver)
                _ = try decoder.send(packet)
            }
        } catch let error as FFmpegError {
            damage.record(time)
            logger.debug("Undecodable packet", metadata: ["time": "\(time)", "error": "\(error)"])
            return
        }
        try drain(damage: &damage, fallbackTime: fallbackTime, deliver: deliver)
    }

    /// Flushes the decoder: the frames it still holds go to `deliver`.
    func finish(damage: inout DamageLog, fallbackTime: Double, deliver: (borrowing Frame, Double) throws -> Void) throws {
        try decoder.sendEndOfStream()
        try drain(damage: &damage, fallbackTime: fallbackTime, deliver: deliver)
    }

    private func drain(damage: inout DamageLog, fallbackTime: Double, deliver: (borrowing Frame, Double) throws -> Void) throws {
        while true {
            let result: ReceiveResult
            do { result = try decoder.receive(frame) } catch {
                damage.record(fallbackTime)
                continue
            }
            guard result == .ready else { return }
            defer { frame.unref() }
            let timestamp = frame.bestEffortTimestamp
            guard timestamp != noTimestamp else { continue }
            let time = decoder.timeBase.seconds(timestamp) - offset
            if frame.isCorrupt { damage.record(time) }
            frame.pts = timestamp - offsetTicks
            try deliver(frame, time)
        }
    }
}
