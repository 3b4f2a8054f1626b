import Foundation

/// Finds the bundled demo study and the reviewer's login name.
public enum StudyLocator {
    /// Where the demo study lives inside the repository.
    public static let demoRelativePath = "Assets/DemoStudy"

    /// The bundled demo study, or nil when there is none (see `BundledAssets`).
    public static func demoStudy() -> String? {
        guard let path = BundledAssets.demoStudyPath, FileManager.default.fileExists(atPath: path) else { return nil }
        return path
    }

    /// The login name: `getlogin()`, else `$USER`, else the password entry of the effective
    /// user, else "reviewer".
    public static func loginName(environment: [String: String]) -> String {
        if let name = AppSyscalls.loginName() { return name }
        if let user = environment["USER"], !user.isEmpty { return user }
        return AppSyscalls.passwordEntryName() ?? "reviewer"
    }
}
