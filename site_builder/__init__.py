"""Turn a labour office's joint-reception notice (``content/``) into a static site."""
