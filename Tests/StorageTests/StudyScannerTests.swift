import Foundation
import Testing
@testable import Storage

@Suite("Study scanner")
struct StudyScannerTests {
    /// A tree with nested and labelled folders, hidden entries, a non-JPEG file and bad links.
    private func makeTree() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory()
        let jpeg = try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 8, height: 8), quality: 80)
        try folder.write("study/a.jpg", jpeg)
        try folder.write("study/Normal/x1.jpeg", jpeg)
        try folder.write("study/Normal/sub/x2.JPG", jpeg + [0, 0])
        try folder.write("study/pneumonia/p1.jpg", jpeg)
        try folder.write("study/pneumonia/NORMAL/odd.jpg", jpeg)
        try folder.write("study/pneumonia/readme.md", Array("notes".utf8))
        try folder.write("study/train/PNEUMONIA/p2.Jpeg", jpeg)
        try folder.write("study/notes.txt", Array("notes".utf8))
        try folder.write("study/.hidden.jpg", jpeg)
        try folder.write("study/.cache/z.jpg", jpeg)
        try folder.symlink("study/loop", to: ".")
        try folder.symlink("study/selfloop", to: "selfloop")
        try folder.symlink("study/dangling.jpg", to: "nowhere.jpg")
        try folder.symlink("study/linked.jpg", to: "a.jpg")
        return folder
    }

    @Test("a study tree gives sorted cases, labels from the nearest folder, skips and problems")
    func tree() throws {
        let folder = try makeTree()
        let scan = try StudyScanner.scan(root: folder.url("study"))
        #expect(scan.cases.map(\.relativePath) == [
            "Normal/sub/x2.JPG", "Normal/x1.jpeg", "a.jpg", "linked.jpg",
            "pneumonia/NORMAL/odd.jpg", "pneumonia/p1.jpg", "train/PNEUMONIA/p2.Jpeg",
        ])
        #expect(scan.cases.map(\.referenceLabel) == [.normal, .normal, nil, nil, .normal, .pneumonia, .pneumonia])
        #expect(scan.cases.allSatisfy { $0.absolutePath == folder.url("study/" + $0.relativePath) })
        let size = Int64(try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 8, height: 8), quality: 80).count)
        #expect(scan.cases[0].fileSize == size + 2)
        #expect(scan.cases[1].fileSize == size)
        #expect(scan.skippedHidden == 2)
        #expect(scan.skippedNonFilms == 2)
        #expect(scan.problems.map(\.description) == [
            "dangling.jpg: dangling symlink (target does not exist)",
            "loop: symlink loop or repeat (points to a folder already scanned); skipped",
            "selfloop: broken symlink (symlink loop (too many levels of symbolic links))",
        ])
    }

    @Test("when asked, a symlinked folder outside the study is walked once; a second link to it is a repeat")
    func linkedFolders() throws {
        let folder = try TemporaryDirectory()
        let jpeg = try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 8, height: 8), quality: 80)
        try folder.write("outside/PNEUMONIA/e.jpg", jpeg)
        try folder.write("study/own.jpg", jpeg)
        try folder.symlink("study/ext", to: folder.url("outside"))
        try folder.symlink("study/ext2", to: "../outside")
        let scan = try StudyScanner.scan(root: folder.url("study"), followingLinksOutOfRoot: true)
        #expect(scan.cases.map(\.relativePath) == ["ext/PNEUMONIA/e.jpg", "own.jpg"])
        #expect(scan.cases[0].referenceLabel == .pneumonia)
        #expect(scan.problems.map(\.path) == ["ext2"])
    }

    @Test("a single JPEG root is a one-case study; other roots give one-line errors")
    func roots() throws {
        let folder = try TemporaryDirectory()
        let jpeg = try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 8, height: 8), quality: 80)
        let film = try folder.write("NORMAL/film.JPEG", jpeg)
        let single = try StudyScanner.scan(root: film)
        #expect(single.cases == [StudyCase(relativePath: "film.JPEG", absolutePath: film,
                                            fileSize: Int64(jpeg.count), referenceLabel: nil)])

        let missing = folder.url("nope")
        #expect(throws: StudyScanError.noSuchPath(missing)) { try StudyScanner.scan(root: missing) }
        #expect(StudyScanError.noSuchPath("nope").description == "nope: no such file or folder")

        let text = try folder.write("notes.txt", Array("hi".utf8))
        #expect(throws: StudyScanError.notAStudy(text)) { try StudyScanner.scan(root: text) }

        try folder.write("empty/readme.txt", Array("hi".utf8))
        try folder.write("empty/.DS_Store", [0])
        let empty = folder.url("empty")
        #expect(throws: StudyScanError.noImages(empty, skippedNonFilms: 1, skippedHidden: 1, problems: 0)) {
            try StudyScanner.scan(root: empty)
        }
        #expect(StudyScanError.noImages("empty", skippedNonFilms: 1, skippedHidden: 1, problems: 0).description
            == "empty: no films (JPEG, PNG or DICOM) found (1 other file, 1 hidden entry skipped)")
        #expect(try StudyScanner.scan(root: empty, allowEmpty: true).cases.isEmpty)
    }

    @Test("a relative root is made absolute against the working directory")
    func relativeRoot() {
        let cwd = FileManager.default.currentDirectoryPath
        #expect(StudyScanner.makeAbsolute("studies/x/") == cwd + "/studies/x")
        #expect(StudyScanner.makeAbsolute("./y") == cwd + "/y")
        #expect(StudyScanner.makeAbsolute("/abs//") == "/abs")
    }

    @Test("an unreadable folder is a problem, not a failure (skipped when running as root)",
          .enabled(if: geteuid() != 0, "root can read mode-000 folders"))
    func unreadableFolder() throws {
        let folder = try TemporaryDirectory()
        let jpeg = try JPEGCodec.encodeGray(Fixtures.grayPattern(width: 8, height: 8), quality: 80)
        try folder.write("study/ok.jpg", jpeg)
        try folder.write("study/locked/hidden.jpg", jpeg)
        try folder.write("study/secret.jpg", jpeg)
        chmod(folder.url("study/locked"), 0)
        chmod(folder.url("study/secret.jpg"), 0)
        defer {
            chmod(folder.url("study/locked"), 0o755)
            chmod(folder.url("study/secret.jpg"), 0o644)
        }
        let scan = try StudyScanner.scan(root: folder.url("study"))
        #expect(scan.cases.map(\.relativePath) == ["ok.jpg"])
        chmod(folder.url("study"), 0)
        defer { chmod(folder.url("study"), 0o755) }
        #expect(throws: StudyScanError.unreadableRoot(folder.url("study"), reason: "permission denied")) {
            try StudyScanner.scan(root: folder.url("study"))
        }
        #expect(scan.problems.map(\.description) == [
            "locked: cannot open folder (permission denied)",
            "secret.jpg: unreadable file (permission denied)",
        ])
    }

    @Test("folder names set the label in any letter case, nearest folder first")
    func labels() {
        #expect(ReferenceLabel(folderName: "Pneumonia") == .pneumonia)
        #expect(ReferenceLabel(folderName: "nOrMaL") == .normal)
        #expect(ReferenceLabel(folderName: "normals") == nil)
        #expect(ReferenceLabel.nearest(inRelativePath: "NORMAL/x/PNEUMONIA/a.jpg") == .pneumonia)
        #expect(ReferenceLabel.nearest(inRelativePath: "PNEUMONIA/normal/b/a.jpg") == .normal)
        #expect(ReferenceLabel.nearest(inRelativePath: "normal.jpg") == nil)
    }

    @Test("scanning 5,000 files takes well under a second")
    func manyFiles() throws {
        let folder = try TemporaryDirectory()
        try makeManyFiles(in: folder, count: 5000)
        let clock = ContinuousClock()
        var scan: StudyScan?
        let elapsed = try clock.measure { scan = try StudyScanner.scan(root: folder.url("big")) }
        #expect(scan?.cases.count == 5000)
        #expect(scan?.cases.filter { $0.referenceLabel == .pneumonia }.count == 2500)
        #expect(elapsed < .seconds(1), "took \(elapsed)")
    }

    @Test("the hash cache hashes every case in the background and reports progress")
    func hashCache() async throws {
        let folder = try makeTree()
        let scan = try StudyScanner.scan(root: folder.url("study"))
        // A case deleted after the scan reports its error and the run continues.
        try FileManager.default.removeItem(atPath: folder.url("study/pneumonia/p1.jpg"))
        let cache = HashCache()
        let reports = await withCheckedContinuation { (done: CheckedContinuation<[HashCache.Progress], Never>) in
            let collected = Collected()
            cache.computeAll(scan.cases) { progress in
                if collected.append(progress) == progress.total { done.resume(returning: collected.items) }
            }
        }
        #expect(reports.map(\.completed) == Array(1...scan.cases.count))
        for report in reports {
            switch report.result {
            case .success(let hex):
                #expect(hex == SHA256.hex(try report.studyCase.computeSHA256()))
                #expect(cache.cachedDigest(for: report.studyCase) == hex)
            case .failure(let error):
                #expect(report.studyCase.relativePath == "pneumonia/p1.jpg")
                #expect(error.reason == .noSuchFile)
            }
        }
        let identity = try scan.cases[2].computeIdentity()
        #expect(identity.relativePath == "a.jpg")
        #expect(identity.sha256 == cache.cachedDigest(for: scan.cases[2]))
    }

    func makeManyFiles(in folder: TemporaryDirectory, count: Int) throws {
        for group in 0..<50 {
            let label = group % 2 == 0 ? "NORMAL" : "PNEUMONIA"
            try folder.makeFolder("big/\(label)/g\(group)")
            for i in 0..<(count / 50) {
                let path = folder.url("big/\(label)/g\(group)/img\(i).jpeg")
                let fd = open(path, O_WRONLY | O_CREAT, 0o644)
                close(fd)
            }
        }
    }
}

/// Collects progress reports from the background queue.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var items: [HashCache.Progress] = []

    func append(_ item: HashCache.Progress) -> Int {
        lock.lock(); defer { lock.unlock() }
        items.append(item)
        return items.count
    }
}
