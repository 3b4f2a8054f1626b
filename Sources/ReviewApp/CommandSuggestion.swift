import ReviewApp
import Foundation

/// A suggestion for a mistyped subcommand. `review` is the default command, so `lightbox
/// reveiw study` would otherwise be read as a study folder named "reveiw" and fail on the
/// next word, and `lightbox predcit` as a missing folder.
public enum CommandSuggestion {
    /// The error line for `arguments` (without the program name), or nil when the first one
    /// is an option, a subcommand, an existing path, or not close to any subcommand name.
    public static func message(arguments: [String], commands: [String],
                        exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first), !exists(first) else { return nil }
        let scored = commands.map { ($0, distance(first.lowercased(), $0)) }.filter { $0.1 <= 2 }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return "'\(first)' is not a command or an existing file or folder; did you mean 'lightbox \(best.0)'? (lightbox --help lists the commands)"
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent
    /// transpositions each cost 1 (`reveiw` -> `review` is 1).
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }
}
