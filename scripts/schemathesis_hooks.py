"""Schemathesis hooks for scripts/test-api.sh.

A schema says what an id looks like, not which ids are stored. A valid
session (or dataset file) that names a theme or challenge must name one
that exists, and ids in a file must be unique in their list; a merge
names another stored term. These hooks give the *valid* (positive)
requests that schemathesis generates such ids, read from the running
server. Requests generated to be invalid are left exactly as generated,
so that every check still sees them.
"""

import json
import os
import urllib.request

import schemathesis
from schemathesis.core.parameters import ParameterLocation

BASE = os.environ.get("UTI_API_BASE", "")
TOKEN = os.environ.get("UTI_API_TOKEN", "")


def stored_terms():
    """The ids of the stored themes and challenges."""
    request = urllib.request.Request(
        f"{BASE}/api/terms", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            lists = json.load(answer)
    except Exception:  # noqa: BLE001 - then no ids are known
        return {"themes": [], "challenges": []}
    return {
        key: [t["term"]["id"] for t in lists.get(key, [])]
        for key in ("themes", "challenges")
    }


def unique_by_id(items):
    """Keeps the first item of each id in a list of objects."""
    if not isinstance(items, list):
        return items
    seen, out = set(), []
    for item in items:
        key = item.get("id") if isinstance(item, dict) else None
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


def fix_chains(value, known):
    """Makes every chain in `value` name only known themes and challenges."""
    if isinstance(value, list):
        for item in value:
            fix_chains(item, known)
    elif isinstance(value, dict):
        if "level" in value and "interventions" in value:
            for key in ("themes", "challenges"):
                names = value.get(key)
                if isinstance(names, list):
                    ids = known[key]
                    value[key] = list(dict.fromkeys(ids[i % len(ids)] for i in range(len(names)))) if ids else []
        for item in value.values():
            fix_chains(item, known)


def positive(case):
    meta = case.meta
    if meta is None:
        return True
    return not any(
        meta.is_negative_at(location)
        for location in (ParameterLocation.BODY, ParameterLocation.PATH, ParameterLocation.QUERY)
    )


@schemathesis.hook
def before_call(context, case, kwargs):
    # Right before the request, so that the ids are those stored now
    # (an earlier request may have merged or deleted a term).
    fix(case)


def fix(case):
    if not positive(case) or not isinstance(case.body, dict):
        return
    body = case.body
    method, path = case.method.upper(), case.operation.path
    known = stored_terms()
    if method == "POST" and path == "/api/dataset":
        for key in ("themes", "challenges", "initiatives"):
            body[key] = unique_by_id(body.get(key))
        for key in ("themes", "challenges"):
            # A file's chains name the terms the file itself lists.
            known[key] = [t["id"] for t in body.get(key) or [] if isinstance(t, dict)]
    if method == "POST" and path.endswith("/merge") and isinstance(body.get("into"), str):
        kind = (case.path_parameters or {}).get("kind", "")
        ids = known["themes" if kind in ("theme", "thema") else "challenges"]
        this = (case.path_parameters or {}).get("id")
        others = [i for i in ids if i != this]
        if others:
            body["into"] = others[len(body["into"]) % len(others)]
    fix_chains(body, known)
