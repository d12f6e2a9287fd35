"""prolo: an offline reference to regenerative injection therapies."""

__version__ = "0.2.0"
