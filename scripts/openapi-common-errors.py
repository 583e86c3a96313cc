"""Adds the server-level error responses (400, 405, 408, 413, 417, 431, 501, 505) to every
operation of docs/openapi.json that lacks them. Run after adding endpoints: python3 scripts/openapi-common-errors.py"""
import json
import pathlib

path = pathlib.Path(__file__).resolve().parent.parent / "docs" / "openapi.json"
spec = json.loads(path.read_text())
common = {
    "400": "BadRequest", "405": "MethodNotAllowed", "408": "Timeout", "413": "PayloadTooLarge",
    "417": "ExpectationFailed", "431": "HeadersTooLarge", "501": "NotImplemented", "505": "VersionNotSupported",
}
for operations in spec["paths"].values():
    for operation in operations.values():
        if isinstance(operation, dict) and "responses" in operation:
            for code, name in common.items():
                operation["responses"].setdefault(code, {"$ref": f"#/components/responses/{name}"})
path.write_text(json.dumps(spec, indent=2) + "\n")
