"""The monthly report: its figures from the database, and its json, xlsx and HTML forms."""
