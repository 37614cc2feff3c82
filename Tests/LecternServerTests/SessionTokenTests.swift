import Testing

@testable import LecternServer

/// The playback-session token: its shape, where it is read from, and that fresh ones do not collide.
@Suite struct SessionTokenTests {
    @Test("Fresh tokens are twelve [a-z0-9] characters, valid, and 10,000 of them are all different and use the whole alphabet")
    func fresh() {
        let tokens = (0..<10_000).map { _ in SessionToken.make() }
        #expect(tokens.allSatisfy { $0.utf8.count == 12 && SessionToken.isValid($0) })
        #expect(Set(tokens).count == tokens.count)
        #expect(Set(tokens.joined()).count == 36)
    }

    @Test("Read from a raw query's s parameter and from the cookie; anything else is no token")
    func reading() {
        #expect(SessionToken.fromQuery("s=abcdefghijkl") == "abcdefghijkl")
        #expect(SessionToken.fromQuery("max_kbps=300&s=abcdefgh1234&x=1") == "abcdefgh1234")
        #expect(SessionToken.fromQuery("s=ABC") == nil)
        #expect(SessionToken.fromQuery("xs=abcdefghijkl") == nil)
        #expect(SessionToken.fromQuery("") == nil)
        #expect(SessionToken.fromCookie("a=b; lectern_session=zyxwvutsrqpo") == "zyxwvutsrqpo")
        #expect(SessionToken.fromCookie("lectern_session=../etc") == nil)
        #expect(SessionToken.tag("240p/index.m3u8", token: "abcdefghijkl") == "240p/index.m3u8?s=abcdefghijkl")
        #expect(SessionToken.tag("https://cdn/x.m3u8", token: "abcdefghijkl") == "https://cdn/x.m3u8")
    }
}
