"""Mistakes the SDK's types must catch, checked by `mypy --strict` and pyright in `make lint`.

Each line below is wrong, and carries the ignore comment of the error each checker must report
there. Both checkers are told to fail on an ignore that silences nothing (mypy's
warn_unused_ignores, part of --strict; pyright's reportUnnecessaryTypeIgnoreComment), so a mistake
that stops being an error fails the lint: each negative case is proved, not assumed.
"""

from __future__ import annotations

from gigs_devices import Gigs


def mistakes(gigs: Gigs) -> None:
    gigs.devices.list(limitt=5)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    gigs.devices.create(imei=356938035643809)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    gigs.devices.create(metadata=["crmId"])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    gigs.device_models.list(brand="Apple")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    gigs.device_models.list(type=["phone"])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]
    gigs.devices.retrieve()  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    gigs.devices.update("dev_1", imei="356938035643809")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    gigs.devices.list(timeout="soon")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    gigs.with_options(max_retry=5)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    gigs.with_options(timeout="5")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    gigs.with_options(max_retries="3")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
