"""The bottom layer: what every app shares and nothing in the project is imported by.

Path helpers (`paths`), text normalisation (`text`), the form toolkit (`forms`), the audit
writer (`audit`) and the compare-and-set edit helper (`editing`). `core` is a plain package,
not a Django app: it has no models, templates or migrations, and imports nothing from the
project's apps (docs/architecture.md, "Layers"; enforced by import-linter).
"""
