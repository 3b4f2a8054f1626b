/// The models adapted to one study, kept with it: `STUDY/.lightbox/models/ID.safetensors`, and
/// `STUDY/.lightbox/models/active`, one line naming the model the review uses (absent or
/// empty: the model given to the review). Every file is written atomically (temporary file,
/// fsync, rename); a symbolic link at `.lightbox`, `models` or a model file is refused, so
/// nothing is read or written outside the study through one.
public struct StudyModelStore: Sendable {
    /// The study folder.
    public let studyRoot: String

    /// The store of the study at `studyRoot` (nothing is created until a model is saved).
    public init(studyRoot: String) { self.studyRoot = studyRoot }

    /// `STUDY/.lightbox/models`.
    public var folder: String { join(join(studyRoot, ".lightbox"), "models") }

    /// Largest model file read back (the same bound as `ModelLoader`: 256 MiB).
    public static let byteLimit: Int64 = 256 << 20

    /// The file a model of `id` is kept in.
    public func path(of id: String) -> String { join(folder, Self.fileName(id)) }

    /// Keeps `bytes` (a model file) as model `id`, creating the folders; does not make it active.
    public func save(_ bytes: [UInt8], id: String) throws(FileWriteError) {
        try makeFolders()
        let file = path(of: id)
        try refuseLink(file)
        try AtomicFile.write(bytes, to: file)
    }

    /// Makes model `id` the one the review uses for this study, or (nil) the model given to it.
    public func activate(_ id: String?) throws(FileWriteError) {
        try makeFolders()
        let pointer = join(folder, "active")
        try refuseLink(pointer)
        try AtomicFile.write(Array(((id.map(Self.fileName) ?? "") + "\n").utf8), to: pointer)
    }

    /// The active model's file name and bytes, or nil when the given model is to be used
    /// (no store, no pointer, or an empty one). Throws when the pointer names a model that
    /// cannot be read, or a link is in the way.
    public func active() throws(ImageLoadError) -> (fileName: String, bytes: [UInt8])? {
        let pointer = join(folder, "active")
        for path in [join(studyRoot, ".lightbox"), folder, pointer] {
            switch POSIX.lstat(path) {
            case .success(let status) where status.kind == .symlink:
                throw ImageLoadError(path: path, reason: .unreadable("a symbolic link; the study's models are not read through links"))
            case .success: continue
            case .failure(let failure) where failure.isMissing: return nil
            case .failure(let failure): throw ImageLoadError(path: path, reason: .unreadable(failure.reason))
            }
        }
        let line = String(String(decoding: try ImageFile.readBytes(path: pointer, byteLimit: 4096), as: UTF8.self)
            .filter { !$0.isWhitespace })
        guard !line.isEmpty else { return nil }
        guard line == Self.fileName(line.hasSuffix(".safetensors") ? String(line.dropLast(12)) : line) else {
            throw ImageLoadError(path: pointer, reason: .unreadable("names \"\(line)\", not a model file of this folder"))
        }
        let file = join(folder, line)
        if case .success(let status) = POSIX.lstat(file), status.kind == .symlink {
            throw ImageLoadError(path: file, reason: .unreadable("a symbolic link; the study's models are not read through links"))
        }
        return (line, try ImageFile.readBytes(path: file, byteLimit: Self.byteLimit))
    }

    /// `ID.safetensors` with anything but ASCII letters, digits, `-`, `_` and `.` replaced by
    /// `_`, and no leading dot.
    public static func fileName(_ id: String) -> String {
        var name = String(id.map { c -> Character in
            c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".") ? c : "_"
        }.prefix(200))
        while name.hasPrefix(".") { name.removeFirst() }
        return (name.isEmpty ? "model" : name) + ".safetensors"
    }

    /// Creates `.lightbox` and `models` (mode 0755) unless they exist; refuses links and files.
    private func makeFolders() throws(FileWriteError) {
        for path in [join(studyRoot, ".lightbox"), folder] {
            switch POSIX.lstat(path) {
            case .success(let status) where status.kind == .directory: continue
            case .success(let status) where status.kind == .symlink:
                throw FileWriteError(path: path, reason: "a symbolic link; the study's models are not written through links")
            case .success:
                throw FileWriteError(path: path, reason: "not a folder")
            case .failure:
                if case .failure(let failure) = POSIX.mkdir(path, 0o755) { throw FileWriteError(path: path, reason: failure.reason) }
            }
        }
    }

    private func refuseLink(_ path: String) throws(FileWriteError) {
        if case .success(let status) = POSIX.lstat(path), status.kind != .regular {
            throw FileWriteError(path: path, reason: status.kind == .symlink ? "a symbolic link; not followed" : "not a regular file")
        }
    }

    private func join(_ a: String, _ b: String) -> String { a.hasSuffix("/") ? a + b : a + "/" + b }
}
