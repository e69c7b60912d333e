"""Checks a `dotnet publish` folder of the function app against its source; prints one line and exits 1 on a problem.

Every [Function(...)] in the source must appear in functions.metadata with the trigger its parameters declare, and
nothing else may; each HTTP function must ship with the auth level its [HttpTrigger] declares (the same declaration the
served OpenAPI document is generated from), and an anonymous one may only read (GET).
"""
import json
import re
import sys
from pathlib import Path

FUNCTION = re.compile(r'\[Function\(\s*(?:nameof\(\s*(?P<nameof>[\w.]+)\s*\)|"(?P<literal>[^"]+)"|(?P<other>[^)\]]*))\s*\)\s*\]')
TRIGGER = re.compile(r'\[\s*(?:[\w.]+\.)?(?P<name>\w+?)Trigger(?:Attribute)?\s*[(\]]')
AUTH_LEVEL = re.compile(r'AuthorizationLevel\.(?P<level>\w+)')


def fail(message):
    print(f"publish check: {message}")
    sys.exit(1)


def source_functions(source_root):
    found = {}
    for path in sorted(source_root.rglob("*.cs")):
        if {"bin", "obj"} & set(path.relative_to(source_root).parts):
            continue
        text = path.read_text(encoding="utf-8")
        # Comments could hide or fake an attribute; drop them, keeping strings intact enough for names.
        text = re.sub(r"//[^\n]*", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S))
        matches = list(FUNCTION.finditer(text))
        for i, match in enumerate(matches):
            where = f"{path.relative_to(source_root)}:{text.count(chr(10), 0, match.start()) + 1}"
            if match["other"] is not None:
                fail(f"cannot read the function name in {where} ({match['other'].strip()}): use nameof(...) or a string literal")
            name = (match["nameof"] or "").split(".")[-1] or match["literal"]
            end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            trigger = TRIGGER.search(text, match.end(), end)
            if trigger is None:
                fail(f"no trigger attribute after [Function] in {where}")
            if name in found:
                fail(f"function name '{name}' is declared twice ({found[name][1]} and {where})")
            auth = AUTH_LEVEL.search(text, trigger.end(), end) if trigger["name"] == "Http" else None
            found[name] = (trigger["name"][0].lower() + trigger["name"][1:] + "Trigger", where, auth["level"] if auth else None)
    return found


def main(publish_dir, source_dir):
    publish, source = Path(publish_dir), Path(source_dir)
    for required in ("host.json", "worker.config.json", "functions.metadata"):
        if not (publish / required).is_file():
            fail(f"{required} is missing from the publish output")
    if (publish / "local.settings.json").exists():
        fail("local.settings.json is in the publish output: it holds local secrets and must not ship")
    if not (publish / ".azurefunctions").is_dir():
        fail(".azurefunctions (the worker's binding extensions) is missing from the publish output")

    host = json.loads((publish / "host.json").read_text())
    if host.get("version") != "2.0":
        fail(f"host.json version is {host.get('version')!r}, expected '2.0'")
    worker = json.loads((publish / "worker.config.json").read_text()).get("description", {})
    if worker.get("language") != "dotnet-isolated" or not (publish / worker.get("defaultWorkerPath", "?")).is_file():
        fail(f"worker.config.json does not name a dotnet-isolated worker present in the output: {worker}")

    metadata = json.loads((publish / "functions.metadata").read_text())
    published = {}
    for function in metadata:
        triggers = [b for b in function.get("bindings", []) if b.get("type", "").endswith("Trigger")]
        if len(triggers) != 1:
            fail(f"function '{function.get('name')}' has {len(triggers)} trigger bindings in functions.metadata")
        if not (publish / function.get("scriptFile", "?")).is_file():
            fail(f"function '{function['name']}' names scriptFile {function.get('scriptFile')!r}, not in the output")
        published[function["name"]] = triggers[0]

    declared = source_functions(source)
    if not declared:
        fail(f"no [Function] found under {source}")
    missing = sorted(set(declared) - set(published))
    extra = sorted(set(published) - set(declared))
    if missing:
        fail(f"functions.metadata lacks {', '.join(missing)} (declared in {declared[missing[0]][1]})")
    if extra:
        fail(f"functions.metadata lists {', '.join(extra)}, which no [Function] in {source} declares")
    for name, (trigger, where, auth) in declared.items():
        binding = published[name]
        if binding["type"].lower() != trigger.lower():
            fail(f"function '{name}' is a {binding['type']} in functions.metadata but {trigger} in {where}")
        if binding["type"] != "httpTrigger":
            continue
        shipped = binding.get("authLevel", "Function")
        if auth is None:
            fail(f"cannot read the AuthorizationLevel of '{name}' in {where}")
        if shipped.lower() != auth.lower():
            fail(f"HTTP function '{name}' ships as {shipped} in functions.metadata but {where} declares {auth}")
        # A browser opening the page, a probe and the document reader cannot send a function key; nothing that writes may skip it.
        methods = {m.lower() for m in binding.get("methods") or ["get"]}
        if shipped == "Anonymous" and methods != {"get"}:
            fail(f"HTTP function '{name}' is Anonymous and accepts {sorted(methods)}: only reads (GET) may skip the function key")

    kinds = {}
    for binding in published.values():
        kinds[binding["type"]] = kinds.get(binding["type"], 0) + 1
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    print(f"publish check: {len(published)} functions match the source ({summary}); host.json, worker.config.json present")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
