"""One question to the model about one article: the draft's context and choices in force.

The model client knows nothing of drafts or choices. The validators of a draft class find the
article's `DraftContext` through :data:`schemas.draft.current_context`, and a class bound to
an article's choices (:func:`schemas.choices.with_choices`) validates against the choices in
force (:func:`schemas.choices.choosing`); both are set here around the client's call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

from schemas.choices import ChoiceModel, choosing
from schemas.draft import DraftContext, current_context

if TYPE_CHECKING:
    from extract.llm.client import Filled, ModelClient


async def ask(
    client: ModelClient,
    model: type[BaseModel],
    messages: list[dict[str, str]],
    ctx: DraftContext,
    max_reasks: int,
) -> Filled:
    """Ask `client` to fill `model` for the article of `ctx`; validators' messages re-asked."""
    token = current_context.set(ctx)
    try:
        with choosing(model):
            return await client.fill(asked_class(model, client.mode), messages, max_reasks)
    finally:
        current_context.reset(token)


def asked_class(model: type[BaseModel], mode: str) -> type[BaseModel]:
    """The class the client is handed for `model`.

    A model with an article's choices bound is asked for with the model it binds, the choices
    in force: same schema, same validation, and its own class is never built. Tools mode is
    the exception: instructor keeps the tool schema per class there, so each set of choices
    needs its class.
    """
    if mode != "tools" and issubclass(model, ChoiceModel) and model.__choices__:
        return model.unbound()
    return model
