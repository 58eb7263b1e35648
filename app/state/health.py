"""A harmless no-op event for load benchmarks: it touches nothing but its own counter."""

import reflex as rx


class HealthState(rx.State):
    """Its one handler changes one small var, so every ping comes back with a (tiny) delta."""

    pongs: int = 0

    @rx.event
    def ping(self) -> None:
        self.pongs += 1
