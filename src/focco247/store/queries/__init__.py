"""Every select of the store, one module per noun."""
