"""The reference design's receiver, as the design writes it, for the ingest
benchmark's baseline: Flask + psycopg, signature check, one connection and
one commit per request. /events/deploy follows the same style for CI deploy
events (the design posts them but does not show that handler)."""
import hashlib
import hmac
import json
import os
from datetime import datetime, timezone

import psycopg
from flask import Flask, abort, request

app = Flask(__name__)
SECRET = os.environ["GH_WEBHOOK_SECRET"].encode()
TOKEN = os.environ["METRICS_TOKEN"]


def verify(req) -> bool:
    sig = req.headers.get("X-Hub-Signature-256", "")
    mac = hmac.new(SECRET, req.get_data(), hashlib.sha256)
    expected = "sha256=" + mac.hexdigest()
    return hmac.compare_digest(expected, sig)


@app.post("/hooks/github")
def github():
    if not verify(request):
        abort(401)
    if request.headers.get("X-GitHub-Event") != "push":
        return "", 204
    e = request.json
    if e.get("ref") != f"refs/heads/{e['repository']['default_branch']}":
        return "", 204
    commits = e.get("commits", [])
    if not commits:
        return "", 204
    first_ts = min(c["timestamp"] for c in commits)
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        conn.execute(
            """INSERT INTO delivery_events
               (event_type, service, commit_sha, first_commit_ts,
                occurred_at, source, payload)
               VALUES ('change', %s, %s, %s, %s, 'github', %s)""",
            (e["repository"]["name"], e["after"], first_ts,
             datetime.now(timezone.utc), json.dumps(e)),
        )
    return "", 202


@app.post("/events/deploy")
def deploy():
    if not hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {TOKEN}"):
        abort(401)
    e = request.json
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        conn.execute(
            """INSERT INTO delivery_events
               (event_type, service, team, environment, commit_sha, first_commit_ts,
                occurred_at, success, is_rollback, source, payload)
               VALUES ('deploy', %s, %s, %s, %s, %s, %s, %s, %s, 'ci', %s)""",
            (e["service"], e.get("team"), e["environment"], e.get("commit_sha"),
             e.get("first_commit_ts"), e["occurred_at"], e["success"],
             e.get("is_rollback", False), json.dumps(e)),
        )
    return "", 202
