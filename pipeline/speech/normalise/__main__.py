"""Show what the voice will be given, rule by rule.

python -m pipeline.speech.normalise LANGUAGE "TEXT" [LEXICON_DIR (default: source)]
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.speech.normalise.chain import explain, rules_for
from pipeline.speech.normalise.lexicon import load_lexicon


def main(argv: list[str]) -> int:
    """Print the trace of ``argv``'s text through its language's chain; return the exit code."""
    if len(argv) not in (2, 3):
        sys.stderr.write(
            'usage: python -m pipeline.speech.normalise en|es "text" [lexicon folder]\n'
        )
        return 1
    language, text = argv[0], argv[1]
    folder = Path(argv[2]) if len(argv) == 3 else Path("source")
    try:
        lexicon = load_lexicon(language, folder)
        sys.stdout.write("\n".join(explain(rules_for(language), text, lexicon)) + "\n")
    except ConfigError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
