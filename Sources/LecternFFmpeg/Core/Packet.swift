internal import CFFmpeg

/// A compressed packet, owned: freed when it goes out of scope.
public struct Packet: ~Copyable {
    let pointer: UnsafeMutablePointer<AVPacket>

    public init() throws(FFmpegError) {
        pointer = try allocated(av_packet_alloc(), "av_packet_alloc")
    }

    deinit { var p: UnsafeMutablePointer<AVPacket>? = pointer; av_packet_free(&p) }

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

    /// Drops the payload, keeping the allocation for reuse.
    public func unref() { av_packet_unref(pointer) }
}
