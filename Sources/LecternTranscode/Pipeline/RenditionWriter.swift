import Foundation
import LecternFFmpeg
import LecternPackage

/// Muxes one rendition's packets into a single file, cutting a fragment at every key frame time and
/// remembering which segment each fragment belongs to; `finish()` splits the file into the init segment
/// and media segments and measures them.
final class RenditionWriter {
    private struct FragmentRecord {
        var start: Double
        var segment: Int
        /// MPEG-TS: byte offset where the fragment starts, and where its key frame ends.
        var offset: Int64
        var keyFrameEnd: Int64
    }

    let name: String
    let isVideo: Bool
    let folder: URL
    let format: SegmentFormat
    private let encoder: Encoder
    private var session: MuxerSession?
    private let spoolURL: URL
    private let timeBase: Rational
    private let boundaries: [Double]
    private let keyFrames: KeyFrameGrid
    private var fragments: [FragmentRecord] = []
    private var segmentIndex = 0
    private var nextFragmentTime = 0.0
    private(set) var endTime = 0.0
    private let frameDuration: Int64

    /// Tolerance when comparing packet times with cut points (a fraction of an audio frame).
    private static let epsilon = 0.001
    /// H.264 `nal_unit_type` of supplemental enhancement information.
    private static let seiNALType: UInt8 = 6

    init(
        name: String,
        isVideo: Bool,
        encoder: Encoder,
        folder: URL,
        format: SegmentFormat,
        boundaries: [Double],
        keyFrames: KeyFrameGrid
    ) throws(FFmpegError) {
        self.name = name
        self.isVideo = isVideo
        self.encoder = encoder
        self.folder = folder
        self.format = format
        self.boundaries = boundaries
        self.keyFrames = keyFrames
        self.timeBase = encoder.timeBase
        self.frameDuration = isVideo ? 1 : Int64(max(encoder.frameSize, 1))
        self.spoolURL = folder.appendingPathComponent(".spool.\(format.muxerName)")
        let muxer = try Muxer(path: spoolURL.path, format: format.muxerName, encoder: encoder)
        var options: [String: String] = [:]
        if format == .fmp4 {
            // One moov up front (written at the first cut, when the first timestamps are known), then moof+mdat
            // fragments cut exactly where Lectern asks.
            options["movflags"] = "+frag_custom+delay_moov+default_base_moof+cmaf+skip_trailer"
            // An edit list in the init segment puts the first picture at 0 whatever the B-frame delay of the rung
            // (2 frames at 30 fps is not 2 frames at 15 fps), and trims AAC priming: every rung and the audio then
            // start at the same instant. FFmpeg leaves it out of fragmented files unless asked.
            options["use_editlist"] = "1"
        } else {
            options["mpegts_flags"] = "+resend_headers"
            // Keep each rung's timestamps as encoded (the first IDR at 0 + the muxer's delay in every rung): the default
            // shifts each file by its own B-frame delay, which differs per frame rate, misaligning the rungs.
            options["avoid_negative_ts"] = "disabled"
        }
        session = try muxer.writeHeader(options: options)
    }

    /// Writes every packet the rendition's encoder has ready, using `scratch` to receive them.
    func writeReadyPackets(using scratch: borrowing Packet) throws(FFmpegError) {
        while try encoder.receive(scratch) == .ready {
            defer { scratch.unref() }
            try write(scratch)
        }
    }

    /// Writes an encoded packet (encoder time base), cutting fragments and segments at key frame times.
    func write(_ packet: borrowing Packet) throws(FFmpegError) {
        switch session {
        case .some(let session): try write(packet, to: session)
        case .none: return
        }
    }

    private func write(_ packet: borrowing Packet, to session: borrowing MuxerSession) throws(FFmpegError) {
        if packet.duration <= 0 { packet.duration = frameDuration }
        // libx264's version SEI rides on the first picture, in the first segment a weak-link start waits for.
        if isVideo, fragments.isEmpty { try packet.removeNALUnits(ofType: Self.seiNALType) }
        let time = timeBase.seconds(packet.pts)
        let startsFragment = isVideo ? packet.isKeyFrame : (fragments.isEmpty || time >= nextFragmentTime - Self.epsilon)
        var isKeyFrame = false
        if startsFragment {
            try startFragment(at: time, session: session)
            isKeyFrame = isVideo
        }
        endTime = max(endTime, timeBase.seconds(packet.pts + packet.duration))
        try session.write(packet)
        if isKeyFrame, format == .ts {
            try session.flush()
            fragments[fragments.count - 1].keyFrameEnd = session.position
        }
    }

    private func startFragment(at time: Double, session: borrowing MuxerSession) throws(FFmpegError) {
        if !fragments.isEmpty {
            try session.flush()
            // With delay_moov the first flush writes only the moov; the second cuts the first fragment.
            if fragments.count == 1, format == .fmp4 { try session.flush() }
            while segmentIndex < boundaries.count - 1, time >= boundaries[segmentIndex] - Self.epsilon { segmentIndex += 1 }
        }
        if format == .ts, !fragments.isEmpty { session.repeatTransportStreamHeaders() }
        let position = format == .ts ? session.position : 0
        fragments.append(FragmentRecord(start: max(time, 0), segment: segmentIndex, offset: position, keyFrameEnd: position))
        // The next audio cut is the next key frame time after this packet.
        nextFragmentTime = keyFrames.next(after: time + Self.epsilon)
    }

    /// Durations as playlists carry them (EXTINF has microsecond precision), so measurements use the same numbers.
    static func microseconds(_ seconds: Double) -> Double { (seconds * 1_000_000).rounded() / 1_000_000 }

    /// Closes the file and splits it into `init.mp4` + segments; returns what was measured.
    /// `lectureEnd` is the same for every rendition, so every rung makes the same decision about a short last segment,
    /// and every video rung's last segment ends there: rungs at different frame rates end together whatever the
    /// recording's last picture (a cut-off file ends between two pictures of the 2 fps slides rung).
    func finish(codecs: String, width: Int, height: Int, frameRate: Int, channels: Int, lectureEnd: Double) throws -> RenditionResult {
        guard let session = session.take() else { throw MP4LayoutError.noFragments(name) }
        try session.finish()
        guard !fragments.isEmpty else { throw MP4LayoutError.noFragments(name) }
        defer { try? FileManager.default.removeItem(at: spoolURL) }

        // Byte extents of every fragment and of each fragment's key frame, measured from the file.
        var extents: [(start: Int, end: Int, keyFrameEnd: Int)] = []
        var initBytes = 0
        var initFile: String?
        if format == .fmp4 {
            let layout = try MP4Layout.read(spoolURL)
            guard layout.fragments.count == fragments.count else {
                throw MP4LayoutError.malformed(name, layout.fragments.count)
            }
            initBytes = layout.initSize
            initFile = "init.mp4"
            extents = layout.fragments.map { ($0.moofOffset, $0.end, $0.mdatDataOffset + $0.firstSampleSize) }
        } else {
            let size = Int((try FileManager.default.attributesOfItem(atPath: spoolURL.path)[.size] as? Int) ?? 0)
            for (index, fragment) in fragments.enumerated() {
                let end = index + 1 < fragments.count ? Int(fragments[index + 1].offset) : size
                extents.append((Int(fragment.offset), end, Int(fragment.keyFrameEnd)))
            }
        }

        let source = try FileHandle(forReadingFrom: spoolURL)
        defer { try? source.close() }
        if let initFile {
            try source.seek(toOffset: 0)
            try (source.read(upToCount: initBytes) ?? Data()).write(to: folder.appendingPathComponent(initFile))
        }
        // Group fragments into segments; a tail shorter than half a key frame interval joins the segment before it
        // (a 0.1 s segment helps no player and distorts the measured peak).
        // Audio running on past the pictures (timestamps that leap in a damaged file, a sound track longer than the
        // video) is cut where the lecture ends: its fragments that start there or later are left out.
        let kept = isVideo ? fragments.count : max(1, fragments.prefix { $0.start < lectureEnd - Self.epsilon }.count)
        var groups: [ClosedRange<Int>] = []
        for (index, fragment) in fragments.prefix(kept).enumerated() {
            if let last = groups.last, fragments[last.lowerBound].segment == fragment.segment {
                groups[groups.count - 1] = last.lowerBound...index
            } else {
                groups.append(index...index)
            }
        }
        // Decided on the segment's nominal start (its boundary), not its first packet: audio packets start up to a frame
        // after the boundary, and every rendition must make the same decision (a 7 s lecture: video 6.0 → 7.0 kept,
        // audio from 6.01 would otherwise be merged, leaving the audio a segment short).
        if groups.count > 1, let tail = groups.last {
            let segment = fragments[tail.lowerBound].segment
            let nominalStart = segment > 0 ? boundaries[segment - 1] : 0
            if lectureEnd - nominalStart < Double(keyFrames.interval) / 2 {
                groups.removeLast()
                groups[groups.count - 1] = groups[groups.count - 1].lowerBound...tail.upperBound
            }
        }

        // Where the last segment ends: the lecture's end for video (never before its last fragment starts), the audio's own.
        let tailEnd = isVideo ? max(lectureEnd, fragments[fragments.count - 1].start + Self.epsilon) : endTime
        var segments: [RenditionResult.Segment] = []
        var keyFrames: [RenditionResult.KeyFrame] = []
        for group in groups {
            let uri = String(format: "seg-%05d.%@", segments.count + 1, format.segmentExtension)
            let start = segments.isEmpty ? 0 : fragments[group.lowerBound].start
            let end = group.upperBound + 1 < fragments.count ? fragments[group.upperBound + 1].start : tailEnd
            let byteStart = extents[group.lowerBound].start
            let byteEnd = extents[group.upperBound].end
            try source.seek(toOffset: UInt64(byteStart))
            try (source.read(upToCount: byteEnd - byteStart) ?? Data()).write(to: folder.appendingPathComponent(uri))
            segments.append(.init(uri: uri, start: start, duration: Self.microseconds(end - start), bytes: byteEnd - byteStart))
            guard isVideo else { continue }
            for fragment in group {
                let keyStart = fragment == group.lowerBound ? start : fragments[fragment].start
                let keyEnd = fragment + 1 < fragments.count ? fragments[fragment + 1].start : tailEnd
                keyFrames.append(
                    .init(
                        uri: uri,
                        offset: extents[fragment].start - byteStart,
                        length: extents[fragment].keyFrameEnd - extents[fragment].start,
                        start: keyStart,
                        duration: Self.microseconds(keyEnd - keyStart)
                    )
                )
            }
        }
        return RenditionResult(
            name: name,
            isVideo: isVideo,
            codecs: codecs,
            width: width,
            height: height,
            frameRate: frameRate,
            channels: channels,
            initFile: initFile,
            initBytes: initBytes,
            segments: segments,
            keyFrames: keyFrames
        )
    }
}
