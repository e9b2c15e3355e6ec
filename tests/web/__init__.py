"""The web pages: forms, calendar, chart, access, and the browser tests (a package, so its conftest is its own)."""
