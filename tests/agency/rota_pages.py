"""What the tests of the rota set-up page post as the page would."""

from __future__ import annotations

import re
from typing import Any


def seen_workers(client: Any, url: str) -> str:
    """The rota workers' versions the set-up page carries in its forms (``workers-seen``)."""
    page = client.get(url).content.decode()
    found = re.search(r'name="workers-seen" value="([^"]*)"', page)
    assert found is not None
    return found.group(1)
