"""One router per resource; each stays thin over the services."""
