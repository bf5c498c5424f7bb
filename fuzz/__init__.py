"""Fuzzing: the targets (``harness``) and the atheris runner (``run``, ``make fuzz``)."""
