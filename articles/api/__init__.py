"""The read-only content API at /api/v1/: what readers may see, as JSON, with its OpenAPI schema (docs/api.md)."""
