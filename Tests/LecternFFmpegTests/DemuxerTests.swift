import Foundation
import LecternFFmpeg
import Testing

/// `Demuxer`: what it reads from a real file, that every one opened closes its file again, and how it fails.
@Suite struct DemuxerTests {
    @Test("The clip's container and streams: MP4, 2 s, H.264 320x240 at 25 fps, mono 44.1 kHz AAC")
    func describesTheClip() throws {
        let demuxer = try Demuxer(path: try Media.clip.get())
        let info = demuxer.info
        #expect(info.formatName.contains("mp4"))
        #expect(abs((info.duration ?? 0) - 2) < 0.1, "\(String(describing: info.duration))")
        try #require(info.streams.count == 2)
        let video = info.streams[0]
        let audio = info.streams[1]
        #expect(video.kind == .video && video.codecName == "h264" && video.hasDecoder)
        #expect(video.width == 320 && video.height == 240 && video.pixelFormat == "yuv420p")
        #expect(video.averageFrameRate == Rational(25, 1))
        #expect(audio.kind == .audio && audio.codecName == "aac" && audio.sampleRate == 44100 && audio.channels == 1)
        #expect(demuxer.bestStream(.video) == 0)
        #expect(demuxer.bestStream(.audio) == 1)
    }

    @Test("Every packet of the clip: 50 video packets, key frames at 0 s and 1 s only, audio on stream 1")
    func readsEveryPacket() throws {
        let demuxer = try Demuxer(path: try Media.clip.get())
        let packet = try Packet()
        var video = 0
        var audio = 0
        var keyFrames: [Int] = []
        while try demuxer.read(into: packet) {
            defer { packet.unref() }
            #expect(packet.size > 0)
            if packet.streamIndex == 0 {
                if packet.isKeyFrame { keyFrames.append(video) }
                video += 1
            } else {
                #expect(packet.streamIndex == 1)
                audio += 1
            }
        }
        #expect(video == Media.clipVideoPackets)
        #expect(keyFrames == [0, 25])
        #expect(audio > 80, "2 s of 1024-sample AAC frames at 44.1 kHz is 87")
        #expect(try demuxer.read(into: packet) == false, "end of file stays the end")
    }

    @Test("200 demuxers opened, read (video selected) and freed: each reads the same packets, holds its file open once, and closes it")
    func openAndFreeInALoop() throws {
        let path = try Media.privateCopy(of: try Media.clip.get())
        #expect(Resources.descriptors(on: path) == 0)
        for round in 0..<200 {
            do {
                let demuxer = try Demuxer(path: path)
                #expect(Resources.descriptors(on: path) == 1, "round \(round)")
                demuxer.select(streams: [0])
                let packet = try Packet()
                var video = 0
                var others = 0
                while try demuxer.read(into: packet) {
                    if packet.streamIndex == 0 { video += 1 } else { others += 1 }
                    packet.unref()
                }
                // Only what the demuxer read while probing (before `select`) comes out of the 87 audio packets.
                #expect(video == Media.clipVideoPackets && others < 5, "round \(round): \(video) video, \(others) others")
            }
            #expect(Resources.descriptors(on: path) == 0, "round \(round): the file is still open")
        }
    }

    @Test("A missing file: ENOENT from avformat_open_input, every time (200)")
    func missingFile() throws {
        let path = try Media.folder.get().appendingPathComponent("nowhere.mp4").path
        for _ in 0..<200 {
            #expect {
                _ = try Demuxer(path: path)
            } throws: { error in
                guard let error = error as? FFmpegError else { return false }
                return error.code == .status(-ENOENT) && error.function == "avformat_open_input" && error.message == "No such file or directory"
            }
        }
    }

    @Test("A file that is not media: invalid data, and the file is closed again (200 times)")
    func notMedia() throws {
        let path = try Media.privateCopy(of: try Media.notMedia.get())
        for round in 0..<200 {
            #expect {
                _ = try Demuxer(path: path)
            } throws: { error in
                guard let error = error as? FFmpegError else { return false }
                return error.isInvalidData && error.function == "avformat_open_input"
            }
            #expect(Resources.descriptors(on: path) == 0, "round \(round): the file is still open")
        }
    }
}
