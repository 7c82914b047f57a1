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


def ids_of(items):
    return [i["id"] for i in items or [] if isinstance(i, dict) and isinstance(i.get("id"), str)]


def pick_ids(names, ids):
    """A list as long as `names` (at most), of ids from `ids`, each once."""
    if not isinstance(names, list) or not ids:
        return []
    return list(dict.fromkeys(ids[i % len(ids)] for i in range(len(names))))


def fix_landscape(body):
    """Makes a dataset file's landscape name only records the file holds:
    partners' organisations, relations between two different initiatives
    (each once), and the agenda's and coalitions' ids; an activity ends
    no earlier than it starts."""
    body["organisations"] = unique_by_id(body.get("organisations"))
    orgs = ids_of(body.get("organisations"))
    initiatives = ids_of(body.get("initiatives"))
    for initiative in body.get("initiatives") or []:
        for partner in (initiative or {}).get("partners") or []:
            if isinstance(partner, dict) and partner.get("organisation") is not None:
                if orgs:
                    partner["organisation"] = orgs[0]
                else:
                    partner.pop("organisation")
    relations = body.get("relations")
    if isinstance(relations, list):
        kept, seen = [], set()
        for n, r in enumerate(relations):
            if not isinstance(r, dict) or len(initiatives) < 2:
                continue
            r["from"] = initiatives[n % len(initiatives)]
            r["to"] = initiatives[(n + 1) % len(initiatives)]
            key = (r["from"], r.get("kind"), r["to"])
            if key not in seen:
                seen.add(key)
                kept.append(r)
        body["relations"] = kept
    agenda = body.get("agenda")
    if isinstance(agenda, dict):
        agenda["goals"] = unique_by_id(agenda.get("goals"))
        agenda["activities"] = unique_by_id(agenda.get("activities"))
        goals = ids_of(agenda.get("goals"))
        for a in agenda.get("activities") or []:
            if not isinstance(a, dict):
                continue
            if a.get("goal") is not None:
                if goals:
                    a["goal"] = goals[0]
                else:
                    a.pop("goal")
            for key, ids in (("initiatives", initiatives), ("organisations", orgs)):
                if isinstance(a.get(key), list):
                    a[key] = pick_ids(a[key], ids)
            if isinstance(a.get("start"), str) and isinstance(a.get("end"), str) and a["end"] < a["start"]:
                a["start"], a["end"] = a["end"], a["start"]
    body["coalitions"] = unique_by_id(body.get("coalitions"))
    for c in body.get("coalitions") or []:
        if isinstance(c, dict):
            for key, ids in (("initiatives", initiatives), ("organisations", orgs)):
                if isinstance(c.get(key), list):
                    c[key] = pick_ids(c[key], ids)
    for key in ("organisations", "relations", "coalitions"):
        if body.get(key) is None:
            body.pop(key, None)


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
        fix_landscape(body)
        agenda = body.get("agenda")
        for a in (agenda.get("activities") or []) if isinstance(agenda, dict) else []:
            if isinstance(a, dict):
                for key in ("themes", "challenges"):
                    if isinstance(a.get(key), list):
                        a[key] = pick_ids(a[key], known[key])
    if method == "POST" and path.endswith("/merge") and isinstance(body.get("into"), str):
        kind = (case.path_parameters or {}).get("kind", "")
        ids = known["themes" if kind in ("theme", "thema") else "challenges"]
        this = (case.path_parameters or {}).get("id")
        others = [i for i in ids if i != this]
        if others:
            body["into"] = others[len(body["into"]) % len(others)]
    fix_chains(body, known)
