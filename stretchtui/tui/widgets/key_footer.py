"""Textual's Footer, rebuilt once per refresh, and only when what it shows changed."""

from __future__ import annotations

from typing import Any, NamedTuple

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """Textual's Footer rebuilds every key once for each change of the bindings, and a
    screen coming up changes them several times in one refresh (its mount, the first focus,
    its own dimmed keys): each rebuild mounts and styles all the keys again. This one
    queues one rebuild and lets the changes that arrive meanwhile join it. Moving the focus
    changes the bindings too, mostly ones the footer does not show, or only which keys are
    dimmed: then it keeps its keys, and dims or lights the ones that changed (a rebuild was
    a third of what a switch between two panes cost). So a screen whose `check_action`
    follows what is typed may call `refresh_bindings()` on every character: the footer
    rebuilds nothing unless a key it shows changed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rebuild_queued = False
        self._shown: _Shown | None = None
        """What the keys on show were built from (None: nothing built yet)."""

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._rebuild_queued:
            return  # the queued rebuild reads the bindings as they are by then
        super().bindings_changed(screen)
        self._rebuild_queued = self.is_attached and screen is self.screen and screen.app.app_focus

    def _keys(self) -> _Shown:
        """Everything Footer.compose reads, in its order."""
        app = self.app
        keys = tuple(
            _Key(binding.key, binding.action, binding.description, binding.group,
                 app.get_key_display(binding), tooltip, binding.tooltip, enabled)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
        )
        return _Shown((self.compact, self.show_command_palette, self.combine_groups), keys)

    async def recompose(self) -> None:
        self._rebuild_queued = False
        if not self.is_attached:
            return
        shown = self._keys()
        before, self._shown = self._shown, shown
        if shown == before:
            return
        if before is not None and shown.undimmed() == before.undimmed():
            self._dim(shown)
            return
        await super().recompose()

    def _dim(self, shown: _Shown) -> None:
        """Dim or light the keys whose state changed; the same keys stay."""
        enabled = {(key.key, key.action): key.enabled for key in shown.keys}
        for footer_key in self.query(FooterKey):
            on = enabled.get((footer_key.key, footer_key.action))
            if on is not None and footer_key.has_class("-disabled") == on:
                footer_key.set_class(not on, "-disabled")
                footer_key._disabled = not on  # what a click on it does (Textual is pinned)


class _Key(NamedTuple):
    """One binding as the footer shows it."""

    key: str
    action: str
    description: str
    group: object
    display: str
    tooltip: str
    binding_tooltip: str
    enabled: bool


class _Shown(NamedTuple):
    """The footer's settings and its keys."""

    settings: tuple[bool, bool, bool]
    keys: tuple[_Key, ...]

    def undimmed(self) -> _Shown:
        """What the footer shows, leaving out which keys are dimmed."""
        return self._replace(keys=tuple(key._replace(enabled=True) for key in self.keys))
