"""The public side: the complaint form, the JSON API and their shared rules (no office code)."""
