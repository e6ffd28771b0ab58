"""The two screens the console must work on: a Windows office PC and a phone."""

SCREENS = {"windows": (1366, 768), "phone": (360, 740)}
