"""The Textual UI: the app, its controllers, screens and widgets (one per file, each with its
styles). The only layer that draws."""
