import Testing
import ReviewApp
import TestSupport

@Test("a mistyped subcommand gets a suggestion; options, real paths and far-off words do not")
func commandSuggestion() {
    let commands = ["review", "show", "predict", "explain", "evaluate", "export", "adapt", "train"]
    let none: (String) -> Bool = { _ in false }
    #expect(CommandSuggestion.message(arguments: ["reveiw", "study"], commands: commands, exists: none)?
        .contains("did you mean 'lightbox review'?") == true)
    #expect(CommandSuggestion.message(arguments: ["predcit", "x.jpeg"], commands: commands, exists: none)?
        .contains("'lightbox predict'") == true)
    #expect(CommandSuggestion.message(arguments: ["review"], commands: commands, exists: none) == nil)
    #expect(CommandSuggestion.message(arguments: ["--help"], commands: commands, exists: none) == nil)
    #expect(CommandSuggestion.message(arguments: ["reveiw"], commands: commands, exists: { $0 == "reveiw" }) == nil)
    #expect(CommandSuggestion.message(arguments: ["my-hospital-study"], commands: commands, exists: none) == nil)
    #expect(CommandSuggestion.distance("reveiw", "review") == 1)
    #expect(CommandSuggestion.distance("", "abc") == 3)
}
