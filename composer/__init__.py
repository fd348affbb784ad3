"""Brand Voice Composer: draft, check, review and schedule brand tweets."""

__version__ = "0.1.0"
APP_ID = "io.github.brandvoicecomposer.BrandVoiceComposer"
APP_NAME = "Brand Voice Composer"
