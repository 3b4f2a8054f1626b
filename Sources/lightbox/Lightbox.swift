import ArgumentParser

@main
struct Lightbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lightbox",
        abstract: "Keyboard-driven triage of pediatric chest X-rays in the terminal.",
        version: "0.1.0",
        subcommands: [ReviewCommand.self, ExportCommand.self],
        defaultSubcommand: ReviewCommand.self)
}
