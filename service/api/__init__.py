"""HTTP routers, one per resource. A router holds no logic: it calls a service function."""
