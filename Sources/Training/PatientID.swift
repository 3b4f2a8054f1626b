/// Patient identity derived from a Kermany-style file name, so that films of one patient
/// never straddle the train/validation boundary.
///
/// Rules (from the dataset README): `IM-0115-0001.jpeg` → `IM-0115`;
/// `NORMAL2-IM-1427-0001.jpeg` → `NORMAL2-IM-1427`; `person1000_bacteria_2931.jpeg` →
/// `person1000`. Any other name is its own patient (its stem), which is the safe default:
/// it can only make validation harder, never leak.
public enum PatientID {
    /// The patient identifier for a file name (with or without folders or extension).
    public static func from(fileName: String) -> String {
        let base = String(fileName.split(separator: "/").last ?? Substring(fileName))
        let stem = base.split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(separator: ".")
        let name = stem.isEmpty ? base : stem
        if name.hasPrefix("person"), let underscore = name.firstIndex(of: "_") {
            return String(name[..<underscore])
        }
        // IM-0115-0001 or NORMAL2-IM-1427-0001: drop the last dash-separated image counter.
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count >= 3, let last = parts.last, !last.isEmpty, last.allSatisfy(\.isNumber) {
            return parts.dropLast().joined(separator: "-")
        }
        return name
    }

    /// The pneumonia cause encoded in a `personN_bacteria_M` / `personN_virus_M` name, if any.
    public static func cause(fileName: String) -> String? {
        let lower = fileName.lowercased()
        if lower.contains("_bacteria_") { return "bacteria" }
        if lower.contains("_virus_") { return "virus" }
        return nil
    }
}
