/// Jumps through the worklist (Tab: next film without a verdict, `d`: next disagreement), as
/// mutt's Tab jumps to the next new message.
extension AppState {
    /// The first listed position after the cursor (wrapping around) whose film satisfies
    /// `matches`, or nil when no other listed film does.
    func nextPosition(where matches: (ReviewCase) -> Bool) -> Int? {
        guard !order.isEmpty else { return nil }
        return (1..<order.count).lazy.map { (cursor + $0) % order.count }.first { matches(cases[order[$0]]) }
    }

    /// Moves to `position`, or says `none` when it is nil.
    mutating func moveToNext(_ position: Int?, none: String) -> [Effect] {
        guard let position else {
            notice = .info(none)
            return []
        }
        return moveCursor(to: position)
    }
}
