"""Union-find (disjoint sets) over any hashable, orderable items: the one used by entity resolution
and by the evidence report's groups of linked claims."""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T", int, str)


class UnionFind(Generic[T]):
    """Disjoint sets with path halving.  ``union`` keeps the smaller root (so with input indices the
    root of a group is its first member); an item never seen is its own set."""

    __slots__ = ("_parent",)

    def __init__(self) -> None:
        self._parent: dict[T, T] = {}

    def find(self, x: T) -> T:
        parent = self._parent
        p = parent.setdefault(x, x)
        while p != x:
            gp = parent[p]
            parent[x] = gp
            x, p = p, parent[p]
        return x

    def union(self, a: T, b: T) -> T:
        """Join the sets of ``a`` and ``b``; returns the root of the joined set."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        lo, hi = (ra, rb) if ra < rb else (rb, ra)
        self._parent[hi] = lo
        return lo

    def __contains__(self, x: object) -> bool:
        """Whether ``x`` was ever passed to ``find`` or ``union``."""
        return x in self._parent
