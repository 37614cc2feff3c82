import Hummingbird

/// A `ResponseBodyWriter` that keeps what is written, to read a small file whole through `FileIO`.
final class BufferCollector: ResponseBodyWriter {
    private(set) var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var incoming = buffer
        self.buffer.writeBuffer(&incoming)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
