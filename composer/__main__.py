"""``python -m composer``: the same entry point as ``brand-composer``."""

from composer.cli import main

raise SystemExit(main())
