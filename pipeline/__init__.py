"""pipeline: a Markdown report in, a Spanish edition and narrated audiobooks out."""

__version__ = "0.1.0"
