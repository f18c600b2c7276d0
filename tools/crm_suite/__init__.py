"""The tooling behind ``python3 tools/suite.py``, one concern per module."""
