"""Name the Streamlit messages (``ForwardMsg``) that reach the browser, to see what costs bytes."""

from __future__ import annotations

from google.protobuf.message import DecodeError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

__all__ = ["describe_message"]


def describe_message(data: bytes) -> str:
    """Return the kind of the ``ForwardMsg`` in ``data``.

    ``"element:<type>"`` for a new element (``element:bidi_component``,
    ``element:iframe``, ...), ``"delta:<type>"`` for another delta, the message type
    otherwise (``script_finished``, ``ref_hash``: a message the browser already had,
    sent as its hash), or ``"undecodable"``.

    Examples
    --------
    >>> message = ForwardMsg()
    >>> message.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    >>> describe_message(message.SerializeToString())
    'script_finished'
    >>> describe_message(b"not a message")
    'undecodable'
    """
    message = ForwardMsg()
    try:
        message.ParseFromString(data)
    except DecodeError:
        return "undecodable"
    kind = message.WhichOneof("type")
    if kind == "delta":
        delta_kind = message.delta.WhichOneof("type")
        if delta_kind == "new_element":
            return f"element:{message.delta.new_element.WhichOneof('type')}"
        return f"delta:{delta_kind}"
    return kind or "empty"
