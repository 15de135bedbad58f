"""The read-along web edition's parts: page text per language, HTML rendering, CSS and JS.

A helper package of the ``web`` format (``pipeline/formats/web.py``); its name starts with
"_" so the format registry does not import it as a format.
"""
