"""Public datasets in data/datasets/: the names, and each one loaded and checked.

The model (every row with its source and year; the description with citation, link,
licence, notes and chart mapping) and its loader are in hrcourse/content/dataset.py.
"""

from __future__ import annotations

from hrcourse.content.dataset import Chart, Dataset, names
from hrcourse.content.dataset import load_dataset as load

__all__ = ["Chart", "Dataset", "load", "names"]
