"""What the page routes share: the signed-in user (or a redirect to 登录) and form fields."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from jixiao.api.deps import OptionalActor
from jixiao.service import Actor, Unauthorized


async def page_actor(actor: OptionalActor) -> Actor:
    """The signed-in user; a page opened without one goes to 登录 (see ``errors``)."""
    if actor is None:
        raise Unauthorized("请先登录")
    return actor


PageActor = Annotated[Actor, Depends(page_actor)]


def safe_next(target: str | None) -> str:
    """A local address to go to after signing in (never another site)."""
    t = (target or "").strip()
    if not t.startswith("/") or t.startswith("//") or "\\" in t or "\n" in t or "\r" in t:
        return "/"
    return t
