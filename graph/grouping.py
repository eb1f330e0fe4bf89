"""Items grouped by a key, in the order the items came: the one spelling of that loop.

Listings, fans of parallel edges and grouped quotes all keep first-seen order, so the
same data always gives the same groups in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

__all__ = ["group_by"]

Item = TypeVar("Item")
Key = TypeVar("Key", bound=Hashable)


def group_by(items: Iterable[Item], key: Callable[[Item], Key]) -> dict[Key, list[Item]]:
    """``items`` as lists under their ``key``; keys and lists both in first-seen order.

    Examples
    --------
    >>> group_by(["apple", "bean", "avocado"], key=lambda word: word[0])
    {'a': ['apple', 'avocado'], 'b': ['bean']}
    """
    groups: dict[Key, list[Item]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups
