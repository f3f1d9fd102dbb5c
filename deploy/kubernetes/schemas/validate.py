#!/usr/bin/env python3
"""Validates rendered Kubernetes objects offline against the schemas vendored beside this file (SOURCES.md).

Reads YAML documents (as `kubectl kustomize` prints them) on stdin. Strict, like the API server's strict field
validation: an object field no schema names is an error, except under x-kubernetes-preserve-unknown-fields.
Custom resources are checked whole; Deployments' pod templates and Jobs' specs against Kubernetes' own types.
Prints an error line per problem and one summary line; exits 1 on any error. Needs python3-yaml, python3-jsonschema.
"""
import json
import os
import sys

import yaml
from jsonschema import Draft7Validator

HERE = os.path.dirname(os.path.abspath(__file__))

WHOLE = {
    ("keda.sh/v1alpha1", "ScaledObject"): "scaledobject-keda-v1alpha1.json",
    ("keda.sh/v1alpha1", "TriggerAuthentication"): "triggerauthentication-keda-v1alpha1.json",
    ("postgresql.cnpg.io/v1", "Cluster"): "cluster-postgresql-v1.json",
    ("postgresql.cnpg.io/v1", "Pooler"): "pooler-postgresql-v1.json",
    ("postgresql.cnpg.io/v1", "ScheduledBackup"): "scheduledbackup-postgresql-v1.json",
    ("external-secrets.io/v1", "ExternalSecret"): "externalsecret-external-secrets-v1.json",
}
# (apiVersion, kind) -> (path inside the object, schema)
PARTS = {
    ("apps/v1", "Deployment"): (["spec", "template"], "podtemplatespec-from-cnpg-pooler-v1.json"),
    ("batch/v1", "Job"): (["spec"], "jobspec-from-keda-scaledjob-v1alpha1.json"),
}
# Core kinds without a vendored schema (see SOURCES.md): listed, not failed.
NOT_COVERED = {("v1", "Service"), ("v1", "ConfigMap"), ("v1", "Namespace"), ("networking.k8s.io/v1", "Ingress"),
               ("networking.k8s.io/v1", "NetworkPolicy"), ("policy/v1", "PodDisruptionBudget")}


def strict(schema):
    """Closes every object schema that names its properties, as structural CRD pruning would drop the rest."""
    if isinstance(schema, dict):
        if (schema.get("type") == "object" and isinstance(schema.get("properties"), dict)
                and "additionalProperties" not in schema and not schema.get("x-kubernetes-preserve-unknown-fields")):
            schema["additionalProperties"] = False
        for value in schema.values():
            strict(value)
    elif isinstance(schema, list):
        for value in schema:
            strict(value)
    return schema


_cache = {}


def validator(name):
    if name not in _cache:
        with open(os.path.join(HERE, name)) as f:
            _cache[name] = Draft7Validator(strict(json.load(f)))
    return _cache[name]


def main():
    errors, checked, uncovered = [], 0, set()
    for doc in yaml.safe_load_all(sys.stdin):
        if not doc:
            continue
        key = (doc.get("apiVersion"), doc.get("kind"))
        name = f"{key[1]} {doc.get('metadata', {}).get('name')}"
        if key in WHOLE:
            target, schema = doc, WHOLE[key]
        elif key in PARTS:
            path, schema = PARTS[key]
            target = doc
            for step in path:
                target = target.get(step, {})
        elif key in NOT_COVERED:
            uncovered.add(f"{key[0]} {key[1]}")
            continue
        else:
            errors.append(f"{name}: no schema for {key[0]} {key[1]} (not a served version the vendored CRDs know)")
            continue
        checked += 1
        for error in sorted(validator(schema).iter_errors(target), key=lambda e: list(e.absolute_path)):
            where = ".".join(str(p) for p in error.absolute_path) or "(root)"
            errors.append(f"{name}: {where}: {error.message}")
    for line in errors:
        print("error: " + line)
    print(f"{checked} objects validated, {len(errors)} errors; without a vendored schema: {', '.join(sorted(uncovered)) or 'none'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
