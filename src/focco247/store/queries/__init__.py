"""Every select of the application, one module per noun: services call these functions with
their session and keep only the use case."""
