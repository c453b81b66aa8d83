"""stretchtui: a keyboard-first terminal coach for back stretches."""

__version__ = "0.1.0"
