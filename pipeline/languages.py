"""The languages the pipeline reads and writes: one list, used everywhere."""

LANGUAGES = ("en", "es")
SOURCE_LANGUAGE = "en"
