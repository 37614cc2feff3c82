import Foundation
import LecternFFmpeg
import Testing

/// `Demuxer` opens only the file it is given, through FFmpeg's `file` protocol, and only in a recording container.
@Suite struct InputPolicyTests {
    /// Paths that FFmpeg would read as protocols if they reached it as URLs: each is only a (missing) file name here.
    @Test(
        "A path shaped like a protocol URL is a file name, never a protocol",
        arguments: ["concat:%@|%@", "subfile,,start,0,end,5000,,:%@", "file:%@"]
    )
    func protocolShapedPaths(shape: String) throws {
        let clip = try Media.clip.get()
        let path = String(format: shape, clip, clip)
        #expect {
            _ = try Demuxer(path: path)
        } throws: { error in
            // No such file: the whole string was taken as one name, not as a protocol around the real clip.
            (error as? FFmpegError)?.code == .status(-ENOENT)
        }
        // The clip itself opens.
        #expect(try Demuxer(path: clip).info.streams.count == 2)
    }

    @Test("A data: URL holding a whole recording is a file name too, not the recording it encodes")
    func dataURL() throws {
        let clip = try Data(contentsOf: URL(fileURLWithPath: try Media.clip.get()))
        #expect {
            _ = try Demuxer(path: "data:video/mp4;base64," + clip.base64EncodedString())
        } throws: { error in
            guard case .status(let status) = (error as? FFmpegError)?.code else { return false }
            return status == -ENOENT || status == -ENAMETOOLONG
        }
    }

    @Test("Recording containers pass the allow-list whatever their FFmpeg name lists; playlists and lists of files do not")
    func allowList() {
        for name in ["mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi", "mpegts", "mp3", "wav", "ogg", "flac"] {
            #expect(InputPolicy.allows(format: name), "\(name)")
        }
        for name in ["hls", "concat", "image2", "sdp", "rtp", "rtsp", "tty", "data", "subfile", "srt", "webvtt", "dash", "lavfi"] {
            #expect(!InputPolicy.allows(format: name), "\(name)")
        }
    }

    @Test("An HLS playlist named like a video is refused as such, before it reads the segment it names")
    func playlistRefused() throws {
        let clip = try Media.clip.get()
        let playlist = try Media.folder.get().appendingPathComponent("evil.mp4")
        try Data("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nfile://\(clip)\n#EXT-X-ENDLIST\n".utf8).write(to: playlist)
        #expect {
            _ = try Demuxer(path: playlist.path)
        } throws: { error in
            guard let error = error as? FFmpegError else { return false }
            return error.code == .refusedFormat
                && error.message == "an HLS playlist (hls), not a recording; Lectern reads only the file itself, never what it points to"
        }
    }

    @Test("A damaged header that FFmpeg takes for a raw stream is called that, not a playlist")
    func rawStreamNamed() {
        #expect(InputPolicy.describe(refused: "m4v") == "FFmpeg reads it as raw m4v data, not as a recording container (a damaged header?)")
        #expect(InputPolicy.describe(refused: "srt") == "a subtitle file (srt), not a recording")
        #expect(InputPolicy.describe(refused: "concat").hasSuffix("never what it points to"))
    }
}
