"""Validates JSON instances with python-jsonschema (Draft202012Validator),
as a Python vendor would. Usage: python3 jsonschema.py SCHEMA.json... <
jobs.json, where jobs.json is [{"schema": "<$id>", "file": "<instance
path>"}, ...]. Prints {"validator": "python-jsonschema <version>",
"results": [{"valid": true|false, "errors": ["<pointer>: <message>", ...]},
...]}, one result per job, in order.

Works with jsonschema 4.0 and later: with the referencing library (4.18 on)
when it is there, else with RefResolver (Debian's python3-jsonschema)."""

import json
import sys

from jsonschema import Draft202012Validator

schemas = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        s = json.load(f)
    Draft202012Validator.check_schema(s)
    schemas[s["$id"]] = s

try:
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    registry = Registry().with_resources(
        (uri, DRAFT202012.create_resource(s)) for uri, s in schemas.items()
    )

    def validator(uri):
        return Draft202012Validator(schemas[uri], registry=registry)

except ImportError:
    from jsonschema import RefResolver

    def validator(uri):
        resolver = RefResolver.from_schema(schemas[uri], store=schemas)
        return Draft202012Validator(schemas[uri], resolver=resolver)


def pointer(path):
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


results = []
for job in json.load(sys.stdin):
    try:
        with open(job["file"], encoding="utf-8") as f:
            instance = json.load(f)
    except ValueError as e:
        results.append({"valid": False, "errors": ["not JSON: %s" % e]})
        continue
    errors = [
        "%s: %s" % (pointer(e.absolute_path), e.message)
        for e in validator(job["schema"]).iter_errors(instance)
    ]
    results.append({"valid": not errors, "errors": errors})
try:
    from importlib.metadata import version

    validator = "python-jsonschema %s (Python %s)" % (version("jsonschema"), sys.version.split()[0])
except Exception:  # the version is for the log only
    validator = "python-jsonschema"
json.dump({"validator": validator, "results": results}, sys.stdout)
sys.stdout.write("\n")
