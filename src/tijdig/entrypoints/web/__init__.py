"""The web entry point: FastAPI app, JSON API (api/), server-rendered pages (ui/).

Thin wrappers over the services: parse the request, call a service, present the
result. HTTP status codes are decided in one place, `errors.py`.
"""
