"""Test-only helpers: reading a built site (site_audit), listing its pages (pages), and the
originality check (originality)."""
