"""Suite-wide settings: on CI, hypothesis runs a fixed, reproducible set of examples."""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True, database=None)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")
