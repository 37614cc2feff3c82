import LecternFFmpeg

extension TimelineMender {
    /// Shifts a packet's timestamps so that the timeline runs on where the recording's own timestamps jump.
    mutating func mend(_ packet: borrowing Packet, info: ContainerInfo) {
        guard packet.streamIndex < info.streams.count else { return }
        let timeBase = info.streams[packet.streamIndex].timeBase
        let stamp = packet.dts != noTimestamp ? packet.dts : packet.pts
        guard stamp != noTimestamp else { return }
        let shift = shift(stream: packet.streamIndex, time: timeBase.seconds(stamp), duration: timeBase.seconds(packet.duration))
        guard shift != 0 else { return }
        let ticks = Int64((shift / timeBase.doubleValue).rounded())
        if packet.pts != noTimestamp { packet.pts += ticks }
        if packet.dts != noTimestamp { packet.dts += ticks }
    }
}
