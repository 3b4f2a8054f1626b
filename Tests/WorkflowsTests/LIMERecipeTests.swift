import Explain
import Imaging
import Testing
import Workflows

@Suite("the overlay's LIME recipe")
struct LIMERecipeTests {
    @Test("the sign mask marks the top superpixels for (+1) and against (-1) and nothing else")
    func signMask() {
        // Four 2x2 quadrants of a 4x4 image, labelled 0 1 / 2 3.
        let labels: [Int32] = [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3]
        let image = GrayImage(width: 4, height: 4, value: 10)
        let segmentation = Segmentation(width: 4, height: 4, labels: labels, count: 4, image: image)
        let explanation = Explanation(weights: [0.9, -0.2, 0.1, -0.7], intercept: 0, r2: 1, score: 0, samples: 10)
        let mask = LIMERecipe.signMask(explanation, segmentation: segmentation, top: 1)
        #expect(mask == [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, -1, -1, 0, 0, -1, -1])
        let both = LIMERecipe.signMask(explanation, segmentation: segmentation, top: 2)
        #expect(both == labels.map { [1, -1, 1, -1][Int($0)] })
    }
}
