"""The PySide6 desktop interface: thin widgets over the core and services."""
