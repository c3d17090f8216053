"""The replay screen's widgets."""
