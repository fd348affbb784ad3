"""Brand Voice Composer: draft, check, review and schedule brand tweets."""

import logging

__version__ = "0.1.0"
APP_ID = "io.github.brandvoicecomposer.BrandVoiceComposer"
APP_NAME = "Brand Voice Composer"

# A library does not print log records on its own; the app and the CLI decide where they go.
logging.getLogger(__name__).addHandler(logging.NullHandler())
