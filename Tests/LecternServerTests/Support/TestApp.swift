import Foundation
import Hummingbird
import Logging

@testable import LecternServer

enum TestApp {
    static func configuration(_ library: URL, port: Int = 0) -> ServerConfiguration {
        var logger = Logger(label: "lectern.server.test")
        logger.logLevel = .warning
        return ServerConfiguration(hostname: "127.0.0.1", port: port, library: library, logger: logger)
    }

    static func make(_ fixture: PackageFixture) throws -> some ApplicationProtocol {
        try buildApplication(configuration(fixture.root))
    }
}
