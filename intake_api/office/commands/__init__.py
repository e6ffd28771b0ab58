"""The office's commands: ``flask --app intake_api complaints ...`` and ``office ...``."""
