// Placeholder: the ReviewCore module.
