import TeamStore

/// `lightbox store`'s work: the team store's schema and readers, each step said in one line.
public enum TeamStoreSetup {
    /// Whether `url` is a postgresql:// URL.
    public static func isStoreURL(_ url: String) -> Bool { StoreURL.isPostgres(url) }

    /// Creates or migrates the schema at `url`; the line says what changed.
    public static func initialise(url: String) throws -> String {
        let versions: (from: Int, to: Int)
        do { versions = try TeamSchema.initialise(url: url) } catch { throw CommandFailure(error.description) }
        return versions.from == versions.to
            ? "\(StoreURL.redacted(url)): the Lightbox schema is at version \(versions.to); nothing to do"
            : "\(StoreURL.redacted(url)): the Lightbox schema is now at version \(versions.to) (was \(versions.from == 0 ? "absent" : String(versions.from)))"
    }

    /// Creates the login role `name` with a reader's grants (and an adjudicator's when asked).
    public static func addReader(url: String, name: String, adjudicator: Bool) throws -> String {
        do { try TeamSchema.addReader(url: url, name: name, adjudicator: adjudicator) } catch { throw CommandFailure(error.description) }
        return "\(name) is a reader\(adjudicator ? " and an adjudicator" : "") of \(StoreURL.redacted(url))"
    }
}
