/// What a `--store` value names: a PostgreSQL server or a CSV log path.
public enum StoreURL {
    /// True for `postgresql://` and `postgres://` URLs; anything else is a CSV log path.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// `url` with `connect_timeout` set to `seconds` when it is a URL that does not set one, so
    /// an unreachable host costs seconds rather than the system's TCP timeout (minutes).
    public static func withConnectTimeout(_ url: String, seconds: Int = 5) -> String {
        guard isPostgres(url), !url.contains("connect_timeout=") else { return url }
        return url + (url.contains("?") ? "&" : "?") + "connect_timeout=\(seconds)"
    }

    /// The URL with any password replaced by `***`, for messages (`user:secret@host` and `password=` parameters).
    public static func redacted(_ url: String) -> String {
        var out = url
        if let scheme = out.range(of: "://") {
            let rest = out[scheme.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"),
               let colon = rest[..<at].firstIndex(of: ":") {
                out.replaceSubrange(out.index(after: colon)..<at, with: "***")
            }
        }
        if let range = out.range(of: "password=") {
            let end = out[range.upperBound...].firstIndex(of: "&") ?? out.endIndex
            out.replaceSubrange(range.upperBound..<end, with: "***")
        }
        return out
    }
}
