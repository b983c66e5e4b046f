"""Contains some shared types for properties"""

from collections.abc import Mapping
from typing import IO, Any, BinaryIO, Literal

import msgspec
from attrs import define


class Unset:
    """A property or argument left out (not the same as `None`, which is sent as JSON null)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


# One decoder per wire type, compiled on its first use rather than at import: the wire types of
# models that refer to one another are all defined only once every model module is imported.
_decoders: dict[Any, msgspec.json.Decoder[Any]] = {}


def decode_wire(wire_type: Any, data: bytes | str) -> Any:
    """`data` decoded into a model's wire form, checked against its schema; None when it holds a
    property the schema does not name (a newer server's), which only `from_dict` keeps."""
    decoder = _decoders.get(wire_type)
    if decoder is None:
        decoder = _decoders.setdefault(wire_type, msgspec.json.Decoder(wire_type))
    try:
        return decoder.decode(data)
    except msgspec.ValidationError as error:
        if str(error).startswith("Object contains unknown field"):
            return None
        raise


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Unset", "decode_wire"]
