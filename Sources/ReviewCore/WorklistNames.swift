import CellGrid

/// How the worklist shortens file names too wide for it: first what every name shares (the
/// extension), then what a name shares with other names of the study (a common prefix such as
/// `NORMAL2-IM-`, a common suffix such as `-0001`), and only then the part that tells the film
/// apart, so 15 films `NORMAL2-IM-1427-0001.jpeg`... stay distinct in 20 columns.
///
/// Shared parts are cut at word boundaries (after a separator such as `-`, `_` or `.`, or
/// between letters and digits), so a kept part reads as whole tokens: `…1427-0001`, not `…27-0001`.
public struct WorklistNames: Sendable, Equatable {
    /// The extension every name ends with (`.jpeg`), or nil when they differ or some have none.
    public let sharedExtension: String?
    /// Columns of the widest name, extension included.
    let widest: Int
    /// Per name (in the order given): the stem (the name without the shared extension), the
    /// characters at its start it shares with another stem, and those at its end.
    private let parts: [Parts]

    private struct Parts: Sendable, Equatable {
        var stem: [Character]
        var prefix: Int
        var suffix: Int
    }

    /// Finds the shared parts of `names` (file names without folders). O(n log n) comparisons.
    public init(names: [String]) {
        widest = names.map { Cell.width(of: $0) }.max() ?? 0
        sharedExtension = Self.sharedExtension(of: names)
        let cut = sharedExtension?.count ?? 0
        let stems = names.map { Array($0.dropLast(cut)) }
        let prefixes = Self.longestSharedStart(stems)
        let suffixes = Self.longestSharedStart(stems.map { Array($0.reversed()) })
        parts = stems.indices.map { i in
            let stem = stems[i]
            var prefix = prefixes[i], suffix = suffixes[i]
            while prefix > 0 && !Self.isBoundary(stem, at: prefix) { prefix -= 1 }
            while suffix > 0 && !Self.isBoundary(stem, at: stem.count - suffix) { suffix -= 1 }
            // A name that is all shared (a prefix of another, or a duplicate in another folder)
            // has no part of its own: it is shortened in the middle as a whole.
            if prefix + suffix >= stem.count { prefix = 0; suffix = 0 }
            return Parts(stem: stem, prefix: prefix, suffix: suffix)
        }
    }

    /// True when the extension is left out at `width` columns: some name does not fit whole.
    public func dropsExtension(width: Int) -> Bool { sharedExtension != nil && widest > width }

    /// The name at `index` (in the order given to `init`) in at most `width` columns (whole
    /// characters only: a wide one that does not fit is left out, never split).
    public func display(_ index: Int, width: Int) -> String {
        guard parts.indices.contains(index), width > 0 else { return "" }
        let p = parts[index]
        // Every name fits whole: none is shortened, the shared extension stays.
        if sharedExtension != nil && !dropsExtension(width: width) { return String(p.stem) + sharedExtension! }
        let stem = String(p.stem)
        if Cell.width(of: stem) <= width { return stem }
        let head = String(p.stem[..<p.prefix])
        let own = String(p.stem[p.prefix..<(p.stem.count - p.suffix)])
        let tail = String(p.stem[(p.stem.count - p.suffix)...])
        guard !own.isEmpty else { return CellGrid.fitMiddle(stem, width: width) }
        // 1. The shared prefix gives way from its start: `…M-1427-0001`.
        if !head.isEmpty, Cell.width(of: own + tail) + 1 <= width {
            return "…" + Self.lastWords(of: p.stem, before: p.prefix, width - 1 - Cell.width(of: own + tail)) + own + tail
        }
        let lead = head.isEmpty ? "" : "…"
        // 2. Then the shared suffix from its end: `…1427-00…`.
        let room = width - Cell.width(of: lead + own)
        if !tail.isEmpty, room >= 1 {
            // (Step 1 did not fit, so the suffix never fits whole here.)
            return lead + own + Cell.prefix(of: tail, columns: room - 1).text + "…"
        }
        // 3. Only then the part of its own, in the middle.
        return lead + CellGrid.fitMiddle(own, width: width - Cell.width(of: lead))
    }

    /// The extension (from the last dot, the dot included) every name has, or nil. A name that
    /// is all extension (`.jpeg`) has none.
    static func sharedExtension(of names: [String]) -> String? {
        var shared: String?
        for name in names {
            guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
            let ext = String(name[dot...])
            guard ext.count > 1, shared == nil || shared == ext else { return nil }
            shared = ext
        }
        return shared
    }

    /// For each sequence, the length of the longest start it shares with another sequence:
    /// after sorting, a sequence's longest common start is with one of its neighbours.
    static func longestSharedStart(_ sequences: [[Character]]) -> [Int] {
        let sorted = sequences.indices.sorted {
            sequences[$0].lexicographicallyPrecedes(sequences[$1]) { a, b in a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) }
        }
        func common(_ a: [Character], _ b: [Character]) -> Int {
            var n = 0
            while n < a.count && n < b.count && a[n] == b[n] { n += 1 }
            return n
        }
        var result = [Int](repeating: 0, count: sequences.count)
        for (rank, i) in sorted.enumerated() {
            if rank > 0 { result[i] = max(result[i], common(sequences[i], sequences[sorted[rank - 1]])) }
            if rank + 1 < sorted.count { result[i] = max(result[i], common(sequences[i], sequences[sorted[rank + 1]])) }
        }
        return result
    }

    /// True when a word starts at `position` of `name`: at either end, after a separator, on a
    /// separator, or where letters turn to digits or back.
    static func isBoundary(_ name: [Character], at position: Int) -> Bool {
        guard position > 0 && position < name.count else { return true }
        let before = name[position - 1], after = name[position]
        if !before.isLetter && !before.isNumber { return true }
        if !after.isLetter && !after.isNumber { return true }
        return before.isLetter != after.isLetter
    }

    /// The longest end of `name[..<end]` that starts a word (a boundary, not on a separator)
    /// and fits in `columns`.
    static func lastWords(of name: [Character], before end: Int, _ columns: Int) -> String {
        var start = end, used = 0, best = end
        while start > 0 {
            used += Cell.columnWidth(of: name[start - 1])
            if used > columns { break }
            start -= 1
            if isBoundary(name, at: start) && (name[start].isLetter || name[start].isNumber) { best = start }
        }
        return String(name[best..<end])
    }
}
