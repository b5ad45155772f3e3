"""The requester's page: a small ASGI app over the same store as the commands."""
