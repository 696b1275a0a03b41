"""Helpers for the tests and benchmarks: a real browser, a class hub, fake submissions
and a synthetic class. Development only: the course package never imports them."""
