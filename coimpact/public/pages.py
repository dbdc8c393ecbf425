"""The landing page and the health check."""

from flask import jsonify, render_template

from coimpact.database import database_ok
from coimpact.public.blueprint import bp


@bp.get("/")
def index():
    return render_template("public/index.html")


@bp.get("/healthz")
def healthz():
    if database_ok():
        return jsonify(status="ok", database="ok")
    return jsonify(status="error", database="unreachable"), 503
