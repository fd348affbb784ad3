"""Services: the only code that talks to the outside world (LanguageTool, keyring, X API, files)."""
