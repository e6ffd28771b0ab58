"""The office's side: casework database, staff console, ledger, report, export and backups."""
