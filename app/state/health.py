"""A harmless no-op event for load benchmarks: it touches nothing but its own counter."""

import reflex as rx


class HealthState(rx.State):
    """Its one handler changes one small var, so every ping comes back with a (tiny) delta.

    Not a PageState: it shows no page and needs no owner, session or clock, and the benchmarks
    (bench/) address it by its place right under the root state.
    """

    pongs: int = 0

    @rx.event
    def ping(self) -> None:
        self.pongs += 1
