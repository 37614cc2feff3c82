import Foundation
import LecternFFmpeg
import Testing

/// `Encoder`: H.264 and AAC encoders opened and freed in loops (with what they produce), and settings they refuse.
@Suite struct EncoderTests {
    static func videoSettings(width: Int = 320, height: Int = 240, preset: String = "ultrafast", threads: Int = 2) -> VideoEncoderSettings {
        VideoEncoderSettings(
            width: width,
            height: height,
            frameRate: Rational(25, 1),
            crf: 28,
            maxRate: 500_000,
            bufferSize: 1_000_000,
            preset: preset,
            keyFrameInterval: 25,
            threads: threads
        )
    }

    /// Encodes `pictures` (timestamps 0, 1, 2 ... in the encoder's time base) and drains the encoder to its end;
    /// returns whether each packet is a key frame, in order. (No expectations here: it runs on threads of its own.)
    static func encode(_ pictures: [Picture], with encoder: Encoder) throws -> [Bool] {
        let packet = try Packet()
        var keyFrames: [Bool] = []
        func drain() throws {
            while try encoder.receive(packet) == .ready {
                keyFrames.append(packet.isKeyFrame)
                packet.unref()
            }
        }
        for (index, picture) in pictures.enumerated() {
            picture.frame.pts = Int64(index)
            try encoder.send(picture.frame)
            try drain()
        }
        try encoder.sendEndOfStream()
        try drain()
        guard try encoder.receive(packet) == .endOfStream else { throw Media.Failure(description: "the encoder did not reach its end") }
        return keyFrames
    }

    @Test("200 H.264 encoders with 2 threads: each turns 10 pictures into 10 packets, the first a key frame; libx264's threads end with it")
    func videoInALoop() async throws {
        let rounds = try await Resources.onNamedThread {
            let pictures = try Media.clipPictures(10)
            var rounds: [[String]] = []
            for _ in 0..<200 {
                let encoder = try Encoder(video: Self.videoSettings())
                let threadsWhileOpen = Resources.threadsNamedLikeThisOne()
                let keyFrames = try Self.encode(pictures, with: encoder)
                rounds.append([
                    "\(keyFrames.count)", "\(keyFrames.first == true && !keyFrames.dropFirst().contains(true))", "\(encoder.timeBase)",
                    "\(encoder.frameSize)", encoder.codecString, "\(threadsWhileOpen > 1)",
                ])
                _ = consume encoder
                rounds[rounds.count - 1].append("\(Resources.threadsLeft())")
            }
            return rounds
        }
        #expect(rounds.count == 200)
        for round in rounds {
            #expect(round[0] == "10" && round[1] == "true", "packets, key frames: \(round)")
            #expect(round[2] == "1/25" && round[3] == "0", "time base, frame size: \(round)")
            // High is the most x264 may use; ultrafast uses no High (nor Main) tool: Constrained Baseline, level 1.3.
            #expect(round[4] == "avc1.42c00d", "codec string: \(round)")
            #expect(round[5] == "true", "no libx264 thread while open: \(round)")
            #expect(round[6] == "1", "libx264 threads left behind: \(round)")
        }
    }

    @Test("200 AAC encoders: 1024-sample frames, a 1/44100 time base, mp4a.40.2")
    func audioInALoop() throws {
        for _ in 0..<200 {
            let encoder = try Encoder(audio: AudioEncoderSettings(sampleRate: 44100, channels: 1, bitRate: 64_000))
            #expect(!encoder.isVideo)
            #expect(encoder.frameSize == 1024)
            #expect(encoder.timeBase == Rational(1, 44100))
            #expect(encoder.codecString == "mp4a.40.2")
        }
    }

    /// What `make` threw: whether the status is negative, and the function; or what it did instead.
    static func failure(_ make: () throws -> Encoder) -> String {
        do {
            _ = try make()
            return "no error"
        } catch {
            guard let error = error as? FFmpegError, case .status(let status) = error.code else { return "\(error)" }
            return "\(status < 0 ? "negative" : "\(status)") \(error.function)"
        }
    }

    @Test("Settings the codecs refuse: the error names the call, and no libx264 thread is left (200 times each)")
    func refusedSettings() async throws {
        let rounds = try await Resources.onNamedThread {
            (0..<200).map { _ in
                [
                    Self.failure { try Encoder(video: Self.videoSettings(width: 321)) },
                    Self.failure { try Encoder(video: Self.videoSettings(preset: "glacial")) },
                    Self.failure { try Encoder(audio: AudioEncoderSettings(sampleRate: 12345, channels: 1, bitRate: 64_000)) },
                    "\(Resources.threadsLeft())",
                ]
            }
        }
        for round in rounds {
            #expect(round == ["negative avcodec_open2(libx264)", "negative avcodec_open2(libx264)", "negative avcodec_open2(aac)", "1"])
        }
    }
}
