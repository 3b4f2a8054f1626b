extension Network {
    /// Replaces every batch-norm layer's running mean and variance with the statistics of
    /// `input` (B, inputShape...), each layer seeing the previous layers already normalised
    /// with the new statistics (AdaBN, Li et al. 2016): one training-mode forward pass over the
    /// whole batch, so the statistics are exact for these films. Weights do not change.
    ///
    /// Memory grows with the batch (about 4.5 MB a film at 128x128 for the default network);
    /// callers cap the number of films. Needs at least 2 films. `rng` feeds only the dropout
    /// layers' training draws, whose output is discarded.
    public func reestimateBatchNormStatistics(_ input: Tensor, rng: inout some RandomNumberGenerator) {
        precondition(input.batch >= 2, "re-estimating batch-norm statistics needs at least 2 films")
        let batchNorms = layers.compactMap { $0 as? BatchNorm2D }
        for layer in batchNorms { layer.adoptsBatchStatistics = true }
        defer { for layer in batchNorms { layer.adoptsBatchStatistics = false } }
        _ = forward(input, training: true, rng: &rng)
    }
}
