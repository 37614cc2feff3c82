import ArgumentParser

@main
struct Lectern: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lectern",
        abstract: "Turn recorded lectures into HLS packages that play on weak connections.",
        discussion: """
            Typical use:
              lectern ingest talk.mp4 --title "Malaria prevention" --series "Public health 101" --language en
              lectern demo        (ingest the sample lecture in media/ and show what was made)
            """,
        subcommands: [
            Ingest.self, AddTrack.self, Chapters.self, Verify.self, Mirror.self, Demo.self, Serve.self, Submit.self, Jobs.self, Worker.self,
            TokenCommand.self,
        ]
    )
}
