import NIOCore
import Testing

@testable import LecternServer

@Suite struct WebAssetTests {
    @Test("compact drops comment lines, comment blocks and indentation, and keeps every line of code as it is")
    func compact() {
        let source = """
            /* The player.
             * Two paths. */
            "use strict";
              // a note
            const url = "http://example/*not a comment*/"; // trailing notes stay

            /** One line. */
            if (/^\\/\\//.test(url)) {
              run();
            }
            """
        #expect(
            WebAsset.compact(source)
                == "\"use strict\";\nconst url = \"http://example/*not a comment*/\"; // trailing notes stay\nif (/^\\/\\//.test(url)) {\nrun();\n}\n"
        )
    }

    @Test("The served player is the compacted script, under a name from its own bytes")
    func servedPlayer() {
        let served = String(buffer: WebAssets.player.body)
        #expect(served.contains("L.parseMaster"))
        #expect(!served.contains("\n  "), "indentation left")
        #expect(!served.split(separator: "\n").contains { $0.hasPrefix("//") || $0.hasPrefix("/*") })
        #expect(WebAssets.player.path.hasPrefix("/assets/player-") && WebAssets.player.path != WebAssets.offline.path)
    }
}
