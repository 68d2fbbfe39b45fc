"""CĐS workbook: load locality figures and targets, compute rates and gaps, render reports."""

__version__ = "0.1.0"
