import Classifier
import Foundation
import Storage

/// `predict`'s scoring as a pipeline: a producer thread decodes (scaled), checksums and prepares
/// every test-time view of a batch of films while the calling thread scores the batch before it.
/// At most `depth` prepared batches wait in between, so memory stays bounded for any folder;
/// batches arrive in input order. The probabilities equal `PneumoniaModel.probabilities(images:)`'s
/// (the same two steps, `viewInputs` then the network).
public enum PredictPipeline {
    /// One scored batch: the films that could be read, their checksums (empty when not asked for)
    /// and calibrated probabilities, and how many cases it covered (failures included).
    public struct Batch {
        public let films: [LoadedFilm]
        public let shas: [String]
        public let probabilities: [Double]
        public let cases: Int
    }

    /// Runs `cases` through the pipeline, calling `scored` on this thread for each batch in order;
    /// `loader` (its failures) is updated when the producer has finished.
    public static func run(_ cases: [StudyCase], loader: inout FilmLoader, model: PneumoniaModel, checksums: Bool,
                    batchFilms: Int = 32, depth: Int = 2, _ scored: (Batch) -> Void) {
        let queue = BoundedQueue<Prepared?>(capacity: depth)
        let shared = UncheckedSendable(LoaderBox(loader))
        let producer = Thread {
            var start = 0
            while start < cases.count {
                let chunk = Array(cases[start..<min(cases.count, start + batchFilms)])
                let films = shared.value.loader.load(chunk, progressLabel: nil)
                let inputs = model.viewInputs(films.map(\.image))
                let shas = checksums ? films.map { (try? SHA256.hexDigestOfFile(path: $0.absolutePath)) ?? "" } : []
                queue.put(Prepared(films: films, shas: shas, inputs: inputs, cases: chunk.count))
                start += chunk.count
            }
            queue.put(nil)
        }
        producer.start()
        while let batch = queue.take() {
            let probabilities = model.probabilities(viewInputs: batch.inputs, films: batch.films.count)
            scored(Batch(films: batch.films, shas: batch.shas, probabilities: probabilities, cases: batch.cases))
        }
        loader = shared.value.loader   // the producer has finished: its failures are final
    }

    /// A batch ready for the network: films, checksums and the inputs of every view (`viewInputs`).
    private struct Prepared {
        let films: [LoadedFilm]
        let shas: [String]
        let inputs: [Float]
        let cases: Int
    }

    /// The loader, owned by the producer thread while the pipeline runs.
    private final class LoaderBox {
        var loader: FilmLoader
        init(_ loader: FilmLoader) { self.loader = loader }
    }
}
