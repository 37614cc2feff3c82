import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import LecternServer

@Suite struct OperationsControllerTests {
    @Test("/healthz is ok while the library is readable")
    func health() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == "ok\n")
        }
    }

    @Test("/metrics: requests and bytes by route and status, segment latency, requests in flight")
    func metrics() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        try await app.test(.router) { client in
            let base = "/lectures/\(PackageFixture.id)"
            _ = try await client.execute(uri: "\(base)/360p/seg-00001.m4s", method: .get)
            _ = try await client.execute(uri: "\(base)/360p/missing.m4s", method: .get)
            let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(text.contains(#"lectern_http_requests_total{route="segment",status="200"} 1"#))
            #expect(text.contains(#"lectern_http_requests_total{route="segment",status="404"} 1"#))
            #expect(text.contains(#"lectern_http_response_bytes_total{route="segment",status="200"} \#(PackageFixture.segmentSize)"#))
            #expect(text.contains("lectern_segment_duration_seconds_count 1"))
            #expect(text.contains("lectern_http_active_requests"))
        }
    }
}
