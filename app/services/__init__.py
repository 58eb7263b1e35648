"""Reading and writing one owner's data, given a session. No Reflex here: states call these."""
