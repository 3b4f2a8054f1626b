// libFuzzer driver for Lightbox's parsers of outside bytes. Built only by Scripts/fuzz.sh
// (LIGHTBOX_FUZZ=1, -sanitize=fuzzer,address, linked with lld).
// SwiftPM names this file's code the program's `main`, so libFuzzer's own `main` is not linked
// and its driver is called directly. LIGHTBOX_FUZZ_TARGET picks the parser, one per run.

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's driver: parses libFuzzer flags from argv and calls `callback` with each input.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The entry libFuzzer's runtime refers to; runs one input through the selected target.
@_cdecl("LLVMFuzzerTestOneInput")
func lightboxFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.selected.run(bytes)
    return 0
}

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
_ = FuzzTarget.selected  // fail at once on an unknown target, not at the first input
exit(LLVMFuzzerRunDriver(&argc, &argv, lightboxFuzzOneInput))
