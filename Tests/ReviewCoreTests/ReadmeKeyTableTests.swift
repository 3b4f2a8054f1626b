import Foundation
import ReviewCore
import Testing

@Test("the README's key table is the one the help overlay is drawn from")
func readmeKeyTable() throws {
    let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")
    let text = try String(contentsOf: readme, encoding: .utf8)
    #expect(text.contains(KeyBindings.markdownTable), "README.md lacks the key table; it should contain:\n\(KeyBindings.markdownTable)")
}
