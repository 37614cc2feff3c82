import Foundation

#if canImport(Glibc)
import Glibc
private let closeDescriptor = Glibc.close
#elseif canImport(Darwin)
import Darwin
private let closeDescriptor = Darwin.close
#endif

/// A raw TCP connection to 127.0.0.1 that a test holds open (idle keep-alive) or drives by hand.
final class IdleConnection {
    private var descriptor: Int32

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// - Parameter receiveBuffer: a small `SO_RCVBUF` makes a slow reader (the server's writes wait for it).
    init(port: Int, receiveBuffer: Int32? = nil) throws {
        #if canImport(Glibc)
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        if var size = receiveBuffer {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let failure = Failure(description: "connect to 127.0.0.1:\(port): errno \(errno)")
            // Every stored property is set, so throwing runs deinit: close here once and leave nothing for it,
            // or the second close would hit whatever file another test opened under the same number meanwhile.
            close()
            throw failure
        }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else { throw Failure(description: "write: errno \(errno)") }
    }

    /// What arrives within the timeout (empty if nothing does), read until the peer pauses for 200 ms, as text.
    func receive(timeoutMilliseconds: Int32) -> String {
        String(decoding: receiveBytes(timeoutMilliseconds: timeoutMilliseconds), as: UTF8.self)
    }

    /// What arrives within the timeout, read until the peer pauses for `pause` ms or closes.
    func receiveBytes(timeoutMilliseconds: Int32, pause: Int32 = 200) -> [UInt8] {
        var received: [UInt8] = []
        var wait = timeoutMilliseconds
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, wait) > 0 else { break }
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            received += buffer[..<count]
            wait = pause
        }
        return received
    }

    func close() {
        guard descriptor >= 0 else { return }
        _ = closeDescriptor(descriptor)
        descriptor = -1
    }

    deinit { close() }
}
