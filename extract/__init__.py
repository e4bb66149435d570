"""kaocha: extract inter-regional delegation visits (学习考察) from Chinese news."""

__version__ = "0.1.0"
