"""handoutkit: patient-education handouts from plain YAML to accessible, consistent PDF."""

__version__ = "0.1.0"
