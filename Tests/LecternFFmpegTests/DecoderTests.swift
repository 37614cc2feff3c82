import Foundation
import LecternFFmpeg
import Testing

/// `Decoder`: the pictures it gives, that the threads of every decoder opened end when it is freed, and how it fails.
@Suite struct DecoderTests {
    /// Decodes the clip's video (the first `packets` packets, all if nil) with `threads` threads, to the end of the
    /// stream; returns the pictures' sizes and timestamps, in order. (No expectations here: it runs on threads of its own.)
    static func decode(packets: Int? = nil, threads: Int = 0, check: (Decoder) -> Void = { _ in }) throws -> [(width: Int, height: Int, pts: Int64)] {
        let demuxer = try Demuxer(path: try Media.clip.get())
        demuxer.select(streams: [0])
        let decoder = try Decoder(demuxer, stream: 0, threads: threads)
        check(decoder)
        let packet = try Packet()
        let frame = try Frame()
        var pictures: [(width: Int, height: Int, pts: Int64)] = []
        func drain() throws {
            while try decoder.receive(frame) == .ready {
                pictures.append((frame.width, frame.height, frame.bestEffortTimestamp))
                frame.unref()
            }
        }
        var sent = 0
        while sent < packets ?? .max, try demuxer.read(into: packet) {
            defer { packet.unref() }
            guard packet.streamIndex == 0 else { continue }  // read while probing, before `select`
            while try !decoder.send(packet) { try drain() }
            sent += 1
            try drain()
        }
        try decoder.sendEndOfStream()
        try drain()
        guard try decoder.receive(frame) == .endOfStream else { throw Media.Failure(description: "the decoder did not reach its end") }
        return pictures
    }

    @Test("The clip's 50 pictures come out 320x240 with rising timestamps, in the stream's time base")
    func decodesTheClip() throws {
        let demuxer = try Demuxer(path: try Media.clip.get())
        let decoder = try Decoder(demuxer, stream: 0)
        #expect(decoder.streamIndex == 0)
        #expect(decoder.timeBase == demuxer.info.streams[0].timeBase)
        let pictures = try Self.decode()
        #expect(pictures.count == Media.clipVideoPackets)
        #expect(pictures.allSatisfy { $0.width == 320 && $0.height == 240 })
        #expect(zip(pictures, pictures.dropFirst()).allSatisfy { $0.pts < $1.pts })
    }

    @Test("200 decoders with 2 threads each, opened, used and freed: each decodes its 10 pictures and its threads end with it")
    func openAndFreeInALoop() async throws {
        let rounds = try await Resources.onNamedThread {
            var rounds: [(pictures: Int, threadsWhileOpen: Int, threadsAfter: Int)] = []
            for _ in 0..<200 {
                var whileOpen = 0
                let pictures = try Self.decode(packets: 10, threads: 2) { _ in whileOpen = Resources.threadsNamedLikeThisOne() }
                rounds.append((pictures.count, whileOpen, Resources.threadsLeft()))
            }
            return rounds.map { [$0.pictures, $0.threadsWhileOpen, $0.threadsAfter] }
        }
        #expect(rounds.allSatisfy { $0[0] == 10 }, "\(rounds.map { $0[0] })")
        #expect(rounds.allSatisfy { $0[1] > 1 }, "no decoder thread seen while open: \(rounds.map { $0[1] })")
        #expect(rounds.allSatisfy { $0[2] == 1 }, "threads left behind: \(rounds.map { $0[2] })")
    }

    @Test("A stream index the file does not have is refused with invalidInput, not a crash", arguments: [2, 99, -1])
    func noSuchStream(index: Int) throws {
        let demuxer = try Demuxer(path: try Media.withAttachment.get())
        #expect {
            _ = try Decoder(demuxer, stream: index)
        } throws: { error in
            (error as? FFmpegError)?.code == .invalidInput && "\(error)".contains("no stream #\(index)")
        }
    }

    @Test("A stream with no decoder (an attached font): unavailable from avcodec_find_decoder, every time (200)")
    func noDecoder() throws {
        let demuxer = try Demuxer(path: try Media.withAttachment.get())
        try #require(demuxer.info.streams.count == 2)
        #expect(demuxer.info.streams[1].kind == .attachment && !demuxer.info.streams[1].hasDecoder)
        for _ in 0..<200 {
            #expect {
                _ = try Decoder(demuxer, stream: 1)
            } throws: { error in
                guard let error = error as? FFmpegError else { return false }
                return error.code == .unavailable && error.function == "avcodec_find_decoder" && error.message == "no decoder for ttf"
            }
        }
        // The demuxer is unharmed: its video still decodes.
        let decoder = try Decoder(demuxer, stream: 0)
        let packet = try Packet()
        let frame = try Frame()
        var pictures = 0
        while try demuxer.read(into: packet) {
            defer { packet.unref() }
            guard packet.streamIndex == 0 else { continue }
            _ = try decoder.send(packet)
            while try decoder.receive(frame) == .ready { pictures += 1 }
        }
        try decoder.sendEndOfStream()
        while try decoder.receive(frame) == .ready { pictures += 1 }
        #expect(pictures == Media.clipVideoPackets)
    }
}
