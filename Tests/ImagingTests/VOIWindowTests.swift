import Testing
@testable import Imaging
import Numerics

@Suite("VOI window")
struct VOIWindowTests {
    @Test("LINEAR follows PS3.3 C.11.2.1.2.1 at its breakpoints; the fast loop matches the reference")
    func linear() {
        let window = VOIWindow.linear(center: 40, width: 400)
        // Black at or below c - 0.5 - (w - 1)/2 = -160, white above c - 0.5 + (w - 1)/2 = 239.
        #expect(window.unitGrey(-160) == 0)
        #expect(window.unitGrey(240) == 1)
        #expect(abs(window.unitGrey(39.5) - 0.5) < 1e-6)
        var rng = SplitMix64(seed: 3)
        let values = (0..<5000).map { _ in rng.uniform(-600...600) }
        let image = GrayImage(width: 100, height: 50, pixels: values)
        for invert in [false, true] {
            let fast = window.apply(to: image, invert: invert).pixels
            let reference = values.map { (invert ? 1 - window.unitGrey($0) : window.unitGrey($0)) * 255 }
            #expect(zip(fast, reference).map { abs($0 - $1) }.max()! < 1e-3)
        }
    }

    @Test("the header's choice: window first, then VOI LUT, then the pixel range; functions by name")
    func fromHeader() {
        let image = GrayImage(width: 3, height: 1, pixels: [-5, 10, 95])
        let lut: (entries: [UInt16], firstMapped: Int, bits: Int) = ([0, 100, 4095], 9, 12)
        #expect(VOIWindow.fromHeader(center: 10, width: 20, function: "", table: lut, image: image) == .linear(center: 10, width: 20))
        #expect(VOIWindow.fromHeader(center: 10, width: 20, function: "SIGMOID", table: nil, image: image) == .sigmoid(center: 10, width: 20))
        #expect(VOIWindow.fromHeader(center: 10, width: 20, function: "LINEAR_EXACT", table: nil, image: image) == .linearExact(center: 10, width: 20))
        #expect(VOIWindow.fromHeader(center: nil, width: nil, function: "", table: lut, image: image) == .table(entries: [0, 100, 4095], firstMapped: 9, bits: 12))
        #expect(VOIWindow.fromHeader(center: 10, width: 0, function: "", table: nil, image: image) == .range(low: -5, high: 95))
        let table = VOIWindow.table(entries: [0, 100, 4095], firstMapped: 9, bits: 12)
        #expect(table.unitGrey(0) == 0 && table.unitGrey(10) == 100 / 4095 && table.unitGrey(500) == 1)
        #expect(VOIWindow.sigmoid(center: 0, width: 10).unitGrey(0) == 0.5)
        #expect(VOIWindow.range(low: -5, high: 95).apply(to: image, invert: true).pixels == [255, 255 * 0.85, 0])
        #expect(VOIWindow.pixelRange(of: GrayImage(width: 1, height: 1, pixels: [.nan])) == .range(low: 0, high: 255))
    }

    @Test("block means shrink by the factor, edge blocks averaging what they hold")
    func blockMean() {
        let image = GrayImage(width: 5, height: 3, pixels: (0..<15).map(Float.init))
        let half = image.blockMean(factor: 2)
        #expect(half.width == 3 && half.height == 2)
        #expect(half.pixels == [3, 5, 6.5, 10.5, 12.5, 14])
        #expect(image.blockMean(factor: 1) == image)
    }
}
