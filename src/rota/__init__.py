"""rota: workforce and rota safety planning for care homes."""

__version__ = "0.1.0"
