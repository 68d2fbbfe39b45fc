"""CĐS workbook: load locality figures and targets, compute rates and gaps, render reports."""

import sys

__version__ = "0.1.0"

# jsonschema (imported by nbformat) loads the optional `rfc3987_syntax` format checker if it is
# installed, and that package compiles ~40 grammars at import: 5–10 seconds for every process
# that touches a notebook. The workbook never validates IRIs, so it is kept from loading; any
# other process is unaffected.
sys.modules.setdefault("rfc3987_syntax", None)
