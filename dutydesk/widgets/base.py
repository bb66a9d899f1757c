"""Typed access to the running DutyDeskApp from any screen or widget."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from dutydesk.app import DutyDeskApp


def duty(node: DOMNode) -> DutyDeskApp:
    return cast("DutyDeskApp", node.app)
