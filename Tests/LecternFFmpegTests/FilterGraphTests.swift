import Foundation
import LecternFFmpeg
import Testing

/// `FilterGraph`: what video and audio graphs put out, that every graph's threads end with it, and bad descriptions.
@Suite struct FilterGraphTests {
    static let clipTimeBase = Rational(1, 25)

    /// Pushes `pictures` through a graph and drains every output; returns each output's picture sizes.
    static func run(_ graph: FilterGraph, _ pictures: [Picture]) throws -> [[String]] {
        let out = try Frame()
        var sizes = Array(repeating: [String](), count: graph.outputCount)
        func drain() throws {
            for output in 0..<graph.outputCount {
                while try graph.pull(out, from: output) == .ready {
                    sizes[output].append("\(out.width)x\(out.height)")
                    out.unref()
                }
            }
        }
        for (index, picture) in pictures.enumerated() {
            picture.frame.pts = Int64(index)
            try graph.push(picture.frame)
            try drain()
        }
        try graph.pushEndOfStream()
        try drain()
        return sizes
    }

    @Test("A split into two scaled outputs: 10 pictures in, 10 of each size out, in the source's time base")
    func videoOutputs() throws {
        let pictures = try Media.clipPictures(10)
        let graph = try FilterGraph(
            video: pictures[0].frame,
            timeBase: Self.clipTimeBase,
            sampleAspectRatio: Rational(1, 1),
            description: "[in]split=2[a][b];[a]scale=160:120[out0];[b]scale=80:60[out1]",
            outputs: 2
        )
        #expect(graph.outputCount == 2)
        #expect(graph.timeBase(ofOutput: 0) == Self.clipTimeBase && graph.timeBase(ofOutput: 1) == Self.clipTimeBase)
        let sizes = try Self.run(graph, pictures)
        #expect(sizes == [Array(repeating: "160x120", count: 10), Array(repeating: "80x60", count: 10)])
        #expect(try graph.pull(try Frame(), from: 0) == .endOfStream)
    }

    @Test("An fps filter: 25 pictures at 25 fps come out as 10 at 10 fps")
    func frameRate() throws {
        let pictures = try Media.clipPictures(25)
        let graph = try FilterGraph(
            video: pictures[0].frame,
            timeBase: Self.clipTimeBase,
            sampleAspectRatio: Rational(1, 1),
            description: "[in]fps=fps=10[out0]",
            outputs: 1
        )
        #expect(graph.frameRate(ofOutput: 0) == Rational(10, 1))
        #expect(try Self.run(graph, pictures) == [Array(repeating: "320x240", count: 10)])
    }

    @Test("An audio graph hands out frames of the size asked (1024 samples), resampled to 22.05 kHz")
    func audioFrameSize() throws {
        let demuxer = try Demuxer(path: try Media.clip.get())
        demuxer.select(streams: [1])
        let decoder = try Decoder(demuxer, stream: 1)
        let packet = try Packet()
        let decoded = try Frame()
        let out = try Frame()
        var graph: FilterGraph?
        var samples: [Int] = []
        var rates: Set<Int> = []
        func drain() throws {
            while let graph, try graph.pull(out, from: 0) == .ready {
                samples.append(out.sampleCount)
                rates.insert(out.sampleRate)
                out.unref()
            }
        }
        func feed() throws {
            while try decoder.receive(decoded) == .ready {
                if graph == nil {
                    graph = try FilterGraph(
                        audio: decoded,
                        timeBase: decoder.timeBase,
                        description: "[in]aresample=22050[out0]",
                        outputs: 1,
                        frameSize: 1024
                    )
                }
                try graph!.push(decoded)
                decoded.unref()
                try drain()
            }
        }
        while try demuxer.read(into: packet) {
            if packet.streamIndex == 1 { _ = try decoder.send(packet) }
            packet.unref()
            try feed()
        }
        try decoder.sendEndOfStream()
        try feed()
        try #require(graph != nil)
        try graph!.pushEndOfStream()
        try drain()
        #expect(rates == [22050])
        #expect(samples.count >= 40 && samples.dropLast().allSatisfy { $0 == 1024 }, "\(samples)")
        #expect(samples.reduce(0, +) > 22050 * 19 / 10, "about 2 s of sound: \(samples.reduce(0, +)) samples")
    }

    @Test("200 graphs with 2 threads, built, run and freed: each scales its pictures, and its threads end with it")
    func openAndFreeInALoop() async throws {
        let rounds = try await Resources.onNamedThread {
            let pictures = try Media.clipPictures(5)
            return try (0..<200).map { _ in
                let graph = try FilterGraph(
                    video: pictures[0].frame,
                    timeBase: Self.clipTimeBase,
                    sampleAspectRatio: Rational(1, 1),
                    description: "[in]scale=w=640:h=480[out0]",
                    outputs: 1,
                    threads: 2
                )
                let threadsWhileOpen = Resources.threadsNamedLikeThisOne()
                let sizes = try Self.run(graph, pictures)
                _ = consume graph
                return ["\(sizes)", "\(threadsWhileOpen > 1)", "\(Resources.threadsLeft())"]
            }
        }
        let scaled = "\([Array(repeating: "640x480", count: 5)])"
        for round in rounds {
            #expect(round == [scaled, "true", "1"], "pictures, threads while open, threads after")
        }
    }

    @Test("Descriptions libavfilter refuses: the error names the call, and the graph's threads end (200 times each)")
    func refusedDescriptions() async throws {
        let rounds = try await Resources.onNamedThread {
            let pictures = try Media.clipPictures(1)
            func failure(_ description: String, outputs: Int) -> String {
                do {
                    _ = try FilterGraph(
                        video: pictures[0].frame,
                        timeBase: Self.clipTimeBase,
                        sampleAspectRatio: Rational(1, 1),
                        description: description,
                        outputs: outputs,
                        threads: 2
                    )
                    return "no error"
                } catch {
                    return error.function
                }
            }
            return (0..<200).map { _ in
                [
                    failure("[in]nosuchfilter[out0]", outputs: 1),
                    failure("[in]scale=160:120[out0]", outputs: 2),  // [out1] is never fed
                    "\(Resources.threadsLeft())",
                ]
            }
        }
        for round in rounds {
            #expect(round == ["avfilter_graph_parse_ptr", "avfilter_graph_config", "1"])
        }
    }
}
