import ReviewApp
import Storage
import Testing

@Test("a study's own README at its top is not warned about; other files that are not films are counted by kind")
func skippedNotice() {
    #expect(SkippedNotice.text([SkippedFile(path: "README.md", kind: "text")]) == nil)
    #expect(SkippedNotice.text([SkippedFile(path: "readme", kind: "text"), SkippedFile(path: "LICENSE.txt", kind: "text")]) == nil)
    let text = SkippedNotice.text([SkippedFile(path: "README", kind: "text"), SkippedFile(path: "a/README.md", kind: "text"),
                                   SkippedFile(path: "report.pdf", kind: "PDF document")])
    #expect(text == "2 files skipped, not films (1 PDF document, 1 text); --list-skipped names them")
}
