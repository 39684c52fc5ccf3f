"""Replays mediator/<revision> SMC sequences against a scripted SPMC (filled in once the mediator
vector format lands)."""
from __future__ import annotations


class ReplayError(Exception):
    """A recorded sequence is not well formed or not internally consistent."""


class Suite:
    def __init__(self, doc: dict):
        self.doc = doc

    def check_test(self, group: dict, test: dict) -> str:
        raise ReplayError('the mediator replay harness is not written yet')
