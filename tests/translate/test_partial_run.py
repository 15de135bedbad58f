"""A partial run keeps everything already translated: block by block, in store and memory."""

import polib
import pytest
from localhttp import Exchange, Reply
from translate.test_online import libre, libre_answer

from pipeline.errors import EngineError
from pipeline.parsing import parse_markdown
from pipeline.store import Store
from pipeline.translate.memory import TranslationMemory
from pipeline.translate.stage import Origin, translate_document

REPORT = "# Title\n\nFirst block.\n\nSecond block, which the service refuses.\n\nThird block.\n"


def test_blocks_before_a_failure_are_kept_and_not_asked_for_again(local_server, tmp_path):
    refusing = True

    def respond(exchange: Exchange) -> Reply:
        if refusing and "refuses" in exchange.query["q"]:
            return Reply(500, "down")
        return libre_answer(exchange)

    server = local_server(respond)
    document = parse_markdown(REPORT, "doc")
    store = Store(tmp_path / "store")
    po = tmp_path / "doc.es.po"
    memory = TranslationMemory.load(po, "es", "doc")
    with pytest.raises(EngineError, match="gave up after 2 tries"):
        try:
            translate_document(document, libre(server.url, attempts=2), store, memory=memory)
        finally:
            memory.save()  # as the build does
    asked_before = len(server.exchanges)

    refusing = False
    memory = TranslationMemory.load(po, "es", "doc")
    result = translate_document(document, libre(server.url), store, memory=memory)
    # Only the refused block and the one after it went to the service again.
    asked = [e.query["q"] for e in server.exchanges[asked_before:]]
    assert asked == ["Second block, which the service refuses.", "Third block."]
    assert result.count(Origin.MACHINE_CACHED) + result.count(Origin.UNREVIEWED) == 2
    memory.save()
    assert len(polib.pofile(str(po))) == 4
