"""`/api/docs`: Swagger UI over `/api/openapi.json`, from our own static files (no CDN)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

OPENAPI_URL = "/api/openapi.json"
DOCS_URL = "/api/docs"

router = APIRouter(include_in_schema=False)


@router.get(DOCS_URL, response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=OPENAPI_URL,
        title="Tijdig API",
        swagger_js_url=str(request.url_for("static", path="swagger/swagger-ui-bundle.js").path),
        swagger_css_url=str(request.url_for("static", path="swagger/swagger-ui.css").path),
        swagger_favicon_url="data:,",  # none: the default would load one from fastapi.tiangolo.com
        swagger_ui_parameters={"persistAuthorization": False},
    )
