/// Training labels from reviewers' votes.
public enum MajorityLabels {
    /// The label (0 NORMAL, 1 PNEUMONIA) most reviewers gave each film; a film on which
    /// reviewers are split evenly gets none, so a disputed film never trains the model.
    public static func decide<Film: Hashable>(_ votes: [Film: [Int]]) -> [Film: Int] {
        var labels: [Film: Int] = [:]
        for (film, v) in votes {
            let pneumonia = v.filter { $0 == 1 }.count, normal = v.count - pneumonia
            if pneumonia != normal { labels[film] = pneumonia > normal ? 1 : 0 }
        }
        return labels
    }
}
