"""Test-only helpers: reading a built site (site_audit) and listing its pages (pages)."""
