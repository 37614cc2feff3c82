import Foundation
import LecternTranscode

/// Human-readable text for what an ingest saw and did.
enum IngestSummary {
    static func describe(_ media: MediaInfo, _ plan: LadderPlan) -> String {
        var lines = ["\(media.fileName): \(media.container), \(duration(media.duration)), \(bytes(media.fileSize))"]
        if let video = media.video {
            var notes: [String] = []
            if video.rotation != 0 { notes.append("rotated \(video.rotation)°") }
            if video.isInterlaced { notes.append("interlaced") }
            if video.isVariableFrameRate { notes.append("variable frame rate") }
            if video.sampleAspectRatio != "1/1" { notes.append("pixel aspect \(video.sampleAspectRatio)") }
            lines.append(
                "  video: \(video.codec) \(video.width)x\(video.height) \(video.pixelFormat ?? "?") "
                    + String(format: "%.2f fps", video.frameRate) + ", shown as \(video.displayWidth)x\(video.displayHeight)"
                    + (notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))")
            )
        } else {
            lines.append("  video: none (audio-only package)")
        }
        if let audio = media.audio {
            lines.append(
                "  audio: \(audio.codec) \(audio.sampleRate) Hz, \(audio.channelLayout ?? "\(audio.channels) channels")"
                    + (audio.language.flatMap { $0 == "und" ? nil : ", language \($0)" } ?? "")
            )
        } else {
            lines.append("  audio: none (video-only variants)")
        }
        for subtitle in media.subtitles {
            lines.append("  subtitles: #\(subtitle.streamIndex) \(subtitle.codec)" + (subtitle.language.map { ", language \($0)" } ?? ""))
        }
        if !media.ignoredStreams.isEmpty { lines.append("  ignored: \(media.ignoredStreams.joined(separator: "; "))") }
        lines.append("ladder (key frame every \(plan.keyFrameSeconds) s, segments \(plan.segmentSeconds) s):")
        for rung in plan.video {
            lines.append(
                "  \(pad(rung.name, 8)) \(pad("\(rung.width)x\(rung.height)", 10)) \(pad("\(rung.frameRate) fps", 7)) "
                    + "crf \(rung.crf), cap \(rung.maxRate / 1000) kbps" + (rung.audio.map { " + \($0)" } ?? "")
                    + (rung.role == .regular ? "" : " [\(rung.role.rawValue)]")
            )
        }
        for tier in plan.audio {
            lines.append(
                "  \(pad(tier.name, 8)) AAC-LC \(tier.bitRate / 1000) kbps, \(tier.channels == 1 ? "mono" : "stereo")"
                    + (tier.name == plan.audioOnly ? " [audio-only variant]" : "")
            )
        }
        if !plan.preprocessing.isEmpty { lines.append("  filters first: \(plan.preprocessing.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }

    static func describe(_ report: IngestReport) -> String {
        let speed = report.wallSeconds > 0 ? report.duration / report.wallSeconds : 0
        var lines = [
            "\(report.status.rawValue): \"\(report.title)\" as \(report.id) (\(duration(report.duration)) of lecture in "
                + String(format: "%.1f s, %.1f× real time)", report.wallSeconds, speed)
        ]
        for rendition in report.renditions {
            let size = rendition.width.map { "\($0)x\(rendition.height ?? 0)" } ?? "audio"
            lines.append(
                "  \(pad(rendition.name, 10)) \(pad(size, 10)) peak \(pad("\(rendition.bandwidth / 1000) kbps", 10)) "
                    + "avg \(pad("\(rendition.averageBandwidth / 1000) kbps", 10)) \(bytes(rendition.bytes))"
            )
        }
        if report.audioLanguages.count > 1 { lines.append("  audio languages: \(report.audioLanguages.joined(separator: ", "))") }
        if !report.subtitles.isEmpty { lines.append("  subtitles: \(report.subtitles.joined(separator: ", "))") }
        lines.append("  master: \(report.master)")
        for warning in report.warnings { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func duration(_ seconds: Double) -> String { ProgressBar.clock(seconds) }

    static func bytes(_ count: Int) -> String {
        count >= 1_000_000 ? String(format: "%.1f MB", Double(count) / 1e6) : String(format: "%.0f kB", Double(count) / 1e3)
    }
}
