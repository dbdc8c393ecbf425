"""Pages anyone may open: the landing page, health check and (later) participant forms."""

from flask import Blueprint, jsonify, render_template

from .database import database_ok

bp = Blueprint("public", __name__)


@bp.get("/")
def index():
    return render_template("public/index.html")


@bp.get("/healthz")
def healthz():
    if database_ok():
        return jsonify(status="ok", database="ok")
    return jsonify(status="error", database="unreachable"), 503
