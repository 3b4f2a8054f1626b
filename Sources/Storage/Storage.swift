// Placeholder: the Storage module.
