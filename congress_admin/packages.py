"""The application's own packages, in the order of the layers (docs/architecture.md): the one
list that the settings, the rule index, the scoping test and the size benchmark read. A plain
module (no Django import), so scripts can read it before Django is set up."""

# The Django apps of the domain, lowest layer first (reports on top).
DOMAIN_APPS = (
    "audit",
    "organizations",
    "congresses",
    "documents",
    "personnel",
    "recognition",
    "delegates",
    "congress_day",
    "reports",
)
# Every package of application code: `core` (no models, not an app), the apps and the project
# package that wires them.
CODE_PACKAGES = ("core", *DOMAIN_APPS, "congress_admin")
