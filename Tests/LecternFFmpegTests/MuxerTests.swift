import Foundation
import LecternFFmpeg
import Testing

/// `Muxer` and `MuxerSession`: files written in a loop (read back with the demuxer), closed every time, and the ways
/// setting one up fails.
@Suite struct MuxerTests {
    /// Encodes `pictures` into `path` as MP4 (H.264, one thread); returns the bytes written before `finish()`.
    static func write(_ pictures: [Picture], to path: String, options: [String: String] = [:]) throws -> Int64 {
        let encoder = try Encoder(video: EncoderTests.videoSettings(threads: 1))
        let session = try Muxer(path: path, format: "mp4", encoder: encoder).writeHeader(options: options)
        let packet = try Packet()
        for (index, picture) in pictures.enumerated() {
            picture.frame.pts = Int64(index)
            try encoder.send(picture.frame)
            try Self.drain(encoder, into: session, using: packet)
        }
        try encoder.sendEndOfStream()
        try Self.drain(encoder, into: session, using: packet)
        try session.flush()
        let position = session.position
        try session.finish()
        return position
    }

    static func drain(_ encoder: Encoder, into session: borrowing MuxerSession, using packet: borrowing Packet) throws {
        while try encoder.receive(packet) == .ready {
            try session.write(packet)
            packet.unref()
        }
    }

    @Test("200 MP4 files written and closed: each holds its 5 pictures, read back as H.264 320x240 at 25 fps")
    func writeInALoop() throws {
        let pictures = try Media.clipPictures(5)
        let path = try Media.folder.get().appendingPathComponent("\(UUID().uuidString.prefix(8))-out.mp4").path
        for round in 0..<200 {
            let written = try Self.write(pictures, to: path)
            #expect(written > 0)
            #expect(Resources.descriptors(on: path) == 0, "round \(round): the file is still open")
            let demuxer = try Demuxer(path: path)
            let video = try #require(demuxer.info.streams.first)
            #expect(demuxer.info.streams.count == 1 && video.codecName == "h264" && video.width == 320 && video.height == 240)
            #expect(video.averageFrameRate == Rational(25, 1))
            let packet = try Packet()
            var packets = 0
            while try demuxer.read(into: packet) {
                packets += 1
                packet.unref()
            }
            #expect(packets == pictures.count, "round \(round)")
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0 > Int(written), "the trailer (moov) follows")
        }
    }

    @Test("An unknown format, a missing folder, a header option the muxer refuses: the error names the call, nothing stays open")
    func setUpFailures() throws {
        let encoder = try Encoder(video: EncoderTests.videoSettings(threads: 1))
        let folder = try Media.folder.get()
        func failure(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "no error"
            } catch {
                guard let error = error as? FFmpegError, case .status(let status) = error.code else { return "\(error)" }
                return "\(status) \(error.function)"
            }
        }
        let refused = folder.appendingPathComponent("\(UUID().uuidString.prefix(8))-refused.mp4").path
        for round in 0..<200 {
            let unknown = failure { _ = try Muxer(path: folder.appendingPathComponent("x.mp4").path, format: "nosuchformat", encoder: encoder) }
            #expect(unknown == "\(-EINVAL) avformat_alloc_output_context2", "round \(round)")
            let missing = failure { _ = try Muxer(path: folder.appendingPathComponent("nowhere/x.mp4").path, format: "mp4", encoder: encoder) }
            #expect(missing == "\(-ENOENT) avio_open", "round \(round)")
            let header = failure { _ = try Muxer(path: refused, format: "mp4", encoder: encoder).writeHeader(options: ["movflags": "+nosuchflag"]) }
            #expect(header == "\(-EINVAL) avformat_write_header", "round \(round)")
            #expect(Resources.descriptors(on: refused) == 0, "round \(round): the refused file is still open")
        }
    }
}
