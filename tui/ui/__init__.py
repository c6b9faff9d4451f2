"""The terminal UI: a thin Textual layer (app, screens, widgets, the command palette) over
the core's store. See docs/architecture.md."""
