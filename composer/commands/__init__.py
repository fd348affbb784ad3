"""CLI sub-commands, one module per area; ``composer.cli`` wires them together."""
