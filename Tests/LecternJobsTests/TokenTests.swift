import Foundation
import LecternJobs
import Testing

@Suite("Tokens and retry policy")
struct TokenTests {
    @Test("A token has the shape lt_<12 hex>_<secret>; anything else is not a token")
    func shape() throws {
        let (token, record) = Token.make(role: .worker, name: "box")
        let parsed = try #require(Token.parse(token))
        #expect(parsed.id == record.id && parsed.id.count == 12)
        #expect(Token.matches(parsed.secret, record))
        for bad in ["", "lt_", "lt_abc_def", "Bearer x", "lt_zzzzzzzzzzzz_secret", "xx_0123456789ab_secret", "lt_0123456789ab_"] {
            #expect(Token.parse(bad) == nil, "\(bad)")
        }
        #expect(Token.make(role: .worker, name: "a").token != Token.make(role: .worker, name: "a").token)
    }

    @Test("Roles: an admin may do anything, the others only their own")
    func roles() {
        #expect(Role.admin.allows(.uploader) && Role.admin.allows(.worker))
        #expect(Role.uploader.allows(.uploader) && !Role.uploader.allows(.worker) && !Role.uploader.allows(.admin))
        #expect(!Role.worker.allows(.uploader))
    }

    @Test("Backoff: 10 s, 40 s, 160 s, then capped at 10 minutes, within ±10 %")
    func backoff() {
        let policy = RetryPolicy.default
        #expect(policy.delay(afterFailure: 1, random: 0) == 10)
        #expect(policy.delay(afterFailure: 2, random: 0) == 40)
        #expect(policy.delay(afterFailure: 3, random: 0) == 160)
        #expect(policy.delay(afterFailure: 9, random: 0) == 600)
        #expect(policy.delay(afterFailure: 1, random: 1) == 11)
        #expect(abs(policy.delay(afterFailure: 9, random: -1) - 540) < 1e-9)
        for _ in 0..<100 { #expect((9...11).contains(policy.delay(afterFailure: 1))) }
    }
}
