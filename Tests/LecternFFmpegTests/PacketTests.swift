import Foundation
import LecternFFmpeg
import Testing

/// `Packet`: its fields, `unref`, `removeNALUnits`, and that a freed packet gives back its payload.
@Suite struct PacketTests {
    /// The types of the NAL units in an Annex B payload, in order.
    static func nalTypes(_ bytes: [UInt8]) -> [UInt8] {
        var types: [UInt8] = []
        var index = 0
        while index + 3 < bytes.count {
            if bytes[index] == 0, bytes[index + 1] == 0, bytes[index + 2] == 1 {
                types.append(bytes[index + 3] & 0x1F)
                index += 3
            } else {
                index += 1
            }
        }
        return types
    }

    /// The next packet of stream 0 (packets of others read while probing come out despite `select`).
    static func readVideo(_ demuxer: Demuxer, into packet: borrowing Packet) throws -> Bool {
        while try demuxer.read(into: packet) {
            if packet.streamIndex == 0 { return true }
            packet.unref()
        }
        return false
    }

    @Test("A packet read from the clip: stream, key frame, size and bytes; timestamps can be set; unref empties it for reuse")
    func fields() throws {
        let demuxer = try Demuxer(path: try Media.clip.get())
        demuxer.select(streams: [0])
        let packet = try Packet()
        #expect(packet.size == 0 && packet.bytes.isEmpty)
        try #require(try Self.readVideo(demuxer, into: packet))
        #expect(packet.streamIndex == 0 && packet.isKeyFrame && !packet.isCorrupt)
        #expect(packet.size > 0 && packet.bytes.count == packet.size)
        #expect(packet.duration > 0)
        packet.pts = 1234
        packet.dts = 1200
        packet.duration = 40
        #expect(packet.pts == 1234 && packet.dts == 1200 && packet.duration == 40)
        packet.unref()
        #expect(packet.size == 0 && packet.bytes.isEmpty && packet.pts == noTimestamp)
        try #require(try Self.readVideo(demuxer, into: packet))
        #expect(packet.size > 0 && !packet.isKeyFrame, "the second picture of a GOP")
    }

    @Test("removeNALUnits(ofType: 6) takes libx264's SEI out of its first packet and leaves the picture")
    func removesSEI() throws {
        let encoder = try Encoder(video: EncoderTests.videoSettings(threads: 1))
        let pictures = try Media.clipPictures(1)
        pictures[0].frame.pts = 0
        try encoder.send(pictures[0].frame)
        try encoder.sendEndOfStream()
        let packet = try Packet()
        try #require(try encoder.receive(packet) == .ready)
        let before = Self.nalTypes(packet.bytes)
        let size = packet.size
        #expect(before.contains(6) && before.contains(5), "SEI and an IDR slice: \(before)")
        let removed = try packet.removeNALUnits(ofType: 6)
        #expect(removed > 0 && packet.size == size - removed)
        #expect(Self.nalTypes(packet.bytes) == before.filter { $0 != 6 })
        #expect(try packet.removeNALUnits(ofType: 6) == 0, "nothing left to remove")
    }

    @Test("200 packets of 12 MB read and freed: resident memory does not grow by their size")
    func freesItsPayload() throws {
        let path = try Media.bigPicture.get()
        var sizes: Set<Int> = []
        let growth = try Resources.residentGrowth(iterations: 200) {
            let demuxer = try Demuxer(path: path)
            let packet = try Packet()
            _ = try demuxer.read(into: packet)
            sizes.insert(packet.size)
        }
        #expect(sizes == [Media.bigPictureBytes])
        // Leaked, the payloads would add 200 x 12 MB = 2.5 GB.
        #expect(growth < 800 << 20, "resident memory grew by \(growth >> 20) MB")
    }
}
