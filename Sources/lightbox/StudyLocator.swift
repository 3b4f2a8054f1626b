#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Finds the bundled demo study and the reviewer's login name.
enum StudyLocator {
    /// Where the demo study lives inside the repository.
    static let demoRelativePath = "Assets/DemoStudy"

    /// The demo study: the first `Assets/DemoStudy` folder found walking up from the running
    /// executable (`/proc/self/exe`), then from the current folder; nil when there is none.
    static func demoStudy() -> String? {
        var starts: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append((exe as NSString).deletingLastPathComponent)
        }
        starts.append(FileManager.default.currentDirectoryPath)
        for start in starts {
            var folder = start
            while true {
                let candidate = (folder as NSString).appendingPathComponent(demoRelativePath)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                    return candidate
                }
                let parent = (folder as NSString).deletingLastPathComponent
                if parent == folder || parent.isEmpty { break }
                folder = parent
            }
        }
        return nil
    }

    /// The login name: `getlogin()`, else `$USER`, else the password entry of the effective
    /// user, else "reviewer".
    static func loginName(environment: [String: String]) -> String {
        if let name = getlogin().map({ String(cString: $0) }), !name.isEmpty { return name }
        if let user = environment["USER"], !user.isEmpty { return user }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            let text = String(cString: name)
            if !text.isEmpty { return text }
        }
        return "reviewer"
    }
}
