// Placeholder: the CellGrid module.
