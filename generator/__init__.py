"""Briefing: a static briefing-site generator (load → validate → index → render)."""

__version__ = "0.1.0"
