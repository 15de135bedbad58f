"""Published formats, one module each; every module here registers its format on import.

See STRUCTURE.md ("Add a format") for the recipe.
"""
