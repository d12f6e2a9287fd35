"""prolo: an offline reference to regenerative injection therapies."""

__version__ = "0.1.0"
