"""Turn an office's own notice (.txt, .md, .docx, text .pdf) into draft ``content/``."""
