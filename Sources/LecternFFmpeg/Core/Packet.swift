internal import CFFmpeg

/// A compressed packet, owned: freed when it goes out of scope.
public struct Packet: ~Copyable {
    let pointer: UnsafeMutablePointer<AVPacket>

    public init() throws(FFmpegError) {
        pointer = try allocated(av_packet_alloc(), "av_packet_alloc")
    }

    deinit {
        var p: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&p)
    }

    public var streamIndex: Int { Int(pointer.pointee.stream_index) }
    public var pts: Int64 {
        get { pointer.pointee.pts }
        nonmutating set { pointer.pointee.pts = newValue }
    }
    public var dts: Int64 {
        get { pointer.pointee.dts }
        nonmutating set { pointer.pointee.dts = newValue }
    }
    public var duration: Int64 {
        get { pointer.pointee.duration }
        nonmutating set { pointer.pointee.duration = newValue }
    }
    /// A copy of the payload bytes.
    public var bytes: [UInt8] {
        guard let data = pointer.pointee.data, pointer.pointee.size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(pointer.pointee.size)))
    }
    public var size: Int { Int(pointer.pointee.size) }
    public var isKeyFrame: Bool { pointer.pointee.flags & AV_PKT_FLAG_KEY != 0 }
    /// Whether the demuxer flagged this packet as corrupt.
    public var isCorrupt: Bool { pointer.pointee.flags & AV_PKT_FLAG_CORRUPT != 0 }

    /// Removes the H.264 NAL units of type `nalType` from an Annex B payload (start-code delimited, as libx264
    /// produces), in place; returns how many bytes went. Used for the encoder's informational SEI (type 6), which
    /// libx264 puts in front of the first picture: ~700 bytes of option text no decoder needs.
    @discardableResult
    public func removeNALUnits(ofType nalType: UInt8) throws(FFmpegError) -> Int {
        guard pointer.pointee.size > 4 else { return 0 }
        try check(av_packet_make_writable(pointer), "av_packet_make_writable")
        let data = UnsafeMutableBufferPointer(start: pointer.pointee.data, count: Int(pointer.pointee.size))
        // Where each NAL unit begins (its start code, a leading zero byte included) and its type.
        var units: [(start: Int, type: UInt8)] = []
        var index = 0
        while index + 3 < data.count {
            if data[index] == 0, data[index + 1] == 0, data[index + 2] == 1 {
                units.append((index > 0 && data[index - 1] == 0 ? index - 1 : index, data[index + 3] & 0x1F))
                index += 3
            } else {
                index += 1
            }
        }
        guard units.contains(where: { $0.type == nalType }) else { return 0 }
        let base = data.baseAddress!
        var written = units.first?.start ?? 0
        for (position, unit) in units.enumerated() where unit.type != nalType {
            let end = position + 1 < units.count ? units[position + 1].start : data.count
            // Moves left over the removed units (copyMemory is a memmove: the ranges may overlap).
            if written != unit.start { UnsafeMutableRawPointer(base + written).copyMemory(from: base + unit.start, byteCount: end - unit.start) }
            written += end - unit.start
        }
        let removed = data.count - written
        pointer.pointee.size = Int32(written)
        return removed
    }

    /// Drops the payload, keeping the allocation for reuse.
    public func unref() { av_packet_unref(pointer) }
}
