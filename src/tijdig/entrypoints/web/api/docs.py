"""`/api/docs`: Swagger UI over `/api/openapi.json`, from our own static files (no CDN),
started by a script file (`static/swagger/init.js`) as the pages' policy allows no
inline script."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from tijdig.entrypoints.web.rendering import templates

OPENAPI_URL = "/api/openapi.json"
DOCS_URL = "/api/docs"

router = APIRouter(include_in_schema=False)


@router.get(DOCS_URL)
def api_docs(request: Request) -> Response:
    return templates.TemplateResponse(request, "api_docs.html", {"openapi_url": OPENAPI_URL})
