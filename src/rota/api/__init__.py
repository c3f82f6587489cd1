"""The HTTP API: thin FastAPI routers, one per resource, over the use cases in `rota.services`."""
