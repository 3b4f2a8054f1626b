// Placeholder: the NeuralNet module (see ../shared/docs/architecture.md).
