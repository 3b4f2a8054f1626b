
import Foundation

/// Finds the bundled model and demo study: the installed `share/lightbox/` folder, or the
/// repository's `Assets/` folder.
///
/// An installed program (`Scripts/install.sh --prefix P`: `P/bin/lightbox`) finds them in
/// `P/share/lightbox`, next to its own folder. Otherwise it looks beside and above the running
/// executable (`.build/<config>/lightbox` sits three levels below the checkout) and then above
/// the current directory, so both `swift run` and a copied checkout work.
public enum BundledAssets {
    /// The folder holding `Models/` and `DemoStudy/`, or nil when none is found.
    public static var folder: String? {
        var starts: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let bin = (exe as NSString).deletingLastPathComponent
            let installed = ((bin as NSString).deletingLastPathComponent as NSString).appendingPathComponent("share/lightbox")
            if FileManager.default.fileExists(atPath: (installed as NSString).appendingPathComponent("Models")) {
                return installed
            }
            starts.append(bin)
        }
        starts.append(FileManager.default.currentDirectoryPath)
        for start in starts {
            var dir = start
            for _ in 0..<6 {
                let candidate = (dir as NSString).appendingPathComponent("Assets")
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), isDir.boolValue {
                    return candidate
                }
                let parent = (dir as NSString).deletingLastPathComponent
                if parent == dir { break }
                dir = parent
            }
        }
        return nil
    }

    /// The bundled model file's path (which may not exist yet).
    public static var defaultModelPath: String? {
        folder.map { ($0 as NSString).appendingPathComponent("Models/lightbox-pneumonia-cnn.safetensors") }
    }

    /// The bundled demo study folder.
    public static var demoStudyPath: String? {
        folder.map { ($0 as NSString).appendingPathComponent("DemoStudy") }
    }
}
