// Placeholder: the Explain module.
