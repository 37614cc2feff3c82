import Foundation
import LecternFFmpeg
import Testing

/// `Frame`: its fields, references, picture types as the encoder sees them, and that a freed frame gives back its picture.
@Suite struct FrameTests {
    @Test("A new frame is empty; a decoded one has the clip's size; a reference shares it and outlives the original's unref")
    func references() throws {
        let empty = try Frame()
        #expect(empty.width == 0 && empty.height == 0 && empty.pictureBytes <= 0)
        let picture = try #require(try Media.clipPictures(1).first)
        #expect(picture.frame.width == 320 && picture.frame.height == 240 && picture.frame.pictureBytes == 320 * 240 * 3 / 2)
        #expect(!picture.frame.isFullRange && !picture.frame.isInterlaced && !picture.frame.isCorrupt)
        picture.frame.pts = 77
        let reference = try picture.frame.makeReference()
        #expect(reference.width == 320 && reference.height == 240 && reference.pts == 77)
        picture.frame.unref()
        #expect(picture.frame.width == 0 && picture.frame.pictureBytes <= 0)
        #expect(reference.width == 320 && reference.pictureBytes == 320 * 240 * 3 / 2, "the reference keeps the picture")
    }

    @Test("forceKeyFrame makes the encoder start a picture group there; clearPictureType leaves the choice to it")
    func pictureTypes() throws {
        // One key frame every 250 pictures unless asked: only the first and the forced one are key frames.
        var settings = EncoderTests.videoSettings(threads: 1)
        settings.keyFrameInterval = 250
        let encoder = try Encoder(video: settings)
        let pictures = try Media.clipPictures(10)
        for (index, picture) in pictures.enumerated() {
            if index == 6 { picture.frame.forceKeyFrame() } else { picture.frame.clearPictureType() }
        }
        let keyFrames = try EncoderTests.encode(pictures, with: encoder)
        #expect(keyFrames.count == 10)
        #expect(keyFrames.indices.filter { keyFrames[$0] } == [0, 6])
    }

    @Test("200 pictures of 12 MB decoded into new frames and freed: resident memory does not grow by their size")
    func freesItsPicture() throws {
        let path = try Media.bigPicture.get()
        var sizes: Set<String> = []
        let growth = try Resources.residentGrowth(iterations: 200) {
            let demuxer = try Demuxer(path: path)
            let decoder = try Decoder(demuxer, stream: 0)
            let packet = try Packet()
            let frame = try Frame()
            _ = try demuxer.read(into: packet)
            _ = try decoder.send(packet)
            try decoder.sendEndOfStream()
            _ = try decoder.receive(frame)
            sizes.insert("\(frame.width)x\(frame.height) \(frame.pictureBytes)")
        }
        #expect(sizes == ["3840x2160 \(Media.bigPictureBytes)"])
        // Leaked, the pictures would add 200 x 12 MB = 2.5 GB.
        #expect(growth < 800 << 20, "resident memory grew by \(growth >> 20) MB")
    }
}
