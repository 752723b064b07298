"""A synthetic corpus in the seeds format (invented names), to test and measure at scale."""

from .corpus import synth

__all__ = ["synth"]
