"""dutydesk: a keyboard-only console for a multi-agency safeguarding duty team."""

__version__ = "0.1.0"
