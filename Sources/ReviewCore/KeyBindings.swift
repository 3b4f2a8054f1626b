import Feedback
import CellGrid
/// One row of the key table: the keys, what they do, and which group of the help they belong to.
public struct KeyBinding: Sendable, Equatable {
    /// Keys that trigger the action; the first is the one the hint line shows.
    public var keys: [Key]
    /// The action performed.
    public var action: Action
    /// Help text, a short imperative phrase.
    public var summary: String
    /// Heading the binding is listed under.
    public var group: String
    /// The hint line's text for this binding (`a agree`), or nil to leave it out.
    public var hint: String?

    /// Creates a binding.
    public init(_ keys: [Key], _ action: Action, _ summary: String, group: String, hint: String? = nil) {
        self.keys = keys
        self.action = action
        self.summary = summary
        self.group = group
        self.hint = hint
    }

    /// The keys as shown to people: `j ↓`.
    public var keyLabel: String { keys.map(\.label).joined(separator: " ") }
}

/// The one table of key bindings: `update` dispatches through it, and the help overlay, the
/// hint line and the README's key section are all generated from it.
public enum KeyBindings {
    private static func c(_ character: Character) -> Key { .character(character) }

    /// Every binding, in help order.
    public static let table: [KeyBinding] = [
        KeyBinding([c("j"), .down], .next, "next film", group: "Move", hint: "j/k move"),
        KeyBinding([c("k"), .up], .previous, "previous film", group: "Move"),
        KeyBinding([c("g"), .home], .first, "first film", group: "Move"),
        KeyBinding([c("G"), .end], .last, "last film", group: "Move"),
        KeyBinding([.pageDown], .pageDown, "page down", group: "Move"),
        KeyBinding([.pageUp], .pageUp, "page up", group: "Move"),
        KeyBinding([.tab], .nextUnreviewed, "next film without your verdict", group: "Move"),
        KeyBinding([c("d")], .nextDisagreement, "next film you and the model disagree on", group: "Move"),
        KeyBinding([c("a")], .agree, "agree, go to next unreviewed", group: "Verdict", hint: "a agree"),
        KeyBinding([c("x")], .disagree, "disagree, next unreviewed", group: "Verdict", hint: "x disagree"),
        KeyBinding([c("2")], .deferVerdict, "defer: needs a second read", group: "Verdict", hint: "2 defer"),
        KeyBinding([c("u")], .undo, "undo last verdict (retract)", group: "Verdict", hint: "u undo"),
        KeyBinding([c("n")], .note, "add a note to the verdict", group: "Verdict", hint: "n note"),
        KeyBinding([c("s")], .cycleSort, "cycle sort order", group: "List", hint: "s sort"),
        KeyBinding([c("S")], .reverseSort, "reverse the sort order", group: "List"),
        KeyBinding([c("/")], .filterByName, "filter by name (Esc clears)", group: "List", hint: "/ find"),
        KeyBinding([.escape], .clearFilter, "clear filters, show all", group: "List"),
        KeyBinding([c("f")], .cycleFilter, "show all/unreviewed/disagreed…", group: "List", hint: "f filter"),
        KeyBinding([c("c")], .moreContrast, "more contrast", group: "Film", hint: "c/C contrast"),
        KeyBinding([c("C")], .lessContrast, "less contrast", group: "Film"),
        KeyBinding([c("b")], .brighter, "brighter", group: "Film"),
        KeyBinding([c("B")], .darker, "darker", group: "Film"),
        KeyBinding([c("i")], .invert, "invert greys", group: "Film", hint: "i invert"),
        KeyBinding([c("z")], .zoomIn, "zoom in (x2, up to x8)", group: "Film", hint: "z zoom"),
        KeyBinding([c("Z")], .zoomOut, "zoom out", group: "Film"),
        // Panning is Shift+H J K L (and ← →) only: lower-case j/k move through films, so a
        // lower-case h/l that panned made vim users pan by mistake.
        KeyBinding([c("H"), .left], .panLeft, "pan left (zoomed)", group: "Film"),
        KeyBinding([c("L"), .right], .panRight, "pan right (zoomed)", group: "Film"),
        KeyBinding([c("K")], .panUp, "pan up (zoomed)", group: "Film"),
        KeyBinding([c("J")], .panDown, "pan down (zoomed)", group: "Film"),
        KeyBinding([c("r")], .resetView, "reset window, zoom, pan", group: "Film"),
        KeyBinding([c("o")], .toggleOverlay, "toggle LIME overlay", group: "Film", hint: "o LIME"),
        KeyBinding([c("w")], .cycleWindowPreset, "next window preset from the header", group: "Film"),
        KeyBinding([c("I")], .toggleFilmInfo, "show/hide the film's header info", group: "Film"),
        KeyBinding([c("P")], .toggleAnonymise, "hide/show patient ID and date", group: "Film"),
        KeyBinding([c("M")], .adaptWithLabels, "adapt the model with your labels (20 of each class)", group: "Model"),
        KeyBinding([c("A")], .adaptToStudy, "adapt the model without labels (asks first)", group: "Model"),
        KeyBinding([c("y")], .answerYes, "yes: switch to the adapted model / adapt", group: "Model"),
        KeyBinding([c("R")], .revertModel, "go back to the model as given (bundled)", group: "Model"),
        KeyBinding([c("?")], .help, "this help (j/k scroll if long)", group: "Other", hint: "? help"),
        KeyBinding([c("q")], .quit, "quit (verdicts are saved)", group: "Other", hint: "q quit"),
    ]

    private static let byKey: [Key: Action] = {
        var map: [Key: Action] = [:]
        for binding in table {
            for key in binding.keys { map[key] = binding.action }
        }
        return map
    }()

    /// The action bound to `key`, or nil.
    public static func action(for key: Key) -> Action? { byKey[key] }

    /// Group names in table order.
    public static var groups: [String] {
        var seen: [String] = []
        for binding in table where !seen.contains(binding.group) { seen.append(binding.group) }
        return seen
    }

    /// The README's key section as a Markdown table, generated from `table`.
    public static var markdownTable: String {
        var lines = ["| Key | Action |", "|---|---|"]
        for binding in table {
            let keys = binding.keys.map { "`\($0.label == "`" ? "``" : $0.label)`" }.joined(separator: " ")
            lines.append("| \(keys) | \(binding.summary) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
