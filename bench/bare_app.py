"""The HTTP benchmark's baseline: bare FastAPI endpoints on the API's paths, no database.

``uvicorn --factory bench.bare_app:from_environment`` serves the two routes the load
benchmark calls. Each is a plain ``def`` endpoint (run in the thread pool, as the API's
routes are) that parses the JSON body, if any, and answers a JSON document recorded
from the real API in the same run (file named by ``JZ_BENCH_BARE_DOCUMENTS``), so both
servers read and write the same number of bytes: no authentication, no validation, no
storage.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any
from uuid import UUID

from fastapi import Body, FastAPI

DOCUMENTS_VARIABLE = "JZ_BENCH_BARE_DOCUMENTS"


def create_app(step_answer: dict[str, Any], case_document: dict[str, Any]) -> FastAPI:
    """The bare app answering ``step_answer`` to a step and ``case_document`` to a read."""
    app = FastAPI(title="bare baseline")

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/cases/{case_id}/steps", status_code=201)
    def record_step(case_id: UUID, body: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
        del case_id, body  # parsed, as the API parses them, and not used
        return step_answer

    @app.get("/v1/cases/{case_id}")
    def get_case(case_id: UUID) -> dict[str, Any]:
        del case_id
        return case_document

    return app


def from_environment() -> FastAPI:
    """The bare app over the documents in the file ``$JZ_BENCH_BARE_DOCUMENTS`` names."""
    path = os.environ.get(DOCUMENTS_VARIABLE)
    if not path:
        raise RuntimeError(f"{DOCUMENTS_VARIABLE} must name the documents file")
    documents = json.loads(Path(path).read_text(encoding="utf-8"))
    return create_app(documents["step_answer"], documents["case_document"])
