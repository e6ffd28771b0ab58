"""The durable queue: the append-only complaint journal, its files and the receipt numbers."""
