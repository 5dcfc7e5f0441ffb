"""`marsad entities` (list, merge, split, log) and `marsad entity NAME` (one entity's record)."""

from __future__ import annotations

from typing import Any

import click

from marsad.cli.app import db_option, friendly_errors, json_option, main, open_store, print_json
from marsad.errors import MarsadError
from marsad.store import Store
from marsad.store import entities as db

TYPES = click.Choice(["PER", "ORG", "LOC", "MISC"], case_sensitive=False)


def lookup_one(store: Store, name: str) -> dict[str, Any]:
    """The one entity a user means by an id, name, Latin name or alias; errors when none or several."""
    from marsad.entities.names import name_key

    found = db.find_entities(store, name, key=name_key(name))
    if not found:
        raise MarsadError("E304", name=name)
    exact = [e for e in found if e["id"] == name]
    if exact:
        return exact[0]
    if len(found) > 1:
        raise MarsadError("E310", name=name, count=len(found), ids=", ".join(e["id"] for e in found[:5]))
    return found[0]


def entity_record(store: Store, entity_id: str) -> dict[str, Any]:
    """Everything about one entity: aliases, roles over time, documents, co-occurring entities."""
    entity = db.get_entity(store, entity_id)
    if entity is None:
        raise MarsadError("E304", name=entity_id)
    attrs = entity.pop("attrs")
    entity["subtype"] = attrs.get("subtype")
    entity["evidence"] = attrs.get("evidence", [])
    entity["aliases"] = db.aliases_of(store, entity_id)
    entity["roles"] = db.roles_of(store, entity_id)
    entity["documents_list"] = db.documents_of(store, entity_id)
    entity["cooccurring"] = db.cooccurring(store, entity_id)
    return with_latin(entity)


def _keys(store: Store, entity_id: str) -> list[str]:
    """The name keys of an entity, so a decision still finds it if its id ever moves."""
    entity = db.get_entity(store, entity_id)
    return entity["attrs"].get("keys", []) if entity else []


def with_latin(entity: dict[str, Any]) -> dict[str, Any]:
    """Fill the Latin name the pass leaves out for entities mentioned once."""
    if not entity.get("latin"):
        from marsad.entities.latin import latin_name

        entity["latin"] = latin_name(entity["name"], entity["type"], entity.get("subtype"))
    return entity


def _rerun(store: Store) -> dict[str, Any]:
    from marsad.corpus.resolve import resolve_entities

    return resolve_entities(store)


@main.group("entities", invoke_without_command=True)
@db_option
@json_option
@click.option("--type", "etype", type=TYPES, help="Only entities of this type.")
@click.option("--limit", default=50, show_default=True, help="How many entities, most mentioned first.")
@click.pass_context
@friendly_errors
def entities_group(ctx: click.Context, db_path: str, as_json: bool, etype: str | None, limit: int) -> None:
    """List entities with aliases, Latin name, roles and counts; review with merge / split."""
    if ctx.invoked_subcommand is not None:
        return
    with open_store(db_path) as store:
        rows = [with_latin(e) for e in db.list_entities(store, etype=etype.upper() if etype else None, limit=limit)]
    if as_json:
        print_json(rows)
        return
    for e in rows:
        click.echo(click.style(f"{e['name']}", bold=True) + f"  {e['latin'] or ''}  [{e['type']}"
                   + (f"/{e['subtype']}" if e["subtype"] else "") + f"]  {e['mentions']} mentions in "
                   f"{e['documents']} documents  id {e['id']}")
        others = [f"{a['alias']} ({a['count']})" for a in e["aliases"] if a["alias"] != e["name"]]
        if others:
            click.echo("    aliases: " + " · ".join(others[:8]))
        if e["roles"]:
            click.echo("    roles: " + " · ".join(_role_text(r) for r in e["roles"][:5]))


def _role_text(role: dict[str, Any]) -> str:
    dates = role["dates"]
    if not dates:
        return role["role"]
    span = dates[0][:4] if dates[0][:4] == dates[-1][:4] else f"{dates[0][:4]}–{dates[-1][:4]}"
    return f"{role['role']} ({span})"


@entities_group.command("merge")
@click.argument("first")
@click.argument("second")
@click.option("--reason", default=None, help="Why they are one actor (kept in the log).")
@db_option
@json_option
@friendly_errors
def merge_command(first: str, second: str, reason: str | None, db_path: str, as_json: bool) -> None:
    """Merge SECOND into FIRST (ids, names or aliases). Stored, logged, and replayed on every run."""
    with open_store(db_path) as store:
        a, b = lookup_one(store, first), lookup_one(store, second)
        if a["id"] == b["id"]:
            raise MarsadError("E311", entity_id=a["id"])
        if a["type"] != b["type"]:
            raise MarsadError("E312", type_a=a["type"], a=a["name"], type_b=b["type"], b=b["name"])
        decision = db.add_decision(store, "merge", {
            "keep": a["id"], "merge": b["id"], "names": [a["name"], b["name"]],
            "keep_keys": _keys(store, a["id"]), "merge_keys": _keys(store, b["id"])}, reason)
        counts = _rerun(store)
        result = {"decision": decision, "entity": a["id"], "name": a["name"], "merged": b["id"], **counts}
    if as_json:
        print_json(result)
    else:
        click.echo(f"Merged {b['name']} ({b['id']}) into {a['name']} ({a['id']}); decision {decision} logged.")


@entities_group.command("split")
@click.argument("entity")
@click.argument("aliases", nargs=-1, required=True)
@click.option("--reason", default=None, help="Why these aliases are another actor (kept in the log).")
@db_option
@json_option
@friendly_errors
def split_command(entity: str, aliases: tuple[str, ...], reason: str | None, db_path: str, as_json: bool) -> None:
    """Split the mentions written as ALIASES off ENTITY into an entity of their own."""
    from marsad.entities.names import name_key

    with open_store(db_path) as store:
        e = lookup_one(store, entity)
        own = {name_key(a["alias"]): a["count"] for a in db.aliases_of(store, e["id"])}
        wanted = [a for a in aliases if name_key(a) in own]
        if not wanted:
            raise MarsadError("E313", aliases=", ".join(aliases), entity_id=e["id"])
        if sum(own[name_key(a)] for a in set(wanted)) >= sum(own.values()):
            raise MarsadError("E314", aliases=", ".join(wanted), entity_id=e["id"])
        decision = db.add_decision(store, "split", {"entity": e["id"], "aliases": wanted, "name": e["name"],
                                                    "entity_keys": _keys(store, e["id"])}, reason)
        counts = _rerun(store)
        new = [x for x in db.find_entities(store, wanted[0]) if x["id"] != e["id"]]
        result = {"decision": decision, "entity": e["id"], "new_entity": new[0]["id"] if new else None, **counts}
    if as_json:
        print_json(result)
    else:
        click.echo(f"Split {', '.join(wanted)} off {e['name']} ({e['id']}) into {result['new_entity']};"
                   f" decision {decision} logged.")


@entities_group.command("log")
@db_option
@json_option
@friendly_errors
def log_command(db_path: str, as_json: bool) -> None:
    """The review decisions, oldest first, with time and reason."""
    with open_store(db_path) as store:
        rows = db.decisions(store)
    if as_json:
        print_json(rows)
        return
    for d in rows:
        click.echo(f"{d['id']}  {d['at']}  {d['action']}  {d['args']}  {d['reason'] or ''}")


@main.command("entity")
@click.argument("name")
@db_option
@json_option
@friendly_errors
def entity_command(name: str, db_path: str, as_json: bool) -> None:
    """One entity (id, name, Latin name or alias): aliases, roles over time, documents, companions."""
    from marsad.entities.names import name_key

    with open_store(db_path) as store:
        found = db.find_entities(store, name, key=name_key(name))
        if not found:
            raise MarsadError("E304", name=name)
        record = entity_record(store, found[0]["id"])
        record["also_matches"] = [{"id": e["id"], "name": e["name"], "type": e["type"]} for e in found[1:6]]
    if as_json:
        print_json(record)
        return
    click.echo(click.style(record["name"], bold=True) + f"  {record['latin'] or ''}  [{record['type']}"
               + (f"/{record['subtype']}" if record["subtype"] else "") + f"]  id {record['id']}")
    click.echo(f"{record['mentions']} mentions in {record['documents']} documents")
    click.echo("aliases: " + " · ".join(f"{a['alias']} ({a['count']})" for a in record["aliases"]))
    if record["roles"]:
        click.echo("roles over time:")
        for role in record["roles"]:
            click.echo(f"    {role['role']}: {', '.join(role['dates']) or 'undated'} ({role['documents']} documents)")
    click.echo("documents:")
    for doc in record["documents_list"][:20]:
        click.echo(f"    {doc['doc_id']}  {doc['date'] or '----------'}  {doc['title'] or ''}  ({doc['mentions']})")
    if record["cooccurring"]:
        click.echo("appears with: " + " · ".join(f"{c['name']} ({c['documents']})" for c in record["cooccurring"]))
    if record["also_matches"]:
        click.echo("also matches: " + ", ".join(f"{e['name']} ({e['id']})" for e in record["also_matches"]))
