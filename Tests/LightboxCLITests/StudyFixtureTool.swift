import Foundation
import TestSupport
import Testing

/// Not a test of behaviour: makes a large study for the release measurements when
/// LIGHTBOX_MAKE_STUDY=<folder> is set (LIGHTBOX_MAKE_COUNT films, default 5000).
@Test("makes a benchmark study when LIGHTBOX_MAKE_STUDY is set",
      .enabled(if: ProcessInfo.processInfo.environment["LIGHTBOX_MAKE_STUDY"] != nil))
func makeBenchmarkStudy() throws {
    let environment = ProcessInfo.processInfo.environment
    let folder = environment["LIGHTBOX_MAKE_STUDY"]!
    let count = Int(environment["LIGHTBOX_MAKE_COUNT"] ?? "") ?? 5000
    let size = Int(environment["LIGHTBOX_MAKE_SIZE"] ?? "") ?? 1024
    let root = try StudyFixture.make(count: count, size: size, in: folder)
    let names = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasSuffix(".jpeg") }
    #expect(names.count >= count)
}
