"""Thin ipywidgets layers over hrcourse.logic; each saves what the learner does."""
