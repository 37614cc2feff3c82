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
            // CMCD from players, header mode (Lectern's player) and query mode (hls.js, dash.js): buffer and throughput.
            _ = try await client.execute(
                uri: "\(base)/360p/seg-00001.m4s",
                method: .get,
                headers: [HeaderName.cmcdRequest: "bl=5000,mtp=800"]
            )
            _ = try await client.execute(uri: "\(base)/360p/seg-00001.m4s?CMCD=bl%3D300%2Cmtp%3D120%2Cot%3Dv", method: .get)
            _ = try await client.execute(uri: "\(base)/360p/init.mp4", method: .get, headers: [HeaderName.cmcdRequest: "bl=100"])
            let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(text.contains(#"lectern_http_requests_total{route="segment",status="200"} 3"#))
            #expect(text.contains(#"lectern_http_requests_total{route="segment",status="404"} 1"#))
            #expect(text.contains(#"lectern_http_response_bytes_total{route="segment",status="200"} \#(3 * PackageFixture.segmentSize)"#))
            #expect(text.contains("lectern_segment_duration_seconds_count 3"))
            // Two segment reports (an init section's is not counted): 5 s and 0.3 s, 800 and 120 kbps.
            #expect(text.contains("lectern_player_buffer_seconds_count 2"))
            #expect(text.contains("lectern_player_buffer_seconds_sum 5.3"))
            #expect(text.contains(#"lectern_player_buffer_seconds_bucket{le="0.5"} 1"#))
            #expect(text.contains("lectern_player_throughput_kbps_count 2"))
            #expect(text.contains("lectern_player_throughput_kbps_sum 920"))
            #expect(text.contains("lectern_http_active_requests"))
        }
    }
}
