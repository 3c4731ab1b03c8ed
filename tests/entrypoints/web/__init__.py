"""Tests of the web entry point: the API and pages through TestClient, and a real browser."""
