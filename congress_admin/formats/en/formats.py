# English interface for Vietnamese users: dates stay day-first, as on every party document;
# only the number separators change.
from congress_admin.formats.vi.formats import *  # noqa: F403  (the same date formats)

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
