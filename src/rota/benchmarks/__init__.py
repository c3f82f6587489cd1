"""Standard research benchmarks, read into the product's own scenario model and solved by its own rules."""
