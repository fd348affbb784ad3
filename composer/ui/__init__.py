"""The PySide6 desktop interface: thin widgets over the core and services."""

from composer.ui.qt_compat import immortalize_singletons

# Before any Qt call: see qt_compat for the PySide6 6.12 / Python 3.11 refcount leak.
immortalize_singletons()
