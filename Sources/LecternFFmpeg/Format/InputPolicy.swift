internal import CFFmpeg

/// What a `Demuxer` may open. A recording is a stranger's file: FFmpeg reads it only through its `file` protocol (no
/// network, no `concat:`/`subfile:`/`data:` indirection in a path), and only in a container that real recordings come
/// in. Playlists and indirection formats (HLS, DASH, concat lists, image sequences, SDP, tty, ...) are refused before
/// their header is read, because reading it would open other files or URLs named inside the upload.
public enum InputPolicy {
    /// FFmpeg demuxer names of the containers Lectern reads: MP4/MOV/3GP/M4A, Matroska/WebM, AVI, MPEG-TS and -PS,
    /// FLV, ASF/WMV, RealMedia, MXF, DV, and audio files (MP3, AAC, WAV, FLAC, Ogg, AMR, AC-3, CAF, AIFF). Single still
    /// images are read too (never as sequences), so that they are refused with a reason of their own.
    public static let containers: Set<String> = [
        "mov", "matroska", "avi", "mpegts", "mpeg", "flv", "asf", "rm", "mxf", "dv",
        "mp3", "aac", "wav", "w64", "flac", "ogg", "amr", "ac3", "eac3", "caf", "aiff",
        "jpeg_pipe", "png_pipe", "bmp_pipe", "webp_pipe", "tiff_pipe",
    ]

    /// Whether a demuxer (FFmpeg's comma-separated name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`) is one of `containers`.
    public static func allows(format name: String) -> Bool {
        name.split(separator: ",").contains { containers.contains(String($0)) }
    }

    /// Demuxers that read other files or addresses named inside the file: refusing them is what keeps an upload from
    /// making the server read its own files.
    static let indirections: Set<String> = ["hls", "dash", "concat", "sdp", "rtsp", "rtp", "image2", "subfile", "data", "tty"]

    /// Why a demuxer is refused, in words a content team knows: what the file is, or what FFmpeg took a damaged one for.
    public static func describe(refused name: String) -> String {
        let first = String(name.split(separator: ",").first ?? "")
        let known: [String: String] = [
            "hls": "an HLS playlist", "dash": "a DASH manifest", "concat": "a concat list", "sdp": "an SDP session description",
            "image2": "an image sequence", "tty": "a text file", "srt": "a subtitle file", "webvtt": "a subtitle file",
            "ass": "a subtitle file",
        ]
        if let what = known[first] {
            let why = indirections.contains(first) ? "; Lectern reads only the file itself, never what it points to" : ""
            return "\(what) (\(first)), not a recording\(why)"
        }
        // Raw elementary streams and rarities: most often a recording whose container header is damaged.
        return "FFmpeg reads it as raw \(first) data, not as a recording container (a damaged header?)"
    }

    /// The FFmpeg URL of a local path: the `file` protocol, whatever the path looks like (`concat:a|b` stays a name).
    static func url(_ path: String) -> String { "file:" + path }

    /// The options every open of a recording gets: the `file` protocol only, the allowed containers only, and no
    /// external references followed from inside an MP4.
    static func options() -> OpaquePointer? {
        var options: OpaquePointer? = nil
        av_dict_set(&options, "protocol_whitelist", "file", 0)
        av_dict_set(&options, "format_whitelist", containers.sorted().joined(separator: ","), 0)
        av_dict_set(&options, "enable_drefs", "0", 0)
        return options
    }

    /// The demuxer FFmpeg would pick for the file at `url`, read through the `file` protocol only; nil when none fits.
    static func probe(_ url: String) -> String? {
        var io: UnsafeMutablePointer<AVIOContext>? = nil
        var options: OpaquePointer? = nil
        av_dict_set(&options, "protocol_whitelist", "file", 0)
        defer { av_dict_free(&options) }
        guard avio_open2(&io, url, AVIO_FLAG_READ, nil, &options) >= 0, let opened = io else { return nil }
        defer { avio_closep(&io) }
        var format: UnsafePointer<AVInputFormat>? = nil
        guard av_probe_input_buffer2(opened, &format, url, nil, 0, 0) >= 0, let format else { return nil }
        return String(cString: format.pointee.name)
    }
}
