/// The label a film teaches when several readers have read it.
public enum Consensus {
    /// The adjudicated label when there is one; else the label strictly more readers gave than
    /// any other (with two classes, the majority); nil on a tie or with no labels, so the film
    /// waits for adjudication.
    public static func label<Label: Hashable>(adjudicated: Label?, standing: [Label]) -> Label? {
        if let adjudicated { return adjudicated }
        var votes: [Label: Int] = [:]
        for label in standing { votes[label, default: 0] += 1 }
        guard let top = votes.values.max() else { return nil }
        let leaders = votes.filter { $0.value == top }
        return leaders.count == 1 ? leaders.first!.key : nil
    }

    /// True when the standing labels are not all the same (at least two different ones).
    public static func isDiscordant<Label: Hashable>(_ standing: [Label]) -> Bool {
        Set(standing).count > 1
    }
}
