import Foundation
import LecternFFmpeg
import LecternHLS
import Synchronization

/// The rules on what the segments hold: codecs, resolution and frame rate against what the master declares.
extension StreamVerifier {
    // MARK: Stream parameters

    static func isVideoCodec(_ codec: String) -> Bool {
        ["avc1", "avc3", "hvc1", "hev1", "vp09", "av01", "dvh1", "dvhe", "mp4v"].contains { codec.hasPrefix($0) }
    }

    func checkStreams(
        _ variant: VariantStream,
        video: SegmentInspection?,
        audio: SegmentInspection?,
        isVideo: Bool,
        report: inout VerifyReport
    ) {
        let videoStream = video?.streams.first { $0.kind == .video }
        let audioStream = (audio ?? video)?.streams.first { $0.kind == .audio }
        if isVideo {
            if let resolution = variant.resolution, let videoStream {
                report.record(
                    .resolution,
                    variant.uri,
                    resolution.width == videoStream.width && resolution.height == videoStream.height,
                    "RESOLUTION \(resolution.width)x\(resolution.height) but the stream is \(videoStream.width)x\(videoStream.height)"
                )
            } else {
                report.record(.resolution, variant.uri, false, variant.resolution == nil ? "no RESOLUTION" : "no video stream could be read")
            }
            if let frameRate = variant.frameRate, let videoStream {
                let measured = [videoStream.averageFrameRate, videoStream.realFrameRate].first { $0.isValid }?.doubleValue ?? 0
                report.record(
                    .frameRate,
                    variant.uri,
                    abs(measured - frameRate) <= max(0.01, frameRate * 0.01),
                    String(format: "FRAME-RATE %.3f but the stream runs at %.3f", frameRate, measured)
                )
            } else {
                report.record(.frameRate, variant.uri, false, variant.frameRate == nil ? "no FRAME-RATE" : "no video stream could be read")
            }
        }
        guard !variant.codecs.isEmpty else {
            report.record(.codecs, variant.uri, false, "no CODECS")
            return
        }
        var mismatches: [String] = []
        for codec in variant.codecs {
            if Self.isVideoCodec(codec) {
                guard let videoStream else {
                    mismatches.append("\(codec): no video stream read")
                    continue
                }
                if let problem = Self.mismatch(codec, videoStream) { mismatches.append(problem) }
            } else {
                guard let audioStream else {
                    mismatches.append("\(codec): no audio stream read")
                    continue
                }
                if let problem = Self.mismatch(codec, audioStream) { mismatches.append(problem) }
            }
        }
        if isVideo, videoStream != nil, !variant.codecs.contains(where: Self.isVideoCodec) { mismatches.append("no video codec listed") }
        if variant.audio != nil, audioStream != nil, !variant.codecs.contains(where: { !Self.isVideoCodec($0) }) {
            mismatches.append("no audio codec listed")
        }
        report.record(.codecs, variant.uri, mismatches.isEmpty, mismatches.joined(separator: "; "))
    }

    /// Why a CODECS entry does not describe `stream`, or nil when it does.
    static func mismatch(_ codec: String, _ stream: StreamInfo) -> String? {
        let parts = codec.split(separator: ".")
        switch parts.first {
        case "avc1", "avc3":
            guard stream.codecName == "h264" else { return "\(codec) but the stream is \(stream.codecName ?? "?")" }
            guard parts.count == 2, parts[1].count == 6, let value = Int(parts[1], radix: 16) else { return "\(codec): malformed" }
            let profile = value >> 16
            let level = value & 0xFF
            let streamProfile = stream.profile & 0xFF
            if profile != streamProfile || level != stream.level {
                return "\(codec) says profile \(profile) level \(level), the SPS says profile \(streamProfile) level \(stream.level)"
            }
            return nil
        case "mp4a":
            guard stream.codecName == "aac" || stream.codecName == "mp3" || stream.codecName == "mp3float" else {
                return "\(codec) but the stream is \(stream.codecName ?? "?")"
            }
            if parts.count == 3, parts[1] == "40", let objectType = Int(parts[2]), stream.codecName == "aac", stream.profile >= 0,
                objectType != stream.profile + 1
            {
                return "\(codec) but the AAC object type is \(stream.profile + 1)"
            }
            return nil
        case "hvc1", "hev1": return stream.codecName == "hevc" ? nil : "\(codec) but the stream is \(stream.codecName ?? "?")"
        case "vp09": return stream.codecName?.hasPrefix("vp9") == true ? nil : "\(codec) but the stream is \(stream.codecName ?? "?")"
        case "av01":
            return stream.codecName?.contains("av1") == true || stream.codecName == "libdav1d"
                ? nil : "\(codec) but the stream is \(stream.codecName ?? "?")"
        case "opus", "Opus": return stream.codecName?.contains("opus") == true ? nil : "\(codec) but the stream is \(stream.codecName ?? "?")"
        case "ac-3", "ec-3":
            return stream.codecName?.hasPrefix(codec == "ac-3" ? "ac3" : "eac3") == true
                ? nil : "\(codec) but the stream is \(stream.codecName ?? "?")"
        default: return nil
        }
    }
}
