"""Mock endpoints for the mbs integration; route() answers (status, JSON value) or None (not ours)."""


def route(base, state, method, path, q, body):
    """The answer to an authenticated request this integration's endpoints serve, else None.

    base is the mock_darktrace module (its data: breach_facts, DEVICES, ...); state its State.
    """
    return None
