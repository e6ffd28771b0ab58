"""Backups of the casework database and the queue: make, verify, restore."""
