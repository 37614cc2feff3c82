import ArgumentParser

@main
struct Lectern: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lectern",
        abstract: "Turn recorded lectures into HLS packages that play on weak connections.",
        subcommands: []
    )
}
