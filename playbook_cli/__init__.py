"""The Handoff-Free Playbook: readiness checklists for teams that stop handing off."""

__version__ = "0.1.0"
